package dev.slipway.registry.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.slipway.audit.AuditEvent;
import dev.slipway.registry.RegistryEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One audit record as the registry pages list it.
 *
 * @param id the record id
 * @param time when, as text
 * @param iso when, machine-readable
 * @param actor who did it
 * @param action what was done ({@code model_version.stage_transitioned})
 * @param version the version involved, or null
 * @param versionHref that version's page, or null
 * @param requestId the transition request involved, or null
 * @param reason the comment or reason given, or empty
 * @param changes what changed, one field a line ({@code stage: None → Production})
 * @param model the registered model's name at the time, or null for other resources
 * @param modelHref that model's page, or null
 */
record AuditRow(long id, String time, String iso, String actor, String action, Integer version, String versionHref,
		Long requestId, String reason, List<String> changes, String model, String modelHref) {

	/** Longest value a change line shows. */
	static final int MAX_VALUE = 120;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * The record as a model's page lists it: links go to that model (by its current
	 * name).
	 */
	static AuditRow of(String modelName, AuditEvent event) {
		return new AuditRow(event.id(), RegistryPaths.time(event.occurredAt()),
				RegistryPaths.isoTime(event.occurredAt()), event.actor(), event.action(), event.version(),
				(event.version() != null) ? RegistryPaths.version(modelName, event.version()) : null, event.requestId(),
				(event.reason() != null) ? event.reason() : "", changes(event.before(), event.after()), modelName,
				RegistryPaths.model(modelName));
	}

	/**
	 * The record as the trail of every model lists it: links go to the model by the name
	 * it had then.
	 */
	static AuditRow of(AuditEvent event) {
		if (RegistryEvent.RESOURCE_TYPE.equals(event.resourceType()) && event.resourceName() != null) {
			return of(event.resourceName(), event);
		}
		return new AuditRow(event.id(), RegistryPaths.time(event.occurredAt()),
				RegistryPaths.isoTime(event.occurredAt()), event.actor(), event.action(), event.version(), null,
				event.requestId(), (event.reason() != null) ? event.reason() : "",
				changes(event.before(), event.after()), null, null);
	}

	/** The fields of the two states as lines: changed ones with their old value. */
	static List<String> changes(String before, String after) {
		JsonNode old = read(before);
		JsonNode now = read(after);
		Set<String> keys = new LinkedHashSet<>();
		old.propertyNames().forEach(keys::add);
		now.propertyNames().forEach(keys::add);
		List<String> lines = new ArrayList<>();
		for (String key : keys) {
			String was = text(old.get(key));
			String is = text(now.get(key));
			if (was != null && is != null && !Objects.equals(was, is)) {
				lines.add(key + ": " + was + " → " + is);
			}
			else if (is != null) {
				lines.add(key + ": " + is);
			}
			else if (was != null && !now.has(key)) {
				lines.add(key + ": " + was + " → (gone)");
			}
		}
		return lines;
	}

	private static JsonNode read(String json) {
		if (json == null || json.isBlank()) {
			return JSON.createObjectNode();
		}
		try {
			JsonNode node = JSON.readTree(json);
			return (node != null && node.isObject()) ? node : JSON.createObjectNode();
		}
		catch (JacksonException ex) {
			return JSON.createObjectNode();
		}
	}

	private static String text(JsonNode value) {
		if (value == null || value.isNull() || value.isMissingNode()) {
			return null;
		}
		String text = value.isValueNode() ? value.asString() : value.toString();
		return (text.length() <= MAX_VALUE) ? text : text.substring(0, MAX_VALUE - 1) + "…";
	}

}
