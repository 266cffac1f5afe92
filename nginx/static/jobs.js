/*
 * jobs.js: the progress bar of a ZIP download job (批量下载).  No inline
 * script: the CSP allows scripts from 'self' only.
 *
 * <section data-job-state="/certs/jobs/ID/state"> (a job still queued or
 * running) holds a <progress>,
 * [data-job-percent], [data-job-label], [data-job-count] and a hidden
 * [data-job-done] with the download link.  The state is polled every
 * second until the job is done (the link is shown), failed or expired
 * (the page is reloaded for the reason).
 */
(function () {
	'use strict';

	function watch(box) {
		var url = box.getAttribute('data-job-state');
		var bar = box.querySelector('progress');
		var pct = box.querySelector('[data-job-percent]');
		var label = box.querySelector('[data-job-label]');
		var count = box.querySelector('[data-job-count]');
		var done = box.querySelector('[data-job-done]');

		function show(s) {
			bar.value = s.percent;
			bar.textContent = s.percent + '%';
			pct.textContent = s.percent + '%';
			label.textContent = s.label;
			label.className = 'tag job-' + s.state;
			count.textContent = '已完成 ' + s.done + ' / ' + s.total + ' 份';
		}
		function poll() {
			fetch(url, { credentials: 'same-origin', cache: 'no-store' })
			    .then(function (r) {
				if (!r.ok)
					throw new Error(r.status);
				return r.json();
			    }).then(function (s) {
				show(s);
				if (s.state === 'done')
					done.hidden = false;
				else if (s.state === 'failed' || s.state === 'expired')
					window.location.reload();
				else
					setTimeout(poll, 1000);
			    }).catch(function () { setTimeout(poll, 3000); });
		}
		poll();
	}

	document.querySelectorAll('[data-job-state]').forEach(watch);
})();
