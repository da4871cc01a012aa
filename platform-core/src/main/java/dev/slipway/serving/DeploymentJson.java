package dev.slipway.serving;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON of what serving keeps as text: backends, rollout plans, options, gate readings.
 */
final class DeploymentJson {

	static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private DeploymentJson() {
	}

	static String write(Object value) {
		return (value != null) ? JSON.writeValueAsString(value) : null;
	}

	static <T> T read(String json, Class<T> type) {
		return (json != null) ? JSON.readValue(json, type) : null;
	}

}
