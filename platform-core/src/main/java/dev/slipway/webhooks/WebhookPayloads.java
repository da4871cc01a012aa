package dev.slipway.webhooks;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.slipway.monitoring.MonitorAlert;
import dev.slipway.registry.RegistryEvent;
import dev.slipway.serving.DeploymentEvent;
import tools.jackson.databind.json.JsonMapper;

/** The JSON bodies subscribers receive. */
final class WebhookPayloads {

	/** The event type of a test delivery. */
	static final String TEST_EVENT = "webhook.test";

	/** The largest body stored and sent, in characters (the column holds 65536). */
	static final int MAX_LENGTH = 64_000;

	private static final int MAX_REASON = 1000;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private WebhookPayloads() {
	}

	/**
	 * The body for a registry event. When the states before and after would make it too
	 * large, they are left out and {@code "truncated": true} says so.
	 */
	static String of(String eventId, RegistryEvent event) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", eventId);
		body.put("type", event.type().wireName());
		body.put("occurred_at", Instant.ofEpochMilli(event.occurredAt()).toString());
		body.put("actor", event.actor());
		body.put("model", model(event.modelId(), event.modelName()));
		body.put("version", event.version());
		body.put("before", (event.before() != null) ? event.before() : Map.of());
		body.put("after", (event.after() != null) ? event.after() : Map.of());
		body.put("request_id", event.requestId());
		body.put("reason", event.reason());
		String json = JSON.writeValueAsString(body);
		if (json.length() <= MAX_LENGTH) {
			return json;
		}
		body.put("before", Map.of());
		body.put("after", Map.of());
		String reason = event.reason();
		if (reason != null && reason.length() > MAX_REASON) {
			body.put("reason", reason.substring(0, MAX_REASON));
		}
		body.put("truncated", true);
		return JSON.writeValueAsString(body);
	}

	/**
	 * The body for a monitoring alert. Its {@code text} field reads as a message in Slack
	 * (and Mattermost, Teams' incoming webhooks), which ignore the other fields.
	 */
	static String alert(String eventId, MonitorAlert alert) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", eventId);
		body.put("type", alert.type());
		body.put("occurred_at", Instant.ofEpochMilli(alert.occurredAt()).toString());
		body.put("model", model(alert.modelId(), alert.modelName()));
		Map<String, Object> monitor = new LinkedHashMap<>();
		monitor.put("id", alert.monitorId());
		monitor.put("name", alert.monitorName());
		body.put("monitor", monitor);
		Map<String, Object> rule = new LinkedHashMap<>();
		rule.put("id", alert.ruleId());
		rule.put("name", alert.ruleName());
		rule.put("metric", alert.metric().name());
		body.put("rule", rule);
		body.put("state", alert.state().name());
		body.put("value", alert.value());
		body.put("lower_bound", alert.lower());
		body.put("upper_bound", alert.upper());
		body.put("window_start", Instant.ofEpochMilli(alert.windowStart()).toString());
		String reason = (alert.reason() != null && alert.reason().length() > MAX_REASON)
				? alert.reason().substring(0, MAX_REASON) : alert.reason();
		body.put("reason", reason);
		body.put("text",
				((alert.state() == dev.slipway.monitoring.AlertState.FIRING) ? ":rotating_light: "
						: ":white_check_mark: ") + "Slipway alert *" + alert.ruleName() + "* on " + alert.modelName()
						+ " / " + alert.monitorName() + " is "
						+ ((alert.state() == dev.slipway.monitoring.AlertState.FIRING) ? "FIRING" : "RESOLVED")
						+ " for the window of " + Instant.ofEpochMilli(alert.windowStart()) + ": " + reason);
		return JSON.writeValueAsString(body);
	}

	/**
	 * The body for a deployment event: a rollout started, promoted, aborted (by a failed
	 * gate or a person) or rolled back. Its {@code text} field reads as a chat message.
	 */
	static String deployment(String eventId, DeploymentEvent event) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", eventId);
		body.put("type", event.type());
		body.put("occurred_at", Instant.ofEpochMilli(event.occurredAt()).toString());
		body.put("actor", event.actor());
		body.put("model", model(event.modelId(), event.modelName()));
		Map<String, Object> deployment = new LinkedHashMap<>();
		deployment.put("id", event.deploymentId());
		deployment.put("name", event.deploymentName());
		deployment.put("phase", event.phase().name().toLowerCase(Locale.ROOT));
		deployment.put("stable_version", event.stableVersion());
		deployment.put("candidate_version", event.candidateVersion());
		deployment.put("candidate_weight", event.candidateWeight());
		body.put("deployment", deployment);
		String reason = (event.reason() != null && event.reason().length() > MAX_REASON)
				? event.reason().substring(0, MAX_REASON) : event.reason();
		body.put("reason", reason);
		body.put("text",
				"Slipway deployment *" + event.deploymentName() + "* (" + event.modelName() + "): "
						+ event.type().substring("deployment.".length()).replace('_', ' ')
						+ ((reason != null) ? ": " + reason : ""));
		return JSON.writeValueAsString(body);
	}

	/** The body of a test delivery. */
	static String test(String eventId, long occurredAt, String actor, Webhook webhook, Long modelId) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", eventId);
		body.put("type", TEST_EVENT);
		body.put("occurred_at", Instant.ofEpochMilli(occurredAt).toString());
		body.put("actor", actor);
		body.put("model", (modelId != null) ? model(modelId, webhook.modelName()) : null);
		Map<String, Object> hook = new LinkedHashMap<>();
		hook.put("id", webhook.id());
		hook.put("name", webhook.name());
		body.put("webhook", hook);
		return JSON.writeValueAsString(body);
	}

	private static Map<String, Object> model(long id, String name) {
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("id", id);
		model.put("name", name);
		return model;
	}

}
