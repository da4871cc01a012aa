// The runs table: selection (compare, delete), and live refresh of running runs.
(() => {
	'use strict';
	const form = document.getElementById('runs-form');
	const table = document.getElementById('runs');
	const compare = document.getElementById('compare-runs');
	const count = document.getElementById('selection-count');
	const deleteButton = document.getElementById('delete-runs');
	const selectAll = document.getElementById('select-all');
	const POLL_MILLIS = 3000;
	const MAX_LIVE = 200;

	const boxes = () => Array.from(document.querySelectorAll('#runs tbody input[name="runIds"]'));
	const selected = () => boxes().filter((box) => box.checked).map((box) => box.value);

	function refreshSelection() {
		const ids = selected();
		if (compare) {
			compare.disabled = ids.length < 2 || ids.length > 10;
			compare.title = compare.disabled ? 'Select 2 to 10 runs to compare' : '';
		}
		if (deleteButton) {
			deleteButton.disabled = ids.length === 0;
			deleteButton.textContent = ids.length === 1 ? 'Delete 1 run' : 'Delete ' + ids.length + ' runs';
		}
		if (count) {
			count.textContent = ids.length ? ids.length + ' selected' : '';
		}
		if (selectAll) {
			const all = boxes();
			selectAll.checked = all.length > 0 && ids.length === all.length;
			selectAll.indeterminate = ids.length > 0 && ids.length < all.length;
		}
	}

	document.addEventListener('change', (event) => {
		if (event.target === selectAll) {
			boxes().forEach((box) => { box.checked = selectAll.checked; });
		}
		if (event.target === selectAll || event.target.name === 'runIds') {
			refreshSelection();
		}
	});

	if (compare) {
		compare.addEventListener('click', () => {
			const ids = selected();
			if (ids.length < 2 || ids.length > 10) {
				return;
			}
			const query = ids.map((id) => 'runIds=' + encodeURIComponent(id)).join('&');
			window.location.assign(compare.dataset.compareHref + '?' + query);
		});
	}
	if (form) {
		form.addEventListener('submit', (event) => {
			if (selected().length === 0) {
				event.preventDefault();
			}
		});
	}
	refreshSelection();

	// Live refresh: while some row runs, ask for the running rows' status, duration and
	// the shown metrics, and update their cells in place.
	if (!table || !table.dataset.liveHref) {
		return;
	}
	const metricKeys = Array.from(table.querySelectorAll('thead th[data-col^="metrics."]'))
		.map((th) => th.dataset.col.substring('metrics.'.length));

	function runningRows() {
		return Array.from(table.querySelectorAll('tbody tr[data-status="RUNNING"]')).slice(0, MAX_LIVE);
	}

	function setCell(row, column, text) {
		const cell = row.querySelector('td[data-col="' + CSS.escape(column) + '"]');
		if (cell && cell.textContent !== text) {
			cell.textContent = text;
			cell.classList.remove('updated');
			void cell.offsetWidth;
			cell.classList.add('updated');
		}
	}

	function apply(item) {
		const row = table.querySelector('tbody tr[data-run-id="' + CSS.escape(item.runId) + '"]');
		if (!row) {
			return;
		}
		row.dataset.status = item.status;
		row.classList.toggle('running', item.running);
		const badge = row.querySelector('td[data-col="status"] span');
		if (badge && badge.textContent !== item.status) {
			badge.textContent = item.status;
			badge.className = item.statusClass;
		}
		setCell(row, 'duration', item.duration);
		Object.entries(item.metrics || {}).forEach(([key, value]) => setCell(row, 'metrics.' + key, value));
	}

	let timer = null;
	function schedule() {
		if (timer === null && runningRows().length > 0) {
			timer = window.setTimeout(poll, POLL_MILLIS);
		}
	}

	function poll() {
		timer = null;
		const rows = runningRows();
		if (rows.length === 0) {
			return;
		}
		const params = new URLSearchParams();
		rows.forEach((row) => params.append('runIds', row.dataset.runId));
		metricKeys.forEach((key) => params.append('metrics', key));
		fetch(table.dataset.liveHref + '?' + params.toString(), {
			headers: { 'Accept': 'application/json' },
			credentials: 'same-origin'
		})
			.then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
			.then((body) => (body.runs || []).forEach(apply))
			.catch(() => { /* keep the last values; try again later */ })
			.finally(schedule);
	}

	schedule();
})();
