package dev.slipway.webhooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Hand-written SQL for {@code webhooks} and {@code webhook_deliveries}. */
@Repository
class WebhookRepository {

	private static final String SELECT_HOOK = "SELECT w.id, w.model_id, w.name, w.url, w.events, w.active, "
			+ "w.created_by, w.created_at FROM webhooks w ";

	private static final String SELECT_DELIVERY = "SELECT d.id, d.webhook_id, d.event_id, d.event_type, d.status, "
			+ "d.attempts, d.last_attempt_at, d.next_attempt_at, d.response_code, d.last_error, d.created_at, d.payload "
			+ "FROM webhook_deliveries d ";

	private final JdbcClient jdbc;

	WebhookRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A webhook as stored, with the key of its model (null for every model); the
	 * webhook's model name is filled in by the service, which asks the registry.
	 */
	record HookRow(Long modelId, Webhook webhook) {

		HookRow withModelName(String modelName) {
			Webhook hook = this.webhook;
			return new HookRow(this.modelId, new Webhook(hook.id(), modelName, hook.name(), hook.url(), hook.events(),
					hook.active(), hook.createdBy(), hook.createdAt()));
		}

	}

	/** A webhook's subscription, as the outbox reads it. */
	record Subscription(long id, List<String> events) {
	}

	/** A claimed delivery with what it takes to send it. */
	record Claimed(long id, long webhookId, String eventId, String eventType, String payload, int attempts, String url,
			String secret, boolean active) {
	}

	long count(Long modelId) {
		if (modelId == null) {
			return this.jdbc.sql("SELECT COUNT(*) FROM webhooks WHERE model_id IS NULL").query(Long.class).single();
		}
		return this.jdbc.sql("SELECT COUNT(*) FROM webhooks WHERE model_id = ?")
			.param(modelId)
			.query(Long.class)
			.single();
	}

	long insert(Long modelId, String name, String url, String secret, String events, String createdBy, long now) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO webhooks (model_id, name, url, secret, events, active, created_by, created_at) "
					+ "VALUES (?, ?, ?, ?, ?, TRUE, ?, ?)")
			.params(modelId, name, url, secret, events, createdBy, now)
			.update(keys, "id");
		return keys.getKey().longValue();
	}

	Optional<HookRow> find(long id) {
		return this.jdbc.sql(SELECT_HOOK + "WHERE w.id = ?").param(id).query(WebhookRepository::hook).optional();
	}

	/**
	 * A model's webhooks, or the every-model ones for null, oldest first, at most
	 * {@code limit}.
	 */
	List<HookRow> list(Long modelId, int limit) {
		if (modelId == null) {
			return this.jdbc.sql(SELECT_HOOK + "WHERE w.model_id IS NULL ORDER BY w.id LIMIT " + limit)
				.query(WebhookRepository::hook)
				.list();
		}
		return this.jdbc.sql(SELECT_HOOK + "WHERE w.model_id = ? ORDER BY w.id LIMIT " + limit)
			.param(modelId)
			.query(WebhookRepository::hook)
			.list();
	}

	void setActive(long id, boolean active) {
		this.jdbc.sql("UPDATE webhooks SET active = ? WHERE id = ?").params(active, id).update();
	}

	void delete(long id) {
		this.jdbc.sql("DELETE FROM webhook_deliveries WHERE webhook_id = ?").param(id).update();
		this.jdbc.sql("DELETE FROM webhooks WHERE id = ?").param(id).update();
	}

	/** The active webhooks on this model or on every model, at most {@code limit}. */
	List<Subscription> subscriptions(long modelId, int limit) {
		return this.jdbc
			.sql("SELECT id, events FROM webhooks WHERE active = TRUE AND (model_id = ? OR model_id IS NULL) "
					+ "ORDER BY id LIMIT " + limit)
			.param(modelId)
			.query((rs, n) -> new Subscription(rs.getLong("id"), events(rs.getString("events"))))
			.list();
	}

	long insertDelivery(long webhookId, String eventId, String eventType, String payload, long nextAttemptAt,
			long now) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, payload, status, attempts, "
					+ "next_attempt_at, created_at) VALUES (?, ?, ?, ?, 'PENDING', 0, ?, ?)")
			.params(webhookId, eventId, eventType, payload, nextAttemptAt, now)
			.update(keys, "id");
		return keys.getKey().longValue();
	}

	Optional<WebhookDelivery> delivery(long id) {
		return this.jdbc.sql(SELECT_DELIVERY + "WHERE d.id = ?")
			.param(id)
			.query(WebhookRepository::delivery)
			.optional();
	}

	/** A webhook's deliveries, newest first, below {@code beforeId} when given. */
	List<WebhookDelivery> deliveries(long webhookId, Long beforeId, int limit) {
		if (beforeId == null) {
			return this.jdbc.sql(SELECT_DELIVERY + "WHERE d.webhook_id = ? ORDER BY d.id DESC LIMIT " + limit)
				.param(webhookId)
				.query(WebhookRepository::delivery)
				.list();
		}
		return this.jdbc.sql(SELECT_DELIVERY + "WHERE d.webhook_id = ? AND d.id < ? ORDER BY d.id DESC LIMIT " + limit)
			.params(webhookId, beforeId)
			.query(WebhookRepository::delivery)
			.list();
	}

	/** The ids of pending deliveries due at {@code now}, those waiting longest first. */
	List<Long> due(long now, int limit) {
		return this.jdbc
			.sql("SELECT id FROM webhook_deliveries WHERE status = 'PENDING' AND next_attempt_at <= ? "
					+ "ORDER BY next_attempt_at, id LIMIT " + limit)
			.param(now)
			.query(Long.class)
			.list();
	}

	/**
	 * Reserves a due delivery for this instance until {@code leaseUntil}. Only one of
	 * several instances racing for the row sees its update count be 1.
	 */
	boolean claim(long id, long now, long leaseUntil) {
		return this.jdbc
			.sql("UPDATE webhook_deliveries SET next_attempt_at = ? "
					+ "WHERE id = ? AND status = 'PENDING' AND next_attempt_at <= ?")
			.params(leaseUntil, id, now)
			.update() == 1;
	}

	/** A delivery this instance holds, with its webhook's address and key. */
	Optional<Claimed> claimed(long id) {
		return this.jdbc
			.sql("SELECT d.id, d.webhook_id, d.event_id, d.event_type, d.payload, d.attempts, w.url, w.secret, "
					+ "w.active FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = ?")
			.param(id)
			.query((rs, n) -> new Claimed(rs.getLong("id"), rs.getLong("webhook_id"), rs.getString("event_id"),
					rs.getString("event_type"), rs.getString("payload"), rs.getInt("attempts"), rs.getString("url"),
					rs.getString("secret"), rs.getBoolean("active")))
			.optional();
	}

	/** Records an attempt's outcome. */
	void recordAttempt(long id, String status, int attempts, long attemptedAt, long nextAttemptAt, Integer responseCode,
			String lastError) {
		this.jdbc
			.sql("UPDATE webhook_deliveries SET status = ?, attempts = ?, last_attempt_at = ?, next_attempt_at = ?, "
					+ "response_code = ?, last_error = ? WHERE id = ?")
			.params(status, attempts, attemptedAt, nextAttemptAt, responseCode, lastError, id)
			.update();
	}

	static List<String> events(String stored) {
		return Arrays.stream(stored.split(",")).map(String::strip).filter((e) -> !e.isEmpty()).toList();
	}

	private static HookRow hook(ResultSet rs, int rowNum) throws SQLException {
		long modelId = rs.getLong("model_id");
		Long model = rs.wasNull() ? null : modelId;
		Webhook webhook = new Webhook(rs.getLong("id"), null, rs.getString("name"), rs.getString("url"),
				events(rs.getString("events")), rs.getBoolean("active"), rs.getString("created_by"),
				rs.getLong("created_at"));
		return new HookRow(model, webhook);
	}

	private static WebhookDelivery delivery(ResultSet rs, int rowNum) throws SQLException {
		String status = rs.getString("status");
		long lastAttemptAt = rs.getLong("last_attempt_at");
		Long lastAttempt = rs.wasNull() ? null : lastAttemptAt;
		long nextAttemptAt = rs.getLong("next_attempt_at");
		Long nextAttempt = "PENDING".equals(status) ? nextAttemptAt : null;
		int responseCode = rs.getInt("response_code");
		Integer response = rs.wasNull() ? null : responseCode;
		return new WebhookDelivery(rs.getLong("id"), rs.getLong("webhook_id"), rs.getString("event_id"),
				rs.getString("event_type"), status, rs.getInt("attempts"), lastAttempt, nextAttempt, response,
				rs.getString("last_error"), rs.getLong("created_at"), rs.getString("payload"));
	}

}
