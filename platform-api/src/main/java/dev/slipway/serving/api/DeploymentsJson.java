package dev.slipway.serving.api;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.slipway.error.SlipwayException;
import dev.slipway.serving.Backend;
import dev.slipway.serving.Deployment;
import dev.slipway.serving.DeploymentChange;
import dev.slipway.serving.DeploymentOptions;
import dev.slipway.serving.DeploymentTraffic;
import dev.slipway.serving.Gates;
import dev.slipway.serving.RolloutPlan;
import dev.slipway.serving.StatsPoint;
import dev.slipway.serving.Strategy;
import dev.slipway.serving.VersionStats;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * The wire records of the deployments API, snake_case, with their mappings to and from
 * the core's types. Strategies and phases are lower-case on the wire.
 */
final class DeploymentsJson {

	private DeploymentsJson() {
	}

	/** How a version runs. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record BackendJson(String runtime, String url, String protocol, String remoteModel, Map<String, String> headers,
			Long timeoutMs) {

		static BackendJson of(Backend backend) {
			if (backend == null) {
				return null;
			}
			// Header values may hold credentials: only their names are shown.
			Map<String, String> masked = new java.util.TreeMap<>();
			backend.headers().keySet().forEach((name) -> masked.put(name, "***"));
			return new BackendJson(backend.runtime(), backend.url(), backend.protocol(), backend.remoteModel(),
					masked.isEmpty() ? null : masked, backend.timeoutMillis());
		}

		Backend toBackend() {
			return new Backend(this.runtime, this.url, this.protocol, this.remoteModel, this.headers, this.timeoutMs);
		}

	}

	/** Monitoring and promotion options. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record OptionsJson(Long monitorId, String promoteAlias, String promoteStage) {

		static OptionsJson of(DeploymentOptions options) {
			return (options != null)
					? new OptionsJson(options.monitorId(), options.promoteAlias(), options.promoteStage()) : null;
		}

		DeploymentOptions toOptions() {
			return new DeploymentOptions(this.monitorId, this.promoteAlias, this.promoteStage);
		}

	}

	/** A new deployment. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record NewDeploymentJson(String name, String description, String model, String version, BackendJson backend,
			OptionsJson options) {
	}

	/** A change of description or options. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record DeploymentChangeJson(String description, OptionsJson options) {
	}

	/** A manual action's reason. */
	record ActionJson(String reason) {
	}

	/** One canary step. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record StepJson(Double weight, Long pauseSeconds) {
	}

	/** The gates. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record GatesJson(Integer intervalSeconds, Integer minRequests, Double maxErrorRate, Double maxP99Ms,
			Double maxP50Ms, Double maxLatencyRatio, Double maxDisagreement, Integer failureLimit,
			Boolean predictionDrift) {

		static GatesJson of(Gates gates) {
			return new GatesJson(gates.intervalSeconds(), gates.minRequests(), gates.maxErrorRate(),
					gates.maxP99Millis(), gates.maxP50Millis(), gates.maxLatencyRatio(), gates.maxDisagreement(),
					gates.failureLimit(), gates.predictionDrift());
		}

		Gates toGates() {
			return new Gates(this.intervalSeconds, this.minRequests, this.maxErrorRate, this.maxP99Ms, this.maxP50Ms,
					this.maxLatencyRatio, this.maxDisagreement, this.failureLimit, this.predictionDrift);
		}

	}

	/** A rollout plan as sent and shown. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record PlanJson(String strategy, List<StepJson> steps, Double split, String stickyHeader, Double mirrorPercent,
			Long previewSeconds, GatesJson gates) {

		static PlanJson of(RolloutPlan plan) {
			if (plan == null) {
				return null;
			}
			return new PlanJson(plan.strategy().name().toLowerCase(Locale.ROOT),
					plan.steps().stream().map((s) -> new StepJson(s.weight(), s.pauseSeconds())).toList(), plan.split(),
					plan.stickyHeader(), plan.mirrorPercent(), plan.previewSeconds(), GatesJson.of(plan.gates()));
		}

		RolloutPlan toPlan() {
			Strategy parsed = null;
			if (this.strategy != null) {
				try {
					parsed = Strategy.valueOf(this.strategy.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
				}
				catch (IllegalArgumentException ex) {
					throw SlipwayException.invalidArgument("strategy",
							"'" + this.strategy + "' is not one of canary, ab, shadow, blue_green");
				}
			}
			List<RolloutPlan.Step> parsedSteps = (this.steps != null) ? this.steps.stream().map((s) -> {
				if (s == null || s.weight() == null) {
					throw SlipwayException.invalidArgument("steps", "every step needs a weight");
				}
				return new RolloutPlan.Step(s.weight(), s.pauseSeconds());
			}).toList() : List.of();
			return new RolloutPlan(parsed, parsedSteps, this.split, this.stickyHeader, this.mirrorPercent,
					this.previewSeconds, (this.gates != null) ? this.gates.toGates() : null);
		}

	}

	/** A rollout to start. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record NewRolloutJson(String version, BackendJson backend, String strategy, List<StepJson> steps, Double split,
			String stickyHeader, Double mirrorPercent, Long previewSeconds, GatesJson gates) {

		RolloutPlan toPlan() {
			return new PlanJson(this.strategy, this.steps, this.split, this.stickyHeader, this.mirrorPercent,
					this.previewSeconds, this.gates)
				.toPlan();
		}

	}

	/** A deployment. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record DeploymentJson(long id, String name, String description, String model, int stableVersion,
			BackendJson stableBackend, Integer candidateVersion, BackendJson candidateBackend, Integer previousVersion,
			String phase, double candidateWeight, int step, PlanJson rollout, OptionsJson options, Long stepStartedAt,
			int failedChecks, Long lastCheckedAt, String message, String rolloutBy, String createdBy, long createdAt,
			long updatedAt, long revision, String invocationsPath, String inferPath) {

		static DeploymentJson of(Deployment d) {
			return new DeploymentJson(d.id(), d.name(), d.description(), d.model(), d.stableVersion(),
					BackendJson.of(d.stableBackend()), d.candidateVersion(), BackendJson.of(d.candidateBackend()),
					d.previousVersion(), d.phase().name().toLowerCase(Locale.ROOT), d.candidateWeight(), d.stepIndex(),
					PlanJson.of(d.plan()), OptionsJson.of(d.options()), d.stepStartedAt(), d.failedChecks(),
					d.lastCheckedAt(), d.message(), d.rolloutBy(), d.createdBy(), d.createdAt(), d.updatedAt(),
					d.revision(), "/serve/" + d.name() + "/invocations", "/v2/models/" + d.name() + "/infer");
		}

	}

	/** A page of deployments. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record DeploymentPageJson(List<DeploymentJson> deployments, String nextPageToken) {
	}

	/** One change. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record ChangeJson(long id, long occurredAt, String actor, String action, String phase, int stableVersion,
			Integer candidateVersion, double candidateWeight, String reason, String details) {

		static ChangeJson of(DeploymentChange c) {
			return new ChangeJson(c.id(), c.occurredAt(), c.actor(), c.action(),
					c.phase().name().toLowerCase(Locale.ROOT), c.stableVersion(), c.candidateVersion(),
					c.candidateWeight(), c.reason(), c.details());
		}

	}

	/** A page of history. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record HistoryJson(List<ChangeJson> changes, Long nextBeforeId) {
	}

	/** One version's totals. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record VersionStatsJson(int version, long requests, long errors, Double errorRate, Double p50Ms, Double p99Ms,
			long compared, long disagreed, Double disagreement) {

		static VersionStatsJson of(VersionStats s) {
			return (s != null) ? new VersionStatsJson(s.version(), s.requests(), s.errors(), s.errorRate(),
					s.p50Millis(), s.p99Millis(), s.compared(), s.disagreed(), s.disagreement()) : null;
		}

	}

	/** One chart point. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record PointJson(long time, int version, long requests, long errors, Double p50Ms, Double p99Ms) {

		static PointJson of(StatsPoint p) {
			return new PointJson(p.time(), p.version(), p.requests(), p.errors(), p.p50Millis(), p.p99Millis());
		}

	}

	/** Requests of both versions. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record TrafficJson(long since, VersionStatsJson stable, VersionStatsJson candidate, List<PointJson> series) {

		static TrafficJson of(DeploymentTraffic t) {
			return new TrafficJson(t.since(), VersionStatsJson.of(t.stable()), VersionStatsJson.of(t.candidate()),
					t.series().stream().map(PointJson::of).toList());
		}

	}

}
