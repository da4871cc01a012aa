package dev.slipway.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.slipway.error.SlipwayException;
import dev.slipway.query.Page;
import dev.slipway.query.PageToken;
import dev.slipway.security.PermissionService;
import dev.slipway.security.ResourceType;
import dev.slipway.security.Visibility;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit trail: records every {@link Auditable} event in the transaction that
 * published it, and reads records back for those who may see them. Admins see every
 * record; everyone else sees the records of registered models they can read.
 */
@Service
@Transactional(readOnly = true)
public class AuditService {

	/** The most records one page returns. */
	public static final int MAX_PAGE_SIZE = 1000;

	/** Records read per batch while exporting. */
	private static final int EXPORT_BATCH = 500;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final AuditRepository audit;

	private final PermissionService permissions;

	AuditService(AuditRepository audit, PermissionService permissions) {
		this.audit = audit;
		this.permissions = permissions;
	}

	/**
	 * Writes the record. It joins the publisher's transaction and fails with it, so a
	 * change is never committed without its record.
	 */
	@EventListener
	@Transactional(propagation = Propagation.MANDATORY)
	public void record(Auditable event) {
		AuditEntry entry = event.auditEntry();
		this.audit.insert(entry, json(entry.before()), json(entry.after()));
	}

	/**
	 * One page of matching records, newest first.
	 * @param pageToken the token of the previous page, or null
	 * @param maxResults 1 to {@value #MAX_PAGE_SIZE}
	 */
	@PreAuthorize("isAuthenticated()")
	public Page<AuditEvent> page(AuditQuery query, String pageToken, int maxResults) {
		if (maxResults < 1 || maxResults > MAX_PAGE_SIZE) {
			throw SlipwayException.invalidArgument("max_results", "must be between 1 and " + MAX_PAGE_SIZE);
		}
		long before = PageToken.decode(pageToken);
		List<AuditEvent> events = this.audit.find(query, readable(), (before > 0) ? before : null, maxResults + 1);
		if (events.size() <= maxResults) {
			return new Page<>(events, null);
		}
		List<AuditEvent> items = events.subList(0, maxResults);
		return new Page<>(List.copyOf(items), PageToken.encode(items.get(items.size() - 1).id()));
	}

	/**
	 * Writes every matching record as CSV (RFC 4180), oldest first, reading in batches so
	 * memory stays bounded however long the trail is. Cells that a spreadsheet would run
	 * as a formula are prefixed with a quote.
	 */
	@PreAuthorize("isAuthenticated()")
	public void exportCsv(AuditQuery query, Writer out) {
		try {
			out.write("id,occurred_at,actor,action,resource_type,resource_id,resource_name,version,request_id,"
					+ "reason,before,after\r\n");
			this.audit.forEach(query, readable(), EXPORT_BATCH, (event) -> writeRow(out, event));
			out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String readable() {
		Visibility visibility = this.permissions.visibility();
		if (visibility.all()) {
			return "1 = 1";
		}
		return "(a.resource_type = 'REGISTERED_MODEL' AND a.resource_id IN (SELECT rm.id FROM registered_models rm WHERE "
				+ visibility.readableSql(ResourceType.REGISTERED_MODEL, "rm.id") + "))";
	}

	private static void writeRow(Writer out, AuditEvent event) {
		try {
			out.write(event.id() + "," + Instant.ofEpochMilli(event.occurredAt()) + "," + cell(event.actor()) + ","
					+ cell(event.action()) + "," + cell(event.resourceType()) + "," + text(event.resourceId()) + ","
					+ cell(event.resourceName()) + "," + text(event.version()) + "," + text(event.requestId()) + ","
					+ cell(event.reason()) + "," + cell(event.before()) + "," + cell(event.after()) + "\r\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String text(Object value) {
		return (value != null) ? value.toString() : "";
	}

	static String cell(String value) {
		if (value == null || value.isEmpty()) {
			return "";
		}
		String safe = value;
		char first = value.charAt(0);
		if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
			safe = "'" + value;
		}
		if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0) {
			return "\"" + safe.replace("\"", "\"\"") + "\"";
		}
		return safe;
	}

	/** The longest before or after state a record keeps (the column's size). */
	static final int MAX_STATE_LENGTH = 20_000;

	/** How much of a long text value a shortened state keeps. */
	private static final int SHORTENED_VALUE_LENGTH = 2_000;

	/**
	 * The state as a JSON object, at most {@value #MAX_STATE_LENGTH} characters: long
	 * text values (a 64 KB description) are shortened and the state marked
	 * {@code "_truncated": true}, so a large change is still recorded rather than
	 * refused.
	 */
	static String json(Map<String, Object> state) {
		Map<String, Object> given = (state != null) ? state : Map.of();
		String json = JSON.writeValueAsString(given);
		if (json.length() <= MAX_STATE_LENGTH) {
			return json;
		}
		Map<String, Object> shortened = new java.util.LinkedHashMap<>();
		given.forEach((key, value) -> shortened.put(key,
				(value instanceof String text && text.length() > SHORTENED_VALUE_LENGTH)
						? text.substring(0, SHORTENED_VALUE_LENGTH) + "…" : value));
		shortened.put("_truncated", true);
		json = JSON.writeValueAsString(shortened);
		return (json.length() <= MAX_STATE_LENGTH) ? json : "{\"_truncated\":true}";
	}

}
