package dev.slipway.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Hand-written SQL for {@code audit_events}: insert and read, nothing else. */
@Repository
class AuditRepository {

	private final JdbcClient jdbc;

	AuditRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(AuditEntry entry, String before, String after) {
		this.jdbc
			.sql("INSERT INTO audit_events (occurred_at, actor, action, resource_type, resource_id, resource_name, "
					+ "version, before_state, after_state, request_id, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(entry.occurredAt(), entry.actor(), entry.action(), entry.resourceType(), entry.resourceId(),
					entry.resourceName(), entry.version(), before, after, entry.requestId(), entry.reason())
			.update();
	}

	/**
	 * Events matching the query and {@code readable} (a SQL condition on
	 * {@code a.resource_id}), newest first, starting below {@code beforeId} when given.
	 */
	List<AuditEvent> find(AuditQuery query, String readable, Long beforeId, int limit) {
		List<Object> args = new ArrayList<>();
		String sql = "SELECT a.* FROM audit_events a WHERE " + where(query, readable, beforeId, args)
				+ " ORDER BY a.id DESC LIMIT " + limit;
		return this.jdbc.sql(sql).params(args).query(AuditRepository::row).list();
	}

	/** Streams every matching event, oldest first, in batches so memory stays bounded. */
	void forEach(AuditQuery query, String readable, int batch, Consumer<AuditEvent> consumer) {
		long afterId = 0;
		while (true) {
			List<Object> args = new ArrayList<>();
			String sql = "SELECT a.* FROM audit_events a WHERE " + where(query, readable, null, args)
					+ " AND a.id > ? ORDER BY a.id LIMIT " + batch;
			args.add(afterId);
			List<AuditEvent> events = this.jdbc.sql(sql).params(args).query(AuditRepository::row).list();
			events.forEach(consumer);
			if (events.size() < batch) {
				return;
			}
			afterId = events.get(events.size() - 1).id();
		}
	}

	private static String where(AuditQuery query, String readable, Long beforeId, List<Object> args) {
		StringBuilder where = new StringBuilder(readable);
		if (query.resourceType() != null) {
			where.append(" AND a.resource_type = ?");
			args.add(query.resourceType());
		}
		if (query.resourceId() != null) {
			where.append(" AND a.resource_id = ?");
			args.add(query.resourceId());
		}
		if (query.resourceName() != null) {
			where.append(" AND a.resource_name = ?");
			args.add(query.resourceName());
		}
		if (query.version() != null) {
			where.append(" AND a.version = ?");
			args.add(query.version());
		}
		if (query.actor() != null) {
			where.append(" AND a.actor = ?");
			args.add(query.actor());
		}
		if (query.action() != null) {
			where.append(" AND a.action = ?");
			args.add(query.action());
		}
		if (query.from() != null) {
			where.append(" AND a.occurred_at >= ?");
			args.add(query.from());
		}
		if (query.to() != null) {
			where.append(" AND a.occurred_at < ?");
			args.add(query.to());
		}
		if (beforeId != null) {
			where.append(" AND a.id < ?");
			args.add(beforeId);
		}
		return where.toString();
	}

	private static AuditEvent row(ResultSet rs, int rowNum) throws SQLException {
		long resourceId = rs.getLong("resource_id");
		Long resource = rs.wasNull() ? null : resourceId;
		int version = rs.getInt("version");
		Integer versionNumber = rs.wasNull() ? null : version;
		long requestId = rs.getLong("request_id");
		Long request = rs.wasNull() ? null : requestId;
		return new AuditEvent(rs.getLong("id"), rs.getLong("occurred_at"), rs.getString("actor"),
				rs.getString("action"), rs.getString("resource_type"), resource, rs.getString("resource_name"),
				versionNumber, rs.getString("before_state"), rs.getString("after_state"), request,
				rs.getString("reason"));
	}

}
