/*
 * sign.js: the handwritten-signature pad (phone and 在本机签字) and the
 * desktop page that waits for the phone.  No inline script: the CSP
 * allows scripts from 'self' only.
 *
 * Pad: <form data-sign-pad> holding <canvas>, <input type=hidden
 * name=sig>, a [data-clear] button and a submit button.  The drawing is
 * sent as base64 PNG in "sig"; an empty pad is not sent.
 *
 * Waiting page: <div data-sign-wait="/certs/sign/ID/state"
 * data-next="/certs/sign/ID"> polls the state every second and opens
 * the result page as soon as the request is no longer open.
 */
(function () {
	'use strict';

	function pad(form) {
		var canvas = form.querySelector('canvas');
		var input = form.querySelector('input[name="sig"]');
		var msg = form.querySelector('[data-sign-msg]');
		var ctx = canvas.getContext('2d');
		var drawing = false, strokes = 0, last = null;

		function size() {
			var r = canvas.getBoundingClientRect();
			/* At most 2000 px a side: the server's PNG check. */
			var ratio = Math.min(window.devicePixelRatio || 1, 2,
			    2000 / Math.max(r.width, 1), 2000 / Math.max(r.height, 1));
			canvas.width = Math.round(r.width * ratio);
			canvas.height = Math.round(r.height * ratio);
			ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
			ctx.fillStyle = '#fff';
			ctx.fillRect(0, 0, r.width, r.height);
			ctx.lineWidth = 2.6;
			ctx.lineCap = 'round';
			ctx.lineJoin = 'round';
			ctx.strokeStyle = '#111';
			strokes = 0;
		}
		function at(e) {
			var r = canvas.getBoundingClientRect();
			return { x: e.clientX - r.left, y: e.clientY - r.top };
		}
		canvas.addEventListener('pointerdown', function (e) {
			e.preventDefault();
			canvas.setPointerCapture(e.pointerId);
			drawing = true;
			last = at(e);
			ctx.beginPath();
			ctx.arc(last.x, last.y, 1.2, 0, 2 * Math.PI);
			ctx.fillStyle = '#111';
			ctx.fill();
		});
		canvas.addEventListener('pointermove', function (e) {
			if (!drawing)
				return;
			e.preventDefault();
			var p = at(e);
			ctx.beginPath();
			ctx.moveTo(last.x, last.y);
			ctx.lineTo(p.x, p.y);
			ctx.stroke();
			last = p;
			strokes++;
		});
		function up() { drawing = false; }
		canvas.addEventListener('pointerup', up);
		canvas.addEventListener('pointercancel', up);
		form.querySelector('[data-clear]').addEventListener('click',
		    function () { size(); if (msg) msg.textContent = ''; });
		form.addEventListener('submit', function (e) {
			if (strokes < 3) {
				e.preventDefault();
				if (msg)
					msg.textContent = '请先在框内手写签名';
				return;
			}
			input.value = canvas.toDataURL('image/png')
			    .replace(/^data:image\/png;base64,/, '');
			var b = form.querySelector('button[type="submit"]');
			if (b) {
				b.disabled = true;
				b.textContent = '正在提交…';
			}
		});
		size();
	}

	function wait(el) {
		var url = el.getAttribute('data-sign-wait');
		var next = el.getAttribute('data-next');
		var left = el.querySelector('[data-left]');
		var deadline = Date.now() +
		    1000 * parseInt(el.getAttribute('data-seconds') || '600', 10);
		function tick() {
			var s = Math.max(0, Math.round((deadline - Date.now()) / 1000));
			if (left)
				left.textContent = Math.floor(s / 60) + ' 分 ' +
				    (s % 60) + ' 秒';
			fetch(url, { credentials: 'same-origin',
			    headers: { 'Accept': 'application/json' } })
			    .then(function (r) { return r.ok ? r.json() : null; })
			    .then(function (j) {
				if (j && j.state && j.state !== 'open')
					window.location.assign(next);
				else
					setTimeout(tick, 1000);
			    })
			    .catch(function () { setTimeout(tick, 2000); });
		}
		setTimeout(tick, 1000);
	}

	document.querySelectorAll('form[data-sign-pad]').forEach(pad);
	document.querySelectorAll('[data-sign-wait]').forEach(wait);

	/* 全选 on list pages: <input type=checkbox data-select-all>. */
	document.querySelectorAll('input[data-select-all]').forEach(function (all) {
		all.addEventListener('change', function () {
			var form = all.form || document;
			form.querySelectorAll('input[type="checkbox"][name="id"]')
			    .forEach(function (c) { c.checked = all.checked; });
		});
	});
})();
