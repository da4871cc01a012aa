// The run page: lazy metric charts, the metric filter, the axis toggles, and live updates
// while the run is RUNNING (polls the status JSON, updates status, latest values and
// charts without a reload, stops when the run ends).
document.addEventListener('DOMContentLoaded', () => {
	'use strict';
	const page = document.querySelector('main.run-page');
	const container = document.getElementById('charts');
	if (!page || !container) {
		return;
	}
	const charts = window.SlipwayCharts;
	const byKey = new Map();
	const seriesUrl = container.dataset.seriesUrl;

	function create(card) {
		const chart = new charts.Chart(card.querySelector('.chart'), seriesUrl + '?key=' + encodeURIComponent(card.dataset.key));
		byKey.set(card.dataset.key, chart);
		chart.load();
	}

	const observer = charts.lazy(container.querySelectorAll('.chart-card'), create);
	const filterBox = document.getElementById('metric-filter');
	if (filterBox) {
		charts.filter(filterBox, container);
	}
	charts.toggles();

	function addCard(key) {
		const card = document.createElement('figure');
		card.className = 'chart-card';
		card.dataset.key = key;
		const caption = document.createElement('figcaption');
		caption.textContent = key;
		const chart = document.createElement('div');
		chart.className = 'chart';
		card.append(caption, chart);
		container.append(card);
		observer.observe(card);
	}

	function updateMetrics(metrics) {
		const table = document.getElementById('latest-metrics');
		const body = table ? table.querySelector('tbody') : null;
		for (const metric of metrics) {
			let row = body ? Array.from(body.rows).find((r) => r.dataset.metric === metric.key) : null;
			if (!row && body) {
				row = body.insertRow();
				row.dataset.metric = metric.key;
				const name = row.insertCell();
				name.textContent = metric.key;
				row.insertCell().className = 'num metric-value';
				row.insertCell().className = 'num metric-step';
				row.insertCell().className = 'metric-time';
				addCard(metric.key);
			}
			if (row) {
				row.querySelector('.metric-value').textContent = metric.value;
				row.querySelector('.metric-step').textContent = metric.step;
				row.querySelector('.metric-time').textContent = metric.time;
			}
			const chart = byKey.get(metric.key);
			if (chart && chart.json && chart.from === null && chart.lastStep() !== metric.step) {
				chart.load();
			}
		}
	}

	if (page.dataset.live === 'true') {
		const statusUrl = page.dataset.statusUrl;
		let timer = null;
		const poll = () => fetch(statusUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
			.then((response) => response.ok ? response.json() : Promise.reject(new Error('HTTP ' + response.status)))
			.then((status) => {
				const badge = document.getElementById('run-status');
				badge.textContent = status.status;
				badge.className = status.statusClass;
				document.getElementById('run-ended').textContent = status.ended;
				document.getElementById('run-duration').textContent = status.duration;
				updateMetrics(status.metrics);
				if (status.terminal) {
					clearInterval(timer);
					page.dataset.live = 'false';
					byKey.forEach((chart) => chart.from === null && chart.load());
				}
			})
			.catch(() => {
				// A failed poll is retried at the next tick.
			});
		timer = setInterval(poll, 2500);
	}
});
