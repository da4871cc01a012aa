package dev.slipway.monitoring.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.slipway.monitoring.ColumnSummary;
import dev.slipway.monitoring.FeatureDrift;
import dev.slipway.monitoring.MonitoringPages;
import dev.slipway.monitoring.Verdict;
import dev.slipway.monitoring.WindowReport;
import dev.slipway.monitoring.WindowUnit;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The monitoring pages: the home (every monitored model with status and sparklines), a
 * monitor's dashboard (drift share, performance with label coverage, volume, prediction
 * distribution, the feature table, alerts), and a column's drill-down (reference and
 * current distributions, score over time with its threshold band). Each page is one call
 * to {@link MonitoringPages}; the charts draw from JSON in the page with the uPlot the
 * application serves.
 */
@Controller
@RequestMapping("/monitoring")
class MonitoringPageController {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final MonitoringPages pages;

	MonitoringPageController(MonitoringPages pages) {
		this.pages = pages;
	}

	/** A monitor on the home page. */
	record HomeRow(long id, String model, String monitor, String status, String statusLabel, String lastWindow,
			long rows, String driftShare, String driftPoints, String metricName, String metricValue,
			String metricPoints, int firing) {
	}

	/** A row of the feature table. */
	record FeatureRow(String column, String kind, String method, String score, String threshold, String verdict,
			String verdictLabel, String accuracy, long count, long nulls, boolean prediction) {

		static FeatureRow of(FeatureDrift f, boolean prediction) {
			String bound = Double.isFinite(f.threshold())
					? (DriftFormat.pValue(f.method()) ? "p < " : "≥ ") + DriftFormat.number(f.threshold()) : "—";
			return new FeatureRow(f.column(), f.kind().name().toLowerCase(Locale.ROOT), f.method(),
					DriftFormat.number(f.score()), bound, f.verdict().name().toLowerCase(Locale.ROOT).replace('_', '-'),
					DriftFormat.verdict(f.verdict()), f.exact() ? "exact" : "± " + DriftFormat.number(f.errorBound()),
					f.count(), f.nulls(), prediction);
		}

	}

	@GetMapping
	String home(Model model) {
		List<HomeRow> rows = new ArrayList<>();
		for (MonitoringPages.Card card : this.pages.home()) {
			WindowReport latest = card.latest();
			Double lastMetric = null;
			for (Double value : card.metricValues()) {
				lastMetric = (value != null) ? value : lastMetric;
			}
			rows.add(new HomeRow(card.monitor().id(), card.monitor().modelName(), card.monitor().name(),
					card.status().name().toLowerCase(Locale.ROOT).replace('_', '-'), DriftFormat.status(card.status()),
					(latest != null)
							? DriftFormat.window(latest.start(), latest.grain(), card.monitor().timeZone()) : "—",
					(latest != null) ? latest.rows() : 0,
					(latest != null && Double.isFinite(latest.driftShare()))
							? Math.round(latest.driftShare() * 100) + "%" : "—",
					Sparkline.points(card.driftShares(), 0.0, 1.0), card.metricName(),
					(lastMetric != null) ? DriftFormat.number(lastMetric) : "—",
					Sparkline.points(card.metricValues(), null, null), card.firing()));
		}
		model.addAttribute("rows", rows);
		model.addAttribute("sparkWidth", Sparkline.WIDTH);
		model.addAttribute("sparkHeight", Sparkline.HEIGHT);
		return "monitoring/home";
	}

	@GetMapping("/{id}")
	String dashboard(@PathVariable long id, @RequestParam(required = false) String grain,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(required = false) Long window, Model model) {
		WindowUnit unit = "hour".equalsIgnoreCase(grain) ? WindowUnit.HOUR : WindowUnit.DAY;
		MonitoringPages.Dashboard dashboard = this.pages.dashboard(id, unit, date(from, null), date(to, 1), window);
		String zone = dashboard.monitor().timeZone();
		List<FeatureRow> features = new ArrayList<>();
		if (dashboard.selected() != null) {
			if (dashboard.selected().prediction() != null) {
				features.add(FeatureRow.of(dashboard.selected().prediction(), true));
			}
			dashboard.selected().features().forEach((f) -> features.add(FeatureRow.of(f, false)));
		}
		Map<String, Object> chart = new LinkedHashMap<>();
		List<Long> starts = new ArrayList<>();
		List<Double> shares = new ArrayList<>();
		List<Long> volume = new ArrayList<>();
		List<Double> coverage = new ArrayList<>();
		String metric = (dashboard.monitor().schema().task() == null) ? null
				: (dashboard.monitor().schema().task().name().equals("REGRESSION") ? "mae" : "accuracy");
		List<Double> metricValues = new ArrayList<>();
		for (WindowReport r : dashboard.reports()) {
			starts.add(r.start() / 1000);
			shares.add(Double.isFinite(r.driftShare()) ? r.driftShare() : null);
			volume.add(r.rows());
			coverage.add((r.performance() != null) ? r.performance().coverage() : null);
			metricValues.add((r.performance() != null && metric != null) ? r.performance().metric(metric) : null);
		}
		chart.put("starts", starts);
		chart.put("driftShare", shares);
		chart.put("driftShareThreshold", dashboard.monitor().drift().driftShare());
		chart.put("rows", volume);
		chart.put("metric", metric);
		chart.put("metricValues", metricValues);
		chart.put("coverage", coverage);
		if (dashboard.prediction() != null && dashboard.prediction().reference() != null
				&& !dashboard.prediction().windows().isEmpty()) {
			Map<String, Object> prediction = new LinkedHashMap<>();
			prediction.put("labels", dashboard.prediction().binLabels());
			prediction.put("reference", dashboard.prediction().reference().binShares());
			prediction.put("current", dashboard.prediction().windows().get(0).binShares());
			chart.put("prediction", prediction);
		}
		model.addAttribute("d", dashboard);
		model.addAttribute("features", features);
		model.addAttribute("chartJson", JSON.writeValueAsString(chart));
		model.addAttribute("grain", unit.name().toLowerCase(Locale.ROOT));
		model.addAttribute("fromDate", LocalDate.ofInstant(Instant.ofEpochMilli(dashboard.from()), ZoneId.of("UTC")));
		model.addAttribute("toDate", (dashboard.to() == Long.MAX_VALUE) ? null
				: LocalDate.ofInstant(Instant.ofEpochMilli(dashboard.to() - 1), ZoneId.of("UTC")));
		model.addAttribute("selectedLabel", (dashboard.selected() != null)
				? DriftFormat.window(dashboard.selected().start(), dashboard.selected().grain(), zone) : null);
		List<Map<String, Object>> windows = new ArrayList<>();
		for (WindowReport r : dashboard.reports()) {
			windows.add(0, Map.of("start", r.start(), "label", DriftFormat.window(r.start(), r.grain(), zone),
					"verdict", DriftFormat.verdict(r.verdict())));
		}
		model.addAttribute("windows", windows);
		model.addAttribute("performance", (dashboard.selected() != null) ? dashboard.selected().performance() : null);
		model.addAttribute("fmt", new DriftFormat());
		return "monitoring/monitor";
	}

	@GetMapping("/{id}/columns/{column}")
	String column(@PathVariable long id, @PathVariable String column, @RequestParam(required = false) String grain,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to, Model model) {
		WindowUnit unit = "hour".equalsIgnoreCase(grain) ? WindowUnit.HOUR : WindowUnit.DAY;
		MonitoringPages.ColumnPage page = this.pages.column(id, column, unit, date(from, null), date(to, 1));
		Map<String, Object> chart = new LinkedHashMap<>();
		List<Long> starts = new ArrayList<>();
		List<Double> scores = new ArrayList<>();
		Double threshold = null;
		Double possible = null;
		String method = null;
		for (int i = 0; i < page.history().windows().size(); i++) {
			ColumnSummary w = page.history().windows().get(i);
			FeatureDrift drift = page.drift().get(i);
			starts.add(w.start() / 1000);
			scores.add((drift != null && Double.isFinite(drift.score())) ? drift.score() : null);
			if (drift != null && Double.isFinite(drift.threshold())) {
				threshold = drift.threshold();
				possible = drift.possibleThreshold();
				method = drift.method();
			}
		}
		ColumnSummary latest = page.history().windows().isEmpty() ? null
				: page.history().windows().get(page.history().windows().size() - 1);
		chart.put("starts", starts);
		chart.put("scores", scores);
		chart.put("threshold", threshold);
		chart.put("possibleThreshold", possible);
		chart.put("method", method);
		chart.put("pValue", method != null && DriftFormat.pValue(method));
		chart.put("labels", page.history().binLabels());
		chart.put("reference", (page.history().reference() != null) ? page.history().reference().binShares() : null);
		chart.put("current", (latest != null) ? latest.binShares() : null);
		model.addAttribute("p", page);
		model.addAttribute("latest", latest);
		model.addAttribute("latestDrift", page.drift().isEmpty() ? null : page.drift().get(page.drift().size() - 1));
		model.addAttribute("latestLabel", (latest != null)
				? DriftFormat.window(latest.start(), (unit == WindowUnit.HOUR) ? "H" : "D", page.monitor().timeZone())
				: null);
		model.addAttribute("chartJson", JSON.writeValueAsString(chart));
		model.addAttribute("fmt", new DriftFormat());
		return "monitoring/column";
	}

	/** A date's midnight UTC (plus {@code plusDays}), or null for none or a bad date. */
	private static Long date(String value, Integer plusDays) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			LocalDate date = LocalDate.parse(value.strip());
			return date.plusDays((plusDays != null) ? plusDays : 0)
				.atStartOfDay(ZoneId.of("UTC"))
				.toInstant()
				.toEpochMilli();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/** Numbers, verdicts and windows as the pages write them. */
	static final class DriftFormat {

		static String number(double value) {
			if (!Double.isFinite(value)) {
				return "—";
			}
			if (value != 0 && Math.abs(value) < 1e-4) {
				return String.format(Locale.ROOT, "%.2e", value);
			}
			return String.format(Locale.ROOT, "%.4g", value).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
		}

		static boolean pValue(String method) {
			return "ks".equals(method) || "chisquare".equals(method) || "z".equals(method);
		}

		static String verdict(Verdict verdict) {
			return switch (verdict) {
				case NO_DRIFT -> "No drift";
				case POSSIBLE_DRIFT -> "Possible drift";
				case DRIFT -> "Drift";
				case NO_DATA -> "No data";
			};
		}

		static String status(MonitoringPages.Status status) {
			return switch (status) {
				case HEALTHY -> "Healthy";
				case DRIFTING -> "Drifting";
				case DEGRADED -> "Degraded";
				case NO_DATA -> "No data";
			};
		}

		static String window(long start, String grain, String zone) {
			var time = Instant.ofEpochMilli(start).atZone(ZoneId.of(zone));
			return "H".equals(grain) ? String.format(Locale.ROOT, "%s %02d:00", time.toLocalDate(), time.getHour())
					: time.toLocalDate().toString();
		}

		/** For templates: a number, or a dash. */
		public String n(Double value) {
			return (value != null) ? number(value) : "—";
		}

		/** For templates: a share as a percentage. */
		public String pct(Double value) {
			return (value != null && Double.isFinite(value)) ? Math.round(value * 1000) / 10.0 + "%" : "—";
		}

		/** For templates: an epoch-millisecond time in UTC. */
		public String time(Long millis) {
			return (millis != null)
					? Instant.ofEpochMilli(millis).toString().replace('T', ' ').replaceAll("\\.\\d+Z$", "Z") : "—";
		}

	}

}
