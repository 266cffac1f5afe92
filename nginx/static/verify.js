// verify.js: 换一张 on the public lookup: a new CAPTCHA without leaving
// the page (without JavaScript the link reloads the form, which draws a
// new one too).
(function () {
	var a = document.getElementById('captcha-new');
	var img = document.getElementById('captcha-img');
	if (!a || !img)
		return;
	a.addEventListener('click', function (e) {
		e.preventDefault();
		img.src = '/verify/captcha.png?' + Date.now();
	});
})();
