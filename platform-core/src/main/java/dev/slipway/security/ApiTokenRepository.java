package dev.slipway.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Hand-written SQL for {@code api_tokens}. */
@Repository
class ApiTokenRepository {

	private static final String SELECT = "SELECT t.*, u.username AS owner_name, c.username AS creator_name "
			+ "FROM api_tokens t JOIN users u ON u.id = t.user_id LEFT JOIN users c ON c.id = t.created_by ";

	/**
	 * A token with what its owner's principal needs, in one round trip: this runs on
	 * every request that carries a token.
	 */
	private static final String SELECT_WITH_OWNER = "SELECT t.id, t.user_id, t.revoked_at, t.expires_at, "
			+ "t.last_used_at, t.scope_experiment_id, t.scope_deployment_id, u.username, u.role, u.kind, u.enabled, "
			+ "u.must_change_password, u.credentials_changed_at FROM api_tokens t JOIN users u ON u.id = t.user_id "
			+ "WHERE t.token_hash = ?";

	private final JdbcClient jdbc;

	private final TokenCache cache;

	ApiTokenRepository(JdbcClient jdbc, TokenCache cache) {
		this.jdbc = jdbc;
		this.cache = cache;
	}

	/** A token and its owner's id. */
	record TokenRow(long userId, ApiToken token, Long scopeExperimentId) {
	}

	/**
	 * What authenticating a token reads: its state and its owner as a principal (method
	 * {@code token}, with the token's scope).
	 */
	record TokenCheck(long id, Long revokedAt, Long expiresAt, Long lastUsedAt, boolean ownerEnabled,
			SlipwayPrincipal principal) {
	}

	long insert(long userId, String name, String hash, String prefix, long createdBy, Long expiresAt, long now) {
		return insert(userId, name, hash, prefix, createdBy, expiresAt, now, null);
	}

	long insert(long userId, String name, String hash, String prefix, long createdBy, Long expiresAt, long now,
			Long scopeExperimentId) {
		return insert(userId, name, hash, prefix, createdBy, expiresAt, now, scopeExperimentId, null);
	}

	long insert(long userId, String name, String hash, String prefix, long createdBy, Long expiresAt, long now,
			Long scopeExperimentId, Long scopeDeploymentId) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO api_tokens (user_id, name, token_hash, token_prefix, created_at, created_by, expires_at, "
					+ "scope_experiment_id, scope_deployment_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(userId, name, hash, prefix, now, createdBy, expiresAt, scopeExperimentId, scopeDeploymentId)
			.update(keys, "id");
		return keys.getKey().longValue();
	}

	/** The token with this hash and its owner, in one query. */
	Optional<TokenCheck> check(String hash) {
		return this.jdbc.sql(SELECT_WITH_OWNER).param(hash).query((rs, rowNum) -> {
			SlipwayPrincipal owner = new SlipwayPrincipal(rs.getLong("user_id"), rs.getString("username"),
					Role.valueOf(rs.getString("role")), AccountKind.valueOf(rs.getString("kind")),
					rs.getBoolean("must_change_password"), rs.getLong("credentials_changed_at"), "token");
			Long experiment = UserRepository.nullableLong(rs, "scope_experiment_id");
			Long deployment = UserRepository.nullableLong(rs, "scope_deployment_id");
			SlipwayPrincipal principal = (experiment != null) ? owner.scopedTo(experiment)
					: (deployment != null) ? owner.invokingOnly(deployment) : owner;
			return new TokenCheck(rs.getLong("id"), UserRepository.nullableLong(rs, "revoked_at"),
					UserRepository.nullableLong(rs, "expires_at"), UserRepository.nullableLong(rs, "last_used_at"),
					rs.getBoolean("enabled"), principal);
		}).optional();
	}

	/** The invoke-only tokens of a deployment, newest first, at most {@code limit}. */
	List<TokenRow> byDeployment(long deploymentId, int limit) {
		return this.jdbc.sql(SELECT + "WHERE t.scope_deployment_id = ? ORDER BY t.id DESC LIMIT " + limit)
			.param(deploymentId)
			.query(ApiTokenRepository::row)
			.list();
	}

	/** Revokes every live invoke-only token of a deployment (it was deleted). */
	int revokeDeployment(long deploymentId, long revokedBy, long now) {
		this.cache.invalidate();
		return this.jdbc
			.sql("UPDATE api_tokens SET revoked_at = ?, revoked_by = ? WHERE scope_deployment_id = ? "
					+ "AND revoked_at IS NULL")
			.params(now, revokedBy, deploymentId)
			.update();
	}

	Optional<TokenRow> findById(long id) {
		return this.jdbc.sql(SELECT + "WHERE t.id = ?").param(id).query(ApiTokenRepository::row).optional();
	}

	/** The account's tokens, newest first, at most {@code limit}. */
	List<TokenRow> byUser(long userId, int limit) {
		return this.jdbc.sql(SELECT + "WHERE t.user_id = ? ORDER BY t.id DESC LIMIT " + limit)
			.param(userId)
			.query(ApiTokenRepository::row)
			.list();
	}

	/** Every account's tokens, newest first, at most {@code limit}. */
	List<TokenRow> all(int limit) {
		return this.jdbc.sql(SELECT + "ORDER BY t.id DESC LIMIT " + limit).query(ApiTokenRepository::row).list();
	}

	int countActive(long userId, long now) {
		return this.jdbc.sql(
				"SELECT COUNT(*) FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL AND scope_experiment_id IS NULL "
						+ "AND (expires_at IS NULL OR expires_at > ?)")
			.params(userId, now)
			.query(Integer.class)
			.single();
	}

	boolean revoke(long id, long revokedBy, long now) {
		this.cache.invalidate();
		return this.jdbc.sql("UPDATE api_tokens SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL")
			.params(now, revokedBy, id)
			.update() > 0;
	}

	/** Revokes every live token of an account (it was disabled or deleted). */
	int revokeAll(long userId, long revokedBy, long now) {
		this.cache.invalidate();
		return this.jdbc
			.sql("UPDATE api_tokens SET revoked_at = ?, revoked_by = ? WHERE user_id = ? AND revoked_at IS NULL")
			.params(now, revokedBy, userId)
			.update();
	}

	/** Records a use, at most once a minute per token so reads stay reads. */
	void touch(long id, long now) {
		this.jdbc
			.sql("UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)")
			.params(now, id, now - 60_000)
			.update();
	}

	private static TokenRow row(ResultSet rs, int rowNum) throws SQLException {
		ApiToken token = new ApiToken(rs.getLong("id"), rs.getString("owner_name"), rs.getString("name"),
				rs.getString("token_prefix"), rs.getLong("created_at"), rs.getString("creator_name"),
				UserRepository.nullableLong(rs, "expires_at"), UserRepository.nullableLong(rs, "last_used_at"),
				UserRepository.nullableLong(rs, "revoked_at"), UserRepository.nullableLong(rs, "scope_deployment_id"));
		return new TokenRow(rs.getLong("user_id"), token, UserRepository.nullableLong(rs, "scope_experiment_id"));
	}

}
