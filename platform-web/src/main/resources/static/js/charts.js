// Metric charts drawn with uPlot from the pages' own JSON (MetricSeries): downsampled
// min/max points, re-fetched for the zoomed step range so zooming stays exact however long
// the series. Shared by the run page (run.js) and the compare page (compare.js).
window.SlipwayCharts = (() => {
	'use strict';

	const PALETTE = ['#0b6bcb', '#d9480f', '#2b8a3e', '#862e9c', '#e67700', '#c2255c', '#1098ad', '#5c940d', '#364fc7', '#495057'];
	const settings = { timeAxis: false, logScale: false };
	const charts = [];

	// One run's points as [xs, ys], x ascending and unique, as uPlot.join wants them.
	function table(line, timeAxis, logScale) {
		const xs = timeAxis ? line.timestamps.map((t) => t / 1000) : line.steps;
		const order = xs.map((x, i) => i).sort((a, b) => xs[a] - xs[b]);
		const outX = [];
		const outY = [];
		for (const i of order) {
			let y = line.values[i];
			if (logScale && y !== null && y <= 0) {
				y = null;
			}
			if (outX.length && outX[outX.length - 1] === xs[i]) {
				outY[outY.length - 1] = y;
			} else {
				outX.push(xs[i]);
				outY.push(y);
			}
		}
		return [outX, outY];
	}

	function data(json) {
		if (!json.series.length) {
			return [[]];
		}
		const tables = json.series.map((line) => table(line, settings.timeAxis, settings.logScale));
		return tables.length === 1 ? tables[0] : uPlot.join(tables);
	}

	class Chart {
		constructor(element, url) {
			this.element = element;
			this.url = url;
			this.from = null;
			this.to = null;
			this.json = null;
			this.plot = null;
			this.loading = null;
			element.addEventListener('dblclick', () => this.reset());
			charts.push(this);
		}

		query() {
			const width = Math.max(200, Math.min(2500, Math.round((this.element.clientWidth || 600) * 2)));
			let query = this.url + (this.url.includes('?') ? '&' : '?') + 'points=' + width;
			if (this.from !== null) {
				query += '&from=' + this.from + '&to=' + this.to;
			}
			return query;
		}

		load() {
			const request = fetch(this.query(), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
				.then((response) => {
					if (!response.ok) {
						throw new Error('HTTP ' + response.status);
					}
					return response.json();
				})
				.then((json) => {
					this.json = json;
					this.render();
				})
				.catch((error) => {
					this.element.textContent = 'Could not load the chart (' + error.message + ')';
					this.element.classList.add('failed');
				});
			this.loading = request;
			return request;
		}

		lastStep() {
			if (!this.json) {
				return null;
			}
			let last = null;
			for (const line of this.json.series) {
				if (line.steps.length) {
					const step = line.steps[line.steps.length - 1];
					last = last === null ? step : Math.max(last, step);
				}
			}
			return last;
		}

		reset() {
			this.from = null;
			this.to = null;
			this.load();
		}

		// The step range behind an x range on screen; in wall-time mode the steps of the
		// points shown within it.
		zoom(min, max) {
			if (settings.timeAxis) {
				let from = null;
				let to = null;
				for (const line of this.json.series) {
					line.timestamps.forEach((t, i) => {
						if (t / 1000 >= min && t / 1000 <= max) {
							from = from === null ? line.steps[i] : Math.min(from, line.steps[i]);
							to = to === null ? line.steps[i] : Math.max(to, line.steps[i]);
						}
					});
				}
				if (from === null) {
					return;
				}
				this.from = from;
				this.to = to;
			} else {
				this.from = Math.floor(min);
				this.to = Math.ceil(max);
			}
			this.load();
		}

		render() {
			if (this.plot) {
				this.plot.destroy();
				this.plot = null;
			}
			this.element.textContent = '';
			this.element.classList.remove('failed');
			const json = this.json;
			if (!json.series.length) {
				this.element.textContent = 'No points in this range.';
				return;
			}
			const series = [{ label: settings.timeAxis ? 'time' : 'step' }];
			json.series.forEach((line, i) => {
				series.push({ label: line.runName, stroke: PALETTE[i % PALETTE.length], width: 1.5, spanGaps: true, points: { show: false } });
			});
			const options = {
				width: Math.max(240, this.element.clientWidth || 480),
				height: 220,
				series: series,
				scales: { x: { time: settings.timeAxis }, y: { distr: settings.logScale ? 3 : 1 } },
				legend: { show: json.series.length > 1 || true, live: true },
				cursor: { drag: { x: true, y: false, setScale: false } },
				hooks: {
					setSelect: [(u) => {
						if (u.select.width > 2) {
							const min = u.posToVal(u.select.left, 'x');
							const max = u.posToVal(u.select.left + u.select.width, 'x');
							u.setSelect({ left: 0, width: 0, top: 0, height: 0 }, false);
							this.zoom(min, max);
						}
					}]
				}
			};
			this.plot = new uPlot(options, data(json), this.element);
			this.element.dataset.series = String(json.series.length);
			this.element.dataset.points = String(json.series.reduce((n, line) => n + line.steps.length, 0));
		}
	}

	function setTimeAxis(on) {
		settings.timeAxis = on;
		charts.forEach((chart) => chart.json && chart.render());
	}

	function setLogScale(on) {
		settings.logScale = on;
		charts.forEach((chart) => chart.json && chart.render());
	}

	// Draws charts only when they scroll into view: a run with hundreds of metrics loads
	// what is looked at.
	function lazy(cards, create) {
		const observer = new IntersectionObserver((entries) => {
			for (const entry of entries) {
				if (entry.isIntersecting) {
					observer.unobserve(entry.target);
					create(entry.target);
				}
			}
		}, { rootMargin: '200px' });
		cards.forEach((card) => observer.observe(card));
		return observer;
	}

	// Hides the chart cards whose key does not contain the filter text.
	function filter(input, container) {
		input.addEventListener('input', () => {
			const text = input.value.trim().toLowerCase();
			container.querySelectorAll('.chart-card').forEach((card) => {
				card.hidden = text !== '' && !card.dataset.key.toLowerCase().includes(text);
			});
		});
	}

	function toggles() {
		const time = document.getElementById('x-time');
		const log = document.getElementById('log-scale');
		if (time) {
			time.addEventListener('change', () => setTimeAxis(time.checked));
		}
		if (log) {
			log.addEventListener('change', () => setLogScale(log.checked));
		}
	}

	return { Chart, charts, lazy, filter, toggles, PALETTE };
})();
