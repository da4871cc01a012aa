package dev.slipway.monitoring;

import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.json.JsonMapper;

/** JSON of what monitoring keeps as text: schemas, settings, bins and cached results. */
final class MonitorJson {

	static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

	private MonitorJson() {
	}

	static String write(Object value) {
		return JSON.writeValueAsString(value);
	}

	static <T> T read(String json, Class<T> type) {
		return JSON.readValue(json, type);
	}

}
