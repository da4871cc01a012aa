package dev.slipway.audit.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.slipway.audit.AuditEvent;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One audit record as the pages list it.
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
 * @param resource the name of what the record is about, or null where no page shows it
 * @param resourceHref that resource's page, or null
 */
public record AuditRow(long id, String time, String iso, String actor, String action, Integer version,
		String versionHref, Long requestId, String reason, List<String> changes, String resource, String resourceHref) {

	/** Longest value a change line shows. */
	static final int MAX_VALUE = 120;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	/** The record, linked to its resource's pages when they are given. */
	static AuditRow of(AuditEvent event, String resource, String resourceHref, String versionHref) {
		Instant at = Instant.ofEpochMilli(event.occurredAt());
		return new AuditRow(event.id(), TIME.format(at), at.toString(), event.actor(), event.action(), event.version(),
				versionHref, event.requestId(), (event.reason() != null) ? event.reason() : "",
				changes(event.before(), event.after()), resource, resourceHref);
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
