package dev.slipway.serving.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import dev.slipway.serving.Deployment;
import dev.slipway.serving.DeploymentChange;
import dev.slipway.serving.DeploymentPage;
import dev.slipway.serving.DeploymentPhase;
import dev.slipway.serving.Gates;
import dev.slipway.serving.RolloutPlan;
import dev.slipway.serving.StatsPoint;
import dev.slipway.serving.Strategy;
import dev.slipway.serving.VersionStats;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a deployment's page shows, formatted: the split, the steps with the current one
 * marked, each gate with its threshold and current reading, the history and the chart
 * data.
 */
record DeploymentView(Deployment d, String phase, String phaseClass, String strategy, double stableWeight,
		double candidateWeight, List<StepView> steps, List<GateView> gates, VersionStats stable, VersionStats candidate,
		List<ChangeView> history, Map<String, Object> chart, String trafficSince, String state, boolean canEdit,
		boolean canPromote, boolean canPause, boolean canResume, boolean canAbort, boolean canRollback) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	/** One rollout step. */
	record StepView(int number, String weight, String hold, boolean current, boolean done) {
	}

	/** One gate: what it allows and what it reads now. */
	record GateView(String name, String threshold, String reading, boolean failing) {
	}

	/** One change. */
	record ChangeView(String time, String actor, String action, String phase, String split, String reason,
			boolean automatic, boolean bad) {
	}

	/** An instant as the page shows times. */
	static String time(long epochMillis) {
		return TIME.format(Instant.ofEpochMilli(epochMillis));
	}

	static DeploymentView of(DeploymentPage page) {
		Deployment d = page.deployment();
		boolean rolling = d.phase().rollingOut();
		double candidate = rolling ? d.candidateWeight() : 0;
		RolloutPlan plan = d.plan();
		List<StepView> steps = new ArrayList<>();
		if (plan != null && d.candidateVersion() != null) {
			List<RolloutPlan.Step> list = plan.effectiveSteps();
			for (int i = 0; i < list.size(); i++) {
				RolloutPlan.Step step = list.get(i);
				steps.add(new StepView(i + 1, percent(step.weight()),
						(step.pauseSeconds() != null) ? "hold " + seconds(step.pauseSeconds()) : "until resumed",
						rolling && i == d.stepIndex(), rolling ? i < d.stepIndex() : false));
			}
		}
		VersionStats stable = page.traffic().stable();
		VersionStats cand = page.traffic().candidate();
		List<GateView> gates = new ArrayList<>();
		if (plan != null && d.candidateVersion() != null) {
			Gates g = plan.gates();
			long seen = (cand != null) ? cand.requests() : 0;
			gates.add(new GateView("Minimum requests", Integer.toString(g.minRequests()), Long.toString(seen), false));
			if (g.maxErrorRate() != null) {
				Double rate = (cand != null) ? cand.errorRate() : null;
				gates.add(new GateView("Error rate", "≤ " + share(g.maxErrorRate()), share(rate),
						rate != null && rate > g.maxErrorRate()));
			}
			if (g.maxP99Millis() != null) {
				Double p99 = (cand != null) ? cand.p99Millis() : null;
				gates.add(new GateView("Latency p99", "≤ " + millis(g.maxP99Millis()), millis(p99),
						p99 != null && p99 > g.maxP99Millis()));
			}
			if (g.maxP50Millis() != null) {
				Double p50 = (cand != null) ? cand.p50Millis() : null;
				gates.add(new GateView("Latency p50", "≤ " + millis(g.maxP50Millis()), millis(p50),
						p50 != null && p50 > g.maxP50Millis()));
			}
			if (g.maxLatencyRatio() != null) {
				Double ratio = (cand != null && cand.p99Millis() != null && stable.p99Millis() != null)
						? cand.p99Millis() / Math.max(stable.p99Millis(), 0.001) : null;
				gates.add(new GateView("p99 vs stable", "≤ " + String.format(Locale.ROOT, "%.2f×", g.maxLatencyRatio()),
						(ratio != null) ? String.format(Locale.ROOT, "%.2f×", ratio) : "—",
						ratio != null && ratio > g.maxLatencyRatio()));
			}
			if (g.maxDisagreement() != null) {
				Double dis = (cand != null) ? cand.disagreement() : null;
				gates.add(new GateView("Disagreement", "≤ " + share(g.maxDisagreement()), share(dis),
						dis != null && dis > g.maxDisagreement()));
			}
			if (g.checksPredictionDrift()) {
				Long monitor = (d.options() != null) ? d.options().monitorId() : null;
				boolean drifting = d.message() != null && d.message().contains("predictions drift");
				gates.add(new GateView("Prediction drift",
						"none beyond the stable's (monitor " + ((monitor != null) ? monitor : "—") + ")",
						drifting ? "drifting" : "—", drifting));
			}
			gates.add(new GateView("Failed checks", "≤ " + g.failureLimit(), Integer.toString(d.failedChecks()),
					d.failedChecks() > g.failureLimit()));
		}
		List<ChangeView> history = page.history()
			.stream()
			.map((c) -> new ChangeView(TIME.format(Instant.ofEpochMilli(c.occurredAt())), c.actor(),
					c.action().replace("deployment.", "").replace('_', ' '), c.phase().name().toLowerCase(Locale.ROOT),
					split(c), c.reason(), "slipway".equals(c.actor()),
					c.action().endsWith("aborted") || c.action().endsWith("check_failed")
							|| c.action().endsWith("rolled_back") || c.action().endsWith("not_moved")))
			.toList();
		DeploymentPhase phase = d.phase();
		return new DeploymentView(d, phase.name().toLowerCase(Locale.ROOT), phaseClass(phase),
				(plan != null) ? strategy(plan.strategy()) : null, 100 - candidate, candidate, steps, gates, stable,
				cand, history, chart(page.traffic().series(), d),
				TIME.format(Instant.ofEpochMilli(page.traffic().since())), state(d, page.history()), page.canEdit(),
				page.canEdit() && rolling, page.canEdit() && phase == DeploymentPhase.PROGRESSING,
				page.canEdit() && phase == DeploymentPhase.PAUSED, page.canEdit() && rolling,
				page.canEdit() && !rolling && d.previousVersion() != null);
	}

	/**
	 * The chart data as JSON, for the page's {@code data-chart}; public, as the
	 * template's SpEL calls only public methods.
	 */
	public String chartJson() {
		return JSON.writeValueAsString(this.chart);
	}

	/**
	 * What the page shows of the rollout, in one string: the newest change (every step,
	 * failed check, promotion, pause or abort records one) and the split. A passed check
	 * also saves the deployment, so the revision alone would reload the page at every
	 * check.
	 */
	private static String state(Deployment d, List<DeploymentChange> history) {
		long newest = history.isEmpty() ? 0 : history.get(0).id();
		return newest + ":" + d.phase() + ":" + d.stableVersion() + ":" + d.candidateVersion() + ":" + d.stepIndex()
				+ ":" + d.candidateWeight() + ":" + d.failedChecks();
	}

	/** The candidate's share as text. */
	public String candidateShare() {
		return percent(this.candidateWeight);
	}

	/** The stable version's share as text. */
	public String stableShare() {
		return percent(this.stableWeight);
	}

	static String phaseClass(DeploymentPhase phase) {
		return switch (phase) {
			case STABLE -> "ok";
			case PROGRESSING -> "running";
			case PAUSED -> "warn";
			case ABORTED -> "failed";
		};
	}

	static String strategy(Strategy strategy) {
		return switch (strategy) {
			case CANARY -> "Canary";
			case AB -> "A/B";
			case SHADOW -> "Shadow";
			case BLUE_GREEN -> "Blue-green";
		};
	}

	static String time(Long millis) {
		return (millis != null) ? TIME.format(Instant.ofEpochMilli(millis)) : "—";
	}

	private static String split(DeploymentChange change) {
		return (change.candidateVersion() != null)
				? "v" + change.stableVersion() + " " + percent(100 - change.candidateWeight()) + " · v"
						+ change.candidateVersion() + " " + percent(change.candidateWeight())
				: "v" + change.stableVersion() + " 100%";
	}

	/**
	 * Requests per second, error rate and p99 per version, as the page's charts read
	 * them: by version number, each with its role, so a version keeps the split bar's
	 * colour in every chart.
	 */
	private static Map<String, Object> chart(List<StatsPoint> points, Deployment d) {
		Map<Integer, Map<String, List<Object>>> byVersion = new TreeMap<>();
		for (StatsPoint point : points) {
			Map<String, List<Object>> series = byVersion.computeIfAbsent(point.version(), (v) -> {
				Map<String, List<Object>> fresh = new LinkedHashMap<>();
				for (String key : List.of("time", "rate", "errors", "p99")) {
					fresh.put(key, new ArrayList<>());
				}
				return fresh;
			});
			series.get("time").add(point.time() / 1000);
			series.get("rate").add(point.requests() / 10.0);
			series.get("errors").add((point.requests() > 0) ? 100.0 * point.errors() / point.requests() : null);
			series.get("p99").add(point.p99Millis());
		}
		List<Map<String, Object>> versions = new ArrayList<>();
		byVersion.forEach((version, series) -> {
			Map<String, Object> entry = new LinkedHashMap<>(series);
			entry.put("version", version);
			entry.put("role", (version == d.stableVersion()) ? "stable"
					: version.equals(d.candidateVersion()) ? "candidate" : "other");
			versions.add(entry);
		});
		return Map.of("versions", versions);
	}

	static String percent(double value) {
		return ((value == Math.rint(value)) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.1f", value))
				+ "%";
	}

	private static String share(Double value) {
		return (value != null) ? String.format(Locale.ROOT, "%.2f%%", value * 100) : "—";
	}

	private static String millis(Double value) {
		return (value != null) ? String.format(Locale.ROOT, "%.1f ms", value) : "—";
	}

	private static String seconds(long seconds) {
		return (seconds % 60 == 0 && seconds >= 60) ? (seconds / 60) + " min" : seconds + " s";
	}

}
