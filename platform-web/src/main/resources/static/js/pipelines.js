// The pipeline pages. A pipeline's page: choosing another version in the start form shows
// that version's page (its parameters). A run's page: each attempt's log viewer reads the
// log from a byte offset and, while the attempt runs, follows it; while the run has not
// ended, the page polls the run's status and, when anything changed, swaps in the new
// header, graph, steps table and history and adds new attempts, so an open log viewer keeps
// its text and position.
(() => {
	'use strict';

	const LOG_POLL_MILLIS = 1500;
	const STATUS_POLL_MILLIS = 2000;
	const JSON_HEADERS = { headers: { Accept: 'application/json' }, credentials: 'same-origin' };

	document.addEventListener('change', (event) => {
		const select = event.target.closest('select[data-navigate]');
		if (select) {
			window.location.href = select.dataset.href + '?version=' + encodeURIComponent(select.value) + '#start-run';
		}
	});

	/** One stream of one attempt: reads from its offset, appends, and follows while live. */
	class Stream {
		constructor(viewer, pre) {
			this.viewer = viewer;
			this.pre = pre;
			this.name = pre.dataset.stream;
			this.offset = 0;
			this.complete = false;
			this.timer = null;
			this.busy = false;
		}

		schedule(millis) {
			if (this.timer === null && !this.complete) {
				this.timer = window.setTimeout(() => {
					this.timer = null;
					this.read();
				}, millis);
			}
		}

		read() {
			if (this.busy || this.complete || !this.viewer.details.open) {
				return;
			}
			this.busy = true;
			const url = this.viewer.url + '?stream=' + this.name + '&offset=' + this.offset;
			fetch(url, JSON_HEADERS)
				.then((response) => (response.ok ? response.json() : Promise.reject(new Error('HTTP ' + response.status))))
				.then((piece) => {
					if (piece.text) {
						const atBottom = this.pre.scrollTop + this.pre.clientHeight >= this.pre.scrollHeight - 4;
						this.pre.append(document.createTextNode(piece.text));
						if (atBottom) {
							this.pre.scrollTop = this.pre.scrollHeight;
						}
					}
					const progressed = piece.nextOffset > this.offset;
					this.offset = piece.nextOffset;
					this.complete = piece.complete;
					this.viewer.update();
					// More may be waiting right away when a read came back full.
					this.schedule(progressed ? 100 : LOG_POLL_MILLIS);
				})
				.catch(() => {
					this.viewer.status('Could not read the log; trying again');
					this.schedule(LOG_POLL_MILLIS * 2);
				})
				.finally(() => {
					this.busy = false;
				});
		}
	}

	/** The viewer of one attempt: its two streams as tabs; reads while it is open. */
	class Viewer {
		constructor(details) {
			this.details = details;
			this.url = details.dataset.logsUrl;
			this.streams = Array.from(details.querySelectorAll('pre.log')).map((pre) => new Stream(this, pre));
			this.statusElement = details.querySelector('.log-status');
			details.querySelectorAll('.log-tab').forEach((tab) => {
				tab.addEventListener('click', () => this.show(tab.dataset.stream));
			});
			details.addEventListener('toggle', () => this.start());
			this.start();
		}

		start() {
			if (this.details.open) {
				this.streams.forEach((stream) => stream.read());
			}
		}

		show(name) {
			this.details.querySelectorAll('.log-tab').forEach((tab) => {
				tab.setAttribute('aria-selected', String(tab.dataset.stream === name));
			});
			this.streams.forEach((stream) => {
				stream.pre.hidden = stream.name !== name;
			});
		}

		status(text) {
			if (this.statusElement) {
				this.statusElement.textContent = text;
			}
		}

		update() {
			const done = this.streams.every((stream) => stream.complete);
			const empty = this.streams.every((stream) => stream.offset === 0);
			this.details.querySelectorAll('.log-tab').forEach((tab) => {
				const stream = this.streams.find((s) => s.name === tab.dataset.stream);
				tab.classList.toggle('empty', stream !== undefined && stream.offset === 0);
			});
			this.status(done ? (empty ? 'no output' : 'complete') : 'following…');
		}
	}

	const viewers = new Map();

	function initViewers(root) {
		root.querySelectorAll('details.attempt[data-logs-url]').forEach((details) => {
			if (!viewers.has(details.id)) {
				viewers.set(details.id, new Viewer(details));
			}
		});
	}

	/** Takes what changed from a fresh copy of the page, keeping the log viewers. */
	function refresh(fresh) {
		document.querySelectorAll('[data-refresh]').forEach((old) => {
			const replacement = fresh.getElementById(old.id);
			if (replacement) {
				old.replaceWith(document.importNode(replacement, true));
			}
		});
		const logs = document.getElementById('logs');
		const freshLogs = fresh.getElementById('logs');
		if (!logs || !freshLogs) {
			return;
		}
		const noLogs = document.getElementById('no-logs');
		if (noLogs && !fresh.getElementById('no-logs')) {
			noLogs.remove();
		}
		freshLogs.querySelectorAll('.step-logs').forEach((freshStep) => {
			let step = document.getElementById(freshStep.id);
			if (!step) {
				logs.append(document.importNode(freshStep, true));
				return;
			}
			step.querySelector('h3').replaceWith(document.importNode(freshStep.querySelector('h3'), true));
			freshStep.querySelectorAll('details.attempt').forEach((freshAttempt) => {
				const attempt = document.getElementById(freshAttempt.id);
				if (!attempt) {
					step.append(document.importNode(freshAttempt, true));
					return;
				}
				attempt.querySelector('summary').replaceWith(document.importNode(freshAttempt.querySelector('summary'), true));
				attempt.dataset.live = freshAttempt.dataset.live;
			});
		});
		initViewers(logs);
	}

	function follow(page) {
		let timer = null;
		const poll = () => fetch(page.dataset.statusUrl, JSON_HEADERS)
			.then((response) => (response.ok ? response.json() : Promise.reject(new Error('HTTP ' + response.status))))
			.then((status) => {
				if (status.signature === page.dataset.signature) {
					return null;
				}
				return fetch(window.location.pathname, { headers: { Accept: 'text/html' }, credentials: 'same-origin' })
					.then((response) => (response.ok ? response.text() : Promise.reject(new Error('HTTP ' + response.status))))
					.then((html) => {
						const fresh = new DOMParser().parseFromString(html, 'text/html');
						const freshPage = fresh.querySelector('main.pipeline-run-page');
						if (!freshPage) {
							return;
						}
						refresh(fresh);
						page.dataset.signature = freshPage.dataset.signature;
						page.dataset.live = freshPage.dataset.live;
						if (freshPage.dataset.live !== 'true') {
							window.clearInterval(timer);
						}
					});
			})
			.catch(() => {
				// A failed poll is retried at the next tick.
			});
		timer = window.setInterval(poll, STATUS_POLL_MILLIS);
	}

	document.addEventListener('DOMContentLoaded', () => {
		const page = document.querySelector('main.pipeline-run-page');
		if (!page) {
			return;
		}
		initViewers(document);
		if (page.dataset.live === 'true') {
			follow(page);
		}
	});
})();
