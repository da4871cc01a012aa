// Monitoring charts drawn with uPlot from the JSON each page carries in data-chart: the
// dashboard's drift share, performance with label coverage, volume and prediction
// distribution; the drill-down's distributions and score over time with its threshold band.
(() => {
	'use strict';

	// A select that picks what the page shows submits its form when it changes.
	document.querySelectorAll('select[data-submit]').forEach((select) => {
		select.addEventListener('change', () => select.form.submit());
	});

	const page = document.querySelector('[data-chart]');
	if (!page || !window.uPlot) {
		return;
	}
	const data = JSON.parse(page.dataset.chart);
	const width = (el) => Math.max(300, el.clientWidth || 480);

	function line(el, xs, series, opts = {}) {
		if (!el) {
			return;
		}
		const plot = new uPlot({
			width: width(el), height: 220,
			scales: { x: { time: opts.time !== false }, y: opts.y || {} },
			axes: [{}, { size: 60 }].concat(opts.axis2 ? [{ side: 1, scale: 'y2', grid: { show: false }, size: 50 }] : []),
			series: [{}].concat(series.map(({ data, ...options }) => options)),
			legend: { show: true },
		}, [xs].concat(series.map((s) => s.data)), el);
		window.addEventListener('resize', () => plot.setSize({ width: width(el), height: 220 }));
	}

	function constant(xs, value) {
		return xs.map(() => value);
	}

	function bars(el, labels, groups) {
		if (!el || !labels || !labels.length) {
			return;
		}
		const xs = labels.map((_, i) => i);
		const barPaths = uPlot.paths.bars({ size: [0.8 / groups.length, 60], align: 0 });
		const plot = new uPlot({
			width: width(el), height: 220,
			scales: { x: { time: false, range: [-0.5, labels.length - 0.5] }, y: { range: [0, null] } },
			axes: [{ values: (u, ticks) => ticks.map((t) => (Number.isInteger(t) ? labels[t] || '' : '')), rotate: -30, size: 60 },
				{ size: 50, values: (u, ticks) => ticks.map((t) => Math.round(t * 100) + '%') }],
			series: [{}].concat(groups.map((g) => ({
				label: g.label, stroke: g.color, fill: g.color + '99', paths: barPaths,
				points: { show: false }, value: (u, v) => (v == null ? '—' : (v * 100).toFixed(1) + '%'),
			}))),
		}, [xs].concat(groups.map((g) => g.data)), el);
		window.addEventListener('resize', () => plot.setSize({ width: width(el), height: 220 }));
	}

	if (page.classList.contains('monitor-page')) {
		const xs = data.starts;
		line(document.getElementById('chart-drift'), xs, [
			{ label: 'drift share', stroke: '#b42318', data: data.driftShare, spanGaps: true },
			{ label: 'dataset drift at', stroke: '#8a94a6', dash: [6, 4], data: constant(xs, data.driftShareThreshold), points: { show: false } },
		], { y: { range: [0, 1] } });
		if (data.metric) {
			line(document.getElementById('chart-performance'), xs, [
				{ label: data.metric, stroke: '#0b6bcb', data: data.metricValues, spanGaps: true },
				{ label: 'label coverage', stroke: '#2b8a3e', dash: [4, 3], data: data.coverage, spanGaps: true, scale: 'y2' },
			], { axis2: true });
		}
		line(document.getElementById('chart-volume'), xs, [
			{ label: 'rows', stroke: '#495057', fill: '#49505722', data: data.rows },
		], { y: { range: [0, null] } });
		if (data.prediction) {
			bars(document.getElementById('chart-prediction'), data.prediction.labels, [
				{ label: 'reference', color: '#8a94a6', data: data.prediction.reference || [] },
				{ label: 'window', color: '#0b6bcb', data: data.prediction.current || [] },
			]);
		}
	} else {
		if (data.reference || data.current) {
			bars(document.getElementById('chart-distribution'), data.labels, [
				{ label: 'reference', color: '#8a94a6', data: data.reference || [] },
				{ label: 'latest window', color: '#d9480f', data: data.current || [] },
			]);
		}
		const xs = data.starts;
		const series = [{ label: data.method || 'score', stroke: '#d9480f', data: data.scores, spanGaps: true }];
		if (data.threshold != null) {
			series.push({ label: 'drift threshold', stroke: '#b42318', dash: [6, 4], data: constant(xs, data.threshold), points: { show: false } });
			series.push({ label: 'possible drift', stroke: '#e67700', dash: [2, 4], data: constant(xs, data.possibleThreshold), points: { show: false } });
		}
		line(document.getElementById('chart-score'), xs, series, { y: data.pValue ? { distr: 3 } : {} });
	}
})();
