// A deployment's page: three uPlot charts (requests per second, error rate, p99 latency)
// per model version from the page's JSON, redrawn every five seconds from /live; when the
// rollout moved (a step, a failed check, a promotion, an abort), the page reloads to show it.
(() => {
	'use strict';
	const main = document.querySelector('.deployment-page');
	if (!main) {
		return;
	}
	// The split bar's colours: stable blue, candidate orange; any other version grey.
	const COLOURS = { stable: '#0b6bcb', candidate: '#d9480f', other: '#868e96' };
	const charts = {};

	function table(json, key) {
		const versions = json.versions || [];
		if (!versions.length || typeof uPlot === 'undefined') {
			return null;
		}
		const tables = versions.map((v) => [v.time, v[key]]);
		return { data: tables.length === 1 ? tables[0] : uPlot.join(tables), versions };
	}

	function draw(json) {
		for (const [key, id] of [['rate', 'chart-rate'], ['errors', 'chart-errors'], ['p99', 'chart-p99']]) {
			const target = document.getElementById(id);
			const t = table(json, key);
			if (!target) {
				continue;
			}
			if (!t) {
				target.textContent = 'No requests in the last hour.';
				continue;
			}
			if (charts[id]) {
				charts[id].destroy();
			}
			target.textContent = '';
			const series = [{}].concat(t.versions.map((v) => ({
				label: 'v' + v.version + (v.role === 'other' ? '' : ' (' + v.role + ')'),
				stroke: COLOURS[v.role] || COLOURS.other, width: 2, spanGaps: true,
			})));
			charts[id] = new uPlot({ width: Math.max(280, target.clientWidth), height: 200, series,
				scales: { x: { time: true } }, axes: [{}, { size: 50 }] }, t.data, target);
		}
	}

	function refresh() {
		fetch(main.dataset.liveUrl, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
			.then((r) => (r.ok ? r.json() : null))
			.then((live) => {
				if (!live) {
					return;
				}
				if (live.state !== main.dataset.state) {
					window.location.reload();
					return;
				}
				draw(live.chart);
			})
			.catch(() => {});
	}

	window.addEventListener('load', () => {
		draw(JSON.parse(main.dataset.chart || '{"versions":[]}'));
		setInterval(refresh, 5000);
	});
})();
