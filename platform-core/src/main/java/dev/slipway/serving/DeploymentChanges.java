package dev.slipway.serving;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The history of deployments: appended in the transaction of each change. */
@Repository
class DeploymentChanges {

	private final JdbcClient jdbc;

	DeploymentChanges(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void append(DeploymentEntity deployment, long at, String actor, String action, String reason, String details) {
		this.jdbc.sql("""
				INSERT INTO deployment_changes (deployment_id, occurred_at, actor, action, phase, stable_version,
				                                candidate_version, weight, reason, details_json)
				VALUES (:deployment, :at, :actor, :action, :phase, :stable, :candidate, :weight, :reason, :details)""")
			.param("deployment", deployment.id())
			.param("at", at)
			.param("actor", actor)
			.param("action", action)
			.param("phase", deployment.phase().name())
			.param("stable", deployment.stableVersion())
			.param("candidate", deployment.candidateVersion())
			.param("weight", deployment.weight())
			.param("reason", clip(reason, 4000))
			.param("details", clip(details, 100000))
			.update();
	}

	/** The newest changes first, before {@code beforeId} when given. */
	List<DeploymentChange> page(long deploymentId, Long beforeId, int limit) {
		return this.jdbc.sql("""
				SELECT id, occurred_at, actor, action, phase, stable_version, candidate_version, weight, reason,
				       details_json
				FROM deployment_changes WHERE deployment_id = :deployment AND id < :before
				ORDER BY id DESC LIMIT :limit""")
			.param("deployment", deploymentId)
			.param("limit", limit)
			.param("before", (beforeId != null) ? beforeId : Long.MAX_VALUE)
			.query((rs, row) -> new DeploymentChange(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
					DeploymentPhase.valueOf(rs.getString(5)), rs.getInt(6), (Integer) rs.getObject(7, Integer.class),
					rs.getInt(8) / 100.0, rs.getString(9), rs.getString(10)))
			.list();
	}

	private static String clip(String text, int max) {
		return (text == null || text.length() <= max) ? text : text.substring(0, max - 3) + "...";
	}

}
