package dev.slipway.security;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Hand-written SQL for {@code resource_permissions} and their per-resource defaults. */
@Repository
class PermissionRepository {

	private final JdbcClient jdbc;

	PermissionRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** What one user has on one resource: their own grant and the resource's default. */
	record Grants(Permission user, Permission resourceDefault) {
	}

	Grants grants(ResourceType type, long resourceId, long userId) {
		return this.jdbc
			.sql("SELECT (SELECT permission FROM resource_permissions WHERE resource_type = ? AND resource_id = ? "
					+ "AND user_id = ?) AS user_permission, (SELECT permission FROM resource_default_permissions "
					+ "WHERE resource_type = ? AND resource_id = ?) AS default_permission")
			.params(type.name(), resourceId, userId, type.name(), resourceId)
			.query((rs, n) -> new Grants(parse(rs.getString(1)), parse(rs.getString(2))))
			.single();
	}

	List<ResourceGrant> list(ResourceType type, long resourceId) {
		return this.jdbc
			.sql("SELECT u.username, p.permission, p.granted_at, u.id FROM resource_permissions p JOIN users u "
					+ "ON u.id = p.user_id WHERE p.resource_type = ? AND p.resource_id = ? ORDER BY u.username")
			.params(type.name(), resourceId)
			.query((rs, n) -> new ResourceGrant(rs.getString(1), Permission.valueOf(rs.getString(2)), rs.getLong(3),
					rs.getLong(4)))
			.list();
	}

	/** Every grant one user holds, by resource. */
	List<UserGrant> byUser(long userId, int limit) {
		return this.jdbc
			.sql("SELECT resource_type, resource_id, permission FROM resource_permissions WHERE user_id = ? "
					+ "ORDER BY resource_type, resource_id LIMIT " + limit)
			.param(userId)
			.query((rs, n) -> new UserGrant(ResourceType.valueOf(rs.getString(1)), rs.getLong(2),
					Permission.valueOf(rs.getString(3))))
			.list();
	}

	Permission resourceDefault(ResourceType type, long resourceId) {
		return this.jdbc
			.sql("SELECT permission FROM resource_default_permissions WHERE resource_type = ? AND resource_id = ?")
			.params(type.name(), resourceId)
			.query(String.class)
			.optional()
			.map(Permission::valueOf)
			.orElse(null);
	}

	void put(ResourceType type, long resourceId, long userId, Permission permission, Long grantedBy, long now) {
		int updated = this.jdbc
			.sql("UPDATE resource_permissions SET permission = ?, granted_at = ?, granted_by = ? "
					+ "WHERE resource_type = ? AND resource_id = ? AND user_id = ?")
			.params(permission.name(), now, grantedBy, type.name(), resourceId, userId)
			.update();
		if (updated == 0) {
			this.jdbc
				.sql("INSERT INTO resource_permissions (resource_type, resource_id, user_id, permission, granted_at, "
						+ "granted_by) VALUES (?, ?, ?, ?, ?, ?)")
				.params(type.name(), resourceId, userId, permission.name(), now, grantedBy)
				.update();
		}
	}

	boolean delete(ResourceType type, long resourceId, long userId) {
		return this.jdbc
			.sql("DELETE FROM resource_permissions WHERE resource_type = ? AND resource_id = ? AND user_id = ?")
			.params(type.name(), resourceId, userId)
			.update() > 0;
	}

	void deleteAll(ResourceType type, long resourceId) {
		this.jdbc.sql("DELETE FROM resource_permissions WHERE resource_type = ? AND resource_id = ?")
			.params(type.name(), resourceId)
			.update();
		this.jdbc.sql("DELETE FROM resource_default_permissions WHERE resource_type = ? AND resource_id = ?")
			.params(type.name(), resourceId)
			.update();
	}

	void putDefault(ResourceType type, long resourceId, Permission permission, Long grantedBy, long now) {
		this.jdbc.sql("DELETE FROM resource_default_permissions WHERE resource_type = ? AND resource_id = ?")
			.params(type.name(), resourceId)
			.update();
		if (permission != null) {
			this.jdbc
				.sql("INSERT INTO resource_default_permissions (resource_type, resource_id, permission, granted_at, "
						+ "granted_by) VALUES (?, ?, ?, ?, ?)")
				.params(type.name(), resourceId, permission.name(), now, grantedBy)
				.update();
		}
	}

	private static Permission parse(String value) {
		return (value != null) ? Permission.valueOf(value) : null;
	}

}
