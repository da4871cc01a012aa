package dev.slipway.serving;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.slipway.error.SlipwayException;

/**
 * Checks rollout plans and backends before anything is written, and turns every strategy
 * into the steps the rollout engine walks.
 */
final class RolloutPlans {

	/** The most canary steps a plan may have. */
	static final int MAX_STEPS = 50;

	/** The longest pause or preview: thirty days. */
	static final long MAX_SECONDS = 30L * 24 * 3600;

	private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");

	private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

	private RolloutPlans() {
	}

	/** A deployment name: a DNS label, as Kubernetes and URLs like it. */
	static String checkedName(String name) {
		if (name == null || !NAME.matcher(name).matches()) {
			throw SlipwayException.invalidArgument("name",
					"must be 1 to 63 lower-case letters, digits and dashes, starting and ending with a letter or digit");
		}
		return name;
	}

	/** The backend checked, with defaults filled in. */
	static Backend checked(Backend backend, String field) {
		Backend given = (backend != null) ? backend : Backend.auto();
		String runtime = given.runtime().toLowerCase(Locale.ROOT);
		if (!Backend.RUNTIMES.contains(runtime)) {
			throw SlipwayException.invalidArgument(field + ".runtime",
					"'" + given.runtime() + "' is not one of " + String.join(", ", Backend.RUNTIMES));
		}
		if (!runtime.equals("external")) {
			if (given.url() != null) {
				throw SlipwayException.invalidArgument(field + ".url", "is only for the runtime external");
			}
			return new Backend(runtime, null, null, null, null, null);
		}
		String url = given.url();
		URI uri;
		try {
			uri = (url != null) ? URI.create(url) : null;
		}
		catch (IllegalArgumentException ex) {
			uri = null;
		}
		if (uri == null || uri.getHost() == null
				|| !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
			throw SlipwayException.invalidArgument(field + ".url", "must be an http or https URL with a host");
		}
		if (url.length() > 2000) {
			throw SlipwayException.invalidArgument(field + ".url", "is longer than 2000 characters");
		}
		String protocol = (given.protocol() != null) ? given.protocol().toLowerCase(Locale.ROOT) : "mlflow";
		if (!protocol.equals("mlflow") && !protocol.equals("v2")) {
			throw SlipwayException.invalidArgument(field + ".protocol", "must be mlflow or v2");
		}
		if (protocol.equals("v2") && (given.remoteModel() == null || given.remoteModel().isBlank())) {
			throw SlipwayException.invalidArgument(field + ".remote_model",
					"names the model on the endpoint; required with the protocol v2");
		}
		if (given.headers().size() > 20) {
			throw SlipwayException.invalidArgument(field + ".headers", "may hold at most 20 headers");
		}
		given.headers().forEach((name, value) -> {
			if (!HEADER.matcher(name).matches() || value == null || value.length() > 4000 || value.contains("\n")
					|| value.contains("\r")) {
				throw SlipwayException.invalidArgument(field + ".headers", "'" + name + "' is not a valid header");
			}
		});
		if (given.timeoutMillis() != null && (given.timeoutMillis() < 1 || given.timeoutMillis() > 600_000)) {
			throw SlipwayException.invalidArgument(field + ".timeout_ms", "must be from 1 to 600000");
		}
		return new Backend(runtime, url, protocol, given.remoteModel(), given.headers(), given.timeoutMillis());
	}

	/** The plan checked, with the defaults of its strategy filled in. */
	static RolloutPlan checked(RolloutPlan plan) {
		if (plan == null || plan.strategy() == null) {
			throw SlipwayException.invalidArgument("strategy", "is required: canary, ab, shadow or blue_green");
		}
		Gates gates = checked(plan.gates());
		String sticky = plan.stickyHeader();
		if (sticky != null && !HEADER.matcher(sticky).matches()) {
			throw SlipwayException.invalidArgument("sticky_header", "'" + sticky + "' is not a header name");
		}
		seconds("preview_seconds", plan.previewSeconds());
		switch (plan.strategy()) {
			case CANARY -> {
				if (plan.steps().isEmpty()) {
					throw SlipwayException.invalidArgument("steps", "a canary needs at least one step");
				}
				if (plan.steps().size() > MAX_STEPS) {
					throw SlipwayException.invalidArgument("steps", "may hold at most " + MAX_STEPS + " steps");
				}
				for (int i = 0; i < plan.steps().size(); i++) {
					RolloutPlan.Step step = plan.steps().get(i);
					if (step == null || !(step.weight() >= 0 && step.weight() <= 100)) {
						throw SlipwayException.invalidArgument("steps[" + i + "].weight", "must be from 0 to 100");
					}
					seconds("steps[" + i + "].pause_seconds", step.pauseSeconds());
				}
				return new RolloutPlan(plan.strategy(), plan.steps(), null, sticky, null, null, gates);
			}
			case AB -> {
				Double split = plan.split();
				if (split == null || !(split > 0 && split < 100)) {
					throw SlipwayException.invalidArgument("split",
							"is the candidate's share in percent, above 0 and below 100");
				}
				none("steps", plan.steps());
				return new RolloutPlan(plan.strategy(), List.of(), split, sticky, null, null, gates);
			}
			case SHADOW -> {
				Double mirror = (plan.mirrorPercent() != null) ? plan.mirrorPercent() : 100.0;
				if (!(mirror > 0 && mirror <= 100)) {
					throw SlipwayException.invalidArgument("mirror_percent", "must be above 0 and at most 100");
				}
				none("steps", plan.steps());
				return new RolloutPlan(plan.strategy(), List.of(), null, null, mirror, plan.previewSeconds(), gates);
			}
			case BLUE_GREEN -> {
				none("steps", plan.steps());
				return new RolloutPlan(plan.strategy(), List.of(), null, null, null, plan.previewSeconds(), gates);
			}
			default -> throw new IllegalStateException(plan.strategy().name());
		}
	}

	/**
	 * The steps the engine walks: canary's own; A/B one held step at its split; shadow
	 * one step with no traffic held for the preview; blue-green a preview with no
	 * traffic, then all traffic held for one check interval.
	 */
	static List<RolloutPlan.Step> steps(RolloutPlan plan) {
		return switch (plan.strategy()) {
			case CANARY -> plan.steps();
			case AB -> List.of(new RolloutPlan.Step(plan.split(), null));
			case SHADOW -> List.of(new RolloutPlan.Step(0, plan.previewSeconds()));
			case BLUE_GREEN -> List.of(new RolloutPlan.Step(0, plan.previewSeconds()),
					new RolloutPlan.Step(100, (long) plan.gates().intervalSeconds()));
		};
	}

	/** A percentage as basis points. */
	static int basisPoints(double percent) {
		return (int) Math.round(percent * 100);
	}

	private static Gates checked(Gates gates) {
		Gates given = (gates != null) ? gates : Gates.none();
		if (given.intervalSeconds() < 1 || given.intervalSeconds() > 86_400) {
			throw SlipwayException.invalidArgument("gates.interval_seconds", "must be from 1 to 86400");
		}
		if (given.minRequests() < 0 || given.minRequests() > 100_000_000) {
			throw SlipwayException.invalidArgument("gates.min_requests", "must be from 0 to 100000000");
		}
		if (given.failureLimit() < 0 || given.failureLimit() > 1000) {
			throw SlipwayException.invalidArgument("gates.failure_limit", "must be from 0 to 1000");
		}
		share("gates.max_error_rate", given.maxErrorRate());
		share("gates.max_disagreement", given.maxDisagreement());
		positive("gates.max_p99_ms", given.maxP99Millis());
		positive("gates.max_p50_ms", given.maxP50Millis());
		positive("gates.max_latency_ratio", given.maxLatencyRatio());
		return given;
	}

	private static void share(String field, Double value) {
		if (value != null && !(value >= 0 && value <= 1)) {
			throw SlipwayException.invalidArgument(field, "must be a share from 0 to 1");
		}
	}

	private static void positive(String field, Double value) {
		if (value != null && !(value > 0 && value < 1e12)) {
			throw SlipwayException.invalidArgument(field, "must be a positive number");
		}
	}

	private static void seconds(String field, Long value) {
		if (value != null && (value < 0 || value > MAX_SECONDS)) {
			throw SlipwayException.invalidArgument(field, "must be from 0 to " + MAX_SECONDS + " seconds");
		}
	}

	private static void none(String field, List<?> values) {
		if (!values.isEmpty()) {
			throw SlipwayException.invalidArgument(field, "are only for the canary strategy");
		}
	}

}
