// The compare page: "only differences", overlaid metric charts (one series per run) and a
// scatter plot of a chosen param or metric against another.
document.addEventListener('DOMContentLoaded', () => {
	'use strict';
	const page = document.querySelector('main.compare-page');
	if (!page) {
		return;
	}
	const charts = window.SlipwayCharts;
	const runIds = page.dataset.runIds.split(',');
	const runQuery = runIds.map((id) => 'runIds=' + encodeURIComponent(id)).join('&');

	const only = document.getElementById('only-differences');
	only.addEventListener('change', () => {
		document.getElementById('param-table').classList.toggle('only-differences', only.checked);
		document.getElementById('metric-table').classList.toggle('only-differences', only.checked);
	});

	const container = document.getElementById('charts');
	charts.lazy(container.querySelectorAll('.chart-card'), (card) => {
		const url = page.dataset.seriesUrl + '?' + runQuery + '&key=' + encodeURIComponent(card.dataset.key);
		new charts.Chart(card.querySelector('.chart'), url).load();
	});
	charts.filter(document.getElementById('metric-filter'), container);
	charts.toggles();

	// Scatter: numbers read from the tables' data-number cells.
	const runNames = Array.from(document.querySelectorAll('#param-table thead th')).slice(1).map((th) => th.textContent.trim());
	function values(choice) {
		const [kind, key] = [choice.slice(0, choice.indexOf(':')), choice.slice(choice.indexOf(':') + 1)];
		const table = document.getElementById(kind === 'param' ? 'param-table' : 'metric-table');
		const row = Array.from(table.querySelectorAll('tbody tr')).find((r) => r.dataset.key === key);
		if (!row) {
			return runIds.map(() => null);
		}
		return Array.from(row.querySelectorAll('td')).map((td) => {
			const number = parseFloat(td.dataset.number);
			return Number.isFinite(number) ? number : null;
		});
	}

	const svgNs = 'http://www.w3.org/2000/svg';
	function element(name, attributes, text) {
		const node = document.createElementNS(svgNs, name);
		Object.entries(attributes).forEach(([k, v]) => node.setAttribute(k, v));
		if (text !== undefined) {
			node.textContent = text;
		}
		return node;
	}

	const selectX = document.getElementById('scatter-x');
	const selectY = document.getElementById('scatter-y');
	const target = document.getElementById('scatter');
	// Start with a param that differs between the runs and is a number.
	const differing = Array.from(selectX.options).find((option) => {
		const vals = values(option.value);
		return vals.some((v) => v !== null) && new Set(vals.filter((v) => v !== null)).size > 1;
	});
	if (differing) {
		selectX.value = differing.value;
	}
	const complete = Array.from(selectY.options).find((option) => values(option.value).every((v) => v !== null));
	if (complete) {
		selectY.value = complete.value;
	}
	const label = (n) => String(Number(n.toPrecision(4)));
	function scatter() {
		target.textContent = '';
		if (!selectX.value || !selectY.value) {
			target.textContent = 'Nothing numeric to plot.';
			return;
		}
		const xs = values(selectX.value);
		const ys = values(selectY.value);
		const points = xs.map((x, i) => ({ x, y: ys[i], i })).filter((p) => p.x !== null && p.y !== null);
		if (!points.length) {
			target.textContent = 'These runs have no numeric values for this pair.';
			return;
		}
		const width = 560;
		const height = 300;
		const pad = 48;
		const range = (list) => {
			let min = Math.min(...list);
			let max = Math.max(...list);
			if (min === max) {
				min -= 1;
				max += 1;
			}
			return [min, max];
		};
		const [x0, x1] = range(points.map((p) => p.x));
		const [y0, y1] = range(points.map((p) => p.y));
		const px = (x) => pad + (x - x0) / (x1 - x0) * (width - 2 * pad);
		const py = (y) => height - pad - (y - y0) / (y1 - y0) * (height - 2 * pad);
		const svg = element('svg', { viewBox: '0 0 ' + width + ' ' + height, class: 'scatter', role: 'img' });
		svg.append(element('line', { x1: pad, y1: height - pad, x2: width - pad, y2: height - pad, stroke: '#8a94a6' }));
		svg.append(element('line', { x1: pad, y1: pad, x2: pad, y2: height - pad, stroke: '#8a94a6' }));
		svg.append(element('text', { x: pad, y: height - pad + 18, 'font-size': 11 }, label(x0)));
		svg.append(element('text', { x: width - pad, y: height - pad + 18, 'font-size': 11, 'text-anchor': 'end' }, label(x1)));
		svg.append(element('text', { x: 4, y: height - pad, 'font-size': 11 }, label(y0)));
		svg.append(element('text', { x: 4, y: pad, 'font-size': 11 }, label(y1)));
		svg.append(element('text', { x: width / 2, y: height - 8, 'font-size': 12, 'text-anchor': 'middle' }, selectX.selectedOptions[0].textContent));
		svg.append(element('text', { x: pad, y: pad - 12, 'font-size': 12 }, selectY.selectedOptions[0].textContent));
		for (const p of points) {
			const dot = element('circle', { cx: px(p.x), cy: py(p.y), r: 6, fill: charts.PALETTE[p.i % charts.PALETTE.length] });
			dot.append(element('title', {}, runNames[p.i] + ': (' + p.x + ', ' + p.y + ')'));
			svg.append(dot);
		}
		target.append(svg);
	}
	selectX.addEventListener('change', scatter);
	selectY.addEventListener('change', scatter);
	scatter();
});
