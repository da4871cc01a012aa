package dev.slipway.security;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import dev.slipway.error.SlipwayException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Hand-written SQL for {@code users}. */
@Repository
class UserRepository {

	private final JdbcClient jdbc;

	private final TokenCache cache;

	UserRepository(JdbcClient jdbc, TokenCache cache) {
		this.jdbc = jdbc;
		this.cache = cache;
	}

	/** A row of {@code users}, secrets included; never leaves the security package. */
	record UserRow(long id, String username, String displayName, String email, AccountKind kind, Role role,
			AuthSource authSource, String externalSubject, String passwordHash, boolean mustChangePassword,
			boolean enabled, Long lastLoginAt, long credentialsChangedAt, long createdAt) {

		/** The account as shown, with when its sign-in is locked (or null). */
		User toDomain(Long lockedUntil) {
			return new User(this.id, this.username, this.displayName, this.email, this.kind, this.role, this.authSource,
					this.enabled, this.mustChangePassword, lockedUntil, this.lastLoginAt, this.createdAt);
		}

		SlipwayPrincipal toPrincipal(String method) {
			return new SlipwayPrincipal(this.id, this.username, this.role, this.kind, this.mustChangePassword,
					this.credentialsChangedAt, method);
		}

	}

	/** The columns a new account is created with. */
	record NewUserRow(String username, String displayName, String email, AccountKind kind, Role role,
			AuthSource authSource, String externalSubject, String passwordHash, boolean mustChangePassword,
			Long createdBy) {
	}

	long insert(NewUserRow user, long now) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO users (username, display_name, email, kind, role, auth_source, external_subject, "
					+ "password_hash, must_change_password, enabled, credentials_changed_at, created_at, created_by) "
					+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?, ?, ?)")
			.params(user.username(), user.displayName(), user.email(), user.kind().name(), user.role().name(),
					user.authSource().name(), user.externalSubject(), user.passwordHash(), user.mustChangePassword(),
					now, now, user.createdBy())
			.update(keys, "id");
		return keys.getKey().longValue();
	}

	Optional<UserRow> findById(long id) {
		return this.jdbc.sql("SELECT * FROM users WHERE id = ?").param(id).query(UserRepository::row).optional();
	}

	Optional<UserRow> findByUsername(String username) {
		return this.jdbc.sql("SELECT * FROM users WHERE username = ?")
			.param(username)
			.query(UserRepository::row)
			.optional();
	}

	/**
	 * The account with this name, however it is spelled.
	 * @throws SlipwayException NOT_FOUND when there is none
	 */
	UserRow require(String username) {
		return findByUsername(Usernames.normalize(username))
			.orElseThrow(() -> SlipwayException.notFound("User", username));
	}

	Optional<UserRow> findByExternalSubject(String subject) {
		return this.jdbc.sql("SELECT * FROM users WHERE external_subject = ?")
			.param(subject)
			.query(UserRepository::row)
			.optional();
	}

	/** Accounts whose name starts with {@code prefix} (all for null), by name. */
	List<UserRow> list(String prefix, long offset, int limit) {
		String like = (prefix == null) ? "%" : escapeLike(prefix) + "%";
		return this.jdbc
			.sql("SELECT * FROM users WHERE username LIKE ? ESCAPE '\\' ORDER BY username LIMIT " + limit + " OFFSET "
					+ offset)
			.param(like)
			.query(UserRepository::row)
			.list();
	}

	long count() {
		return this.jdbc.sql("SELECT COUNT(*) FROM users").query(Long.class).single();
	}

	/**
	 * Enabled admins other than {@code exceptId}, locked for the rest of the transaction.
	 */
	long otherEnabledAdmins(long exceptId) {
		return this.jdbc
			.sql("SELECT id FROM users WHERE role = 'ADMIN' AND enabled = TRUE AND id <> ? ORDER BY id FOR UPDATE")
			.param(exceptId)
			.query(Long.class)
			.list()
			.size();
	}

	Optional<UserRow> lockById(long id) {
		return this.jdbc.sql("SELECT * FROM users WHERE id = ? FOR UPDATE")
			.param(id)
			.query(UserRepository::row)
			.optional();
	}

	void update(long id, String displayName, String email, Role role, boolean enabled, long credentialsChangedAt) {
		this.cache.invalidate();
		this.jdbc
			.sql("UPDATE users SET display_name = ?, email = ?, role = ?, enabled = ?, credentials_changed_at = ? "
					+ "WHERE id = ?")
			.params(displayName, email, role.name(), enabled, credentialsChangedAt, id)
			.update();
	}

	void setPassword(long id, String passwordHash, boolean mustChange, long now) {
		this.cache.invalidate();
		this.jdbc
			.sql("UPDATE users SET password_hash = ?, must_change_password = ?, credentials_changed_at = ? "
					+ "WHERE id = ?")
			.params(passwordHash, mustChange, now, id)
			.update();
	}

	/** Re-hashes a password with stronger settings; sessions stay valid. */
	void upgradeHash(long id, String passwordHash) {
		this.jdbc.sql("UPDATE users SET password_hash = ? WHERE id = ?").params(passwordHash, id).update();
	}

	void recordLogin(long id, long now) {
		this.jdbc.sql("UPDATE users SET last_login_at = ? WHERE id = ?").params(now, id).update();
	}

	void delete(long id) {
		this.cache.invalidate();
		this.jdbc.sql("DELETE FROM users WHERE id = ?").param(id).update();
	}

	static String escapeLike(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	private static UserRow row(ResultSet rs, int rowNum) throws SQLException {
		return new UserRow(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"),
				rs.getString("email"), AccountKind.valueOf(rs.getString("kind")), Role.valueOf(rs.getString("role")),
				AuthSource.valueOf(rs.getString("auth_source")), rs.getString("external_subject"),
				rs.getString("password_hash"), rs.getBoolean("must_change_password"), rs.getBoolean("enabled"),
				nullableLong(rs, "last_login_at"), rs.getLong("credentials_changed_at"), rs.getLong("created_at"));
	}

	static Long nullableLong(ResultSet rs, String column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

}
