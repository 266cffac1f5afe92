// print.js: the print view's button (inline scripts are not allowed).
document.getElementById('printnow').addEventListener('click', function () {
	window.print();
});
