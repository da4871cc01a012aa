package dev.slipway.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.slipway.error.SlipwayException;
import dev.slipway.query.Page;
import dev.slipway.query.PageToken;
import dev.slipway.security.PermissionService;
import dev.slipway.security.ResourceType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit trail: records every {@link Auditable} event in the transaction that
 * published it, and reads records back for those who may see them. Admins see every
 * record; everyone else sees the records of the resources they can read, as the features
 * owning them answer ({@link AuditSubjects}).
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

	private final Map<ResourceType, AuditSubjects> subjects;

	AuditService(AuditRepository audit, PermissionService permissions, List<AuditSubjects> subjects) {
		this.audit = audit;
		this.permissions = permissions;
		this.subjects = new EnumMap<>(ResourceType.class);
		subjects.forEach((subject) -> this.subjects.put(subject.type(), subject));
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
	 * The query for these filters; each may be null or blank for "any". A resource named
	 * by its current name is followed under every name it had; a name that no resource
	 * has now (deleted, or renamed since) matches the records made under that name.
	 * Naming a resource the caller may not read is PERMISSION_DENIED.
	 * @param subjectType the kind of resource {@code subjectName} names
	 * @param subjectName a resource's name
	 * @param resourceType the records' resource type; with a name it defaults to
	 * {@code subjectType}
	 * @param actor who did it
	 * @param action the action, such as {@code model_version.stage_transitioned}
	 * @param from the earliest time, epoch milliseconds, inclusive
	 * @param to the latest time, epoch milliseconds, exclusive
	 */
	@PreAuthorize("isAuthenticated()")
	public AuditQuery query(ResourceType subjectType, String subjectName, String resourceType, String actor,
			String action, Long from, Long to) {
		String type = blankToNull(resourceType);
		String name = blankToNull(subjectName);
		if (name == null) {
			return new AuditQuery(type, null, null, null, blankToNull(actor), blankToNull(action), from, to);
		}
		String queried = (type != null) ? type : subjectType.name();
		if (!queried.equals(subjectType.name())) {
			// The name is a subject's (a model's), whose key means nothing among records
			// of
			// another kind (a deployment's): those are found by the name they carry.
			return new AuditQuery(queried, null, name, null, blankToNull(actor), blankToNull(action), from, to);
		}
		AuditSubjects subject = this.subjects.get(subjectType);
		Optional<Long> id = (subject != null) ? subject.find(name) : Optional.empty();
		return id
			.map((resourceId) -> new AuditQuery(queried, resourceId, null, null, blankToNull(actor),
					blankToNull(action), from, to))
			.orElseGet(
					() -> new AuditQuery(queried, null, name, null, blankToNull(actor), blankToNull(action), from, to));
	}

	/** The actions recorded about the resources of every feature, sorted. */
	public List<String> actions() {
		return this.subjects.values().stream().flatMap((subject) -> subject.actions().stream()).sorted().toList();
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

	/**
	 * Admins read every record; anyone else the records of resources they can read, as
	 * the owning feature decides. Records of other kinds (an every-model webhook) are for
	 * admins only.
	 */
	private String readable() {
		if (this.permissions.visibility().all()) {
			return "1 = 1";
		}
		if (this.subjects.isEmpty()) {
			return "1 = 0";
		}
		return this.subjects.values()
			.stream()
			.map((subject) -> "(a.resource_type = '" + subject.type().name() + "' AND "
					+ subject.readableSql("a.resource_id") + ")")
			.collect(Collectors.joining(" OR ", "(", ")"));
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
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
