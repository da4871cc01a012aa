package dev.slipway.registry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import dev.slipway.security.Role;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Hand-written SQL for policy rules and transition requests. */
@Repository
class GovernanceRepository {

	private final JdbcClient jdbc;

	GovernanceRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A row of {@code transition_requests}, with the model's name and version number. */
	record RequestRow(long id, long modelId, String modelName, long versionId, int version, TargetKind kind,
			String target, boolean archiveExisting, String comment, String requestedBy, long requestedAt,
			RequestStatus status, String decidedBy, Long decidedAt, String decisionComment) {

		TransitionRequest toRequest() {
			return new TransitionRequest(this.id, this.modelName, this.version, this.kind, this.target,
					this.archiveExisting, this.comment, this.requestedBy, this.requestedAt, this.status, this.decidedBy,
					this.decidedAt, this.decisionComment);
		}

	}

	List<PolicyRule> rules(long modelId) {
		return this.jdbc.sql("SELECT * FROM registry_policy_rules WHERE model_id = ? ORDER BY target_kind DESC, target")
			.param(modelId)
			.query(GovernanceRepository::ruleRow)
			.list();
	}

	Optional<PolicyRule> rule(long modelId, TargetKind kind, String target) {
		return this.jdbc
			.sql("SELECT * FROM registry_policy_rules WHERE model_id = ? AND target_kind = ? AND target = ?")
			.params(modelId, kind.name(), target)
			.query(GovernanceRepository::ruleRow)
			.optional();
	}

	void putRule(long modelId, PolicyRule rule) {
		String role = (rule.directRole() != null) ? rule.directRole().name() : null;
		int updated = this.jdbc
			.sql("UPDATE registry_policy_rules SET approval_required = ?, separate_approver = ?, direct_role = ? "
					+ "WHERE model_id = ? AND target_kind = ? AND target = ?")
			.params(rule.approvalRequired(), rule.separateApprover(), role, modelId, rule.targetKind().name(),
					rule.target())
			.update();
		if (updated == 0) {
			this.jdbc
				.sql("INSERT INTO registry_policy_rules (model_id, target_kind, target, approval_required, "
						+ "separate_approver, direct_role) VALUES (?, ?, ?, ?, ?, ?)")
				.params(modelId, rule.targetKind().name(), rule.target(), rule.approvalRequired(),
						rule.separateApprover(), role)
				.update();
		}
	}

	boolean deleteRule(long modelId, TargetKind kind, String target) {
		return this.jdbc.sql("DELETE FROM registry_policy_rules WHERE model_id = ? AND target_kind = ? AND target = ?")
			.params(modelId, kind.name(), target)
			.update() > 0;
	}

	int countRules(long modelId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM registry_policy_rules WHERE model_id = ?")
			.param(modelId)
			.query(Integer.class)
			.single();
	}

	long insertRequest(long modelId, long versionId, TargetKind kind, String target, boolean archiveExisting,
			String comment, String requestedBy, long now) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("INSERT INTO transition_requests (model_id, version_id, target_kind, target, archive_existing, "
					+ "comment_text, requested_by, requested_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'PENDING')")
			.params(modelId, versionId, kind.name(), target, archiveExisting, comment, requestedBy, now)
			.update(keys, "id");
		return keys.getKey().longValue();
	}

	private static final String REQUEST_SELECT = "SELECT tr.*, rm.name AS model_name, mv.version AS version_number "
			+ "FROM transition_requests tr JOIN registered_models rm ON rm.id = tr.model_id "
			+ "JOIN model_versions mv ON mv.id = tr.version_id ";

	Optional<RequestRow> findRequest(long id) {
		return this.jdbc.sql(REQUEST_SELECT + "WHERE tr.id = ?")
			.param(id)
			.query(GovernanceRepository::requestRow)
			.optional();
	}

	boolean pendingExists(long versionId, TargetKind kind, String target) {
		return this.jdbc
			.sql("SELECT COUNT(*) FROM transition_requests WHERE version_id = ? AND target_kind = ? AND target = ? "
					+ "AND status = 'PENDING'")
			.params(versionId, kind.name(), target)
			.query(Long.class)
			.single() > 0;
	}

	int countPending(long modelId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM transition_requests WHERE model_id = ? AND status = 'PENDING'")
			.param(modelId)
			.query(Integer.class)
			.single();
	}

	/**
	 * One version's requests, newest first, at most {@code limit}: the pending ones, or
	 * the decided ones (approved, rejected, cancelled).
	 */
	List<RequestRow> versionRequests(long versionId, boolean pending, int limit) {
		String status = pending ? "tr.status = 'PENDING'" : "tr.status <> 'PENDING'";
		return this.jdbc
			.sql(REQUEST_SELECT + "WHERE tr.version_id = ? AND " + status + " ORDER BY tr.id DESC LIMIT " + limit)
			.param(versionId)
			.query(GovernanceRepository::requestRow)
			.list();
	}

	/** A model's decided requests (approved, rejected, cancelled), newest first. */
	List<RequestRow> decidedRequests(long modelId, int limit) {
		return this.jdbc
			.sql(REQUEST_SELECT + "WHERE tr.model_id = ? AND tr.status <> 'PENDING' ORDER BY tr.id DESC LIMIT " + limit)
			.param(modelId)
			.query(GovernanceRepository::requestRow)
			.list();
	}

	List<RequestRow> requests(long modelId, RequestStatus status, int limit) {
		String where = (status != null) ? "AND tr.status = '" + status.name() + "' " : "";
		return this.jdbc.sql(REQUEST_SELECT + "WHERE tr.model_id = ? " + where + "ORDER BY tr.id DESC LIMIT " + limit)
			.param(modelId)
			.query(GovernanceRepository::requestRow)
			.list();
	}

	/**
	 * The newest pending requests on models matching {@code readable} (a condition on
	 * {@code tr.model_id}), at most {@code limit}.
	 */
	List<RequestRow> pendingWhere(String readable, int limit) {
		return this.jdbc
			.sql(REQUEST_SELECT + "WHERE tr.status = 'PENDING' AND " + readable
					+ " ORDER BY tr.requested_at DESC, tr.id DESC FETCH FIRST " + limit + " ROWS ONLY")
			.query(GovernanceRepository::requestRow)
			.list();
	}

	/** How many requests are pending on models matching {@code readable}. */
	long countPendingWhere(String readable) {
		return this.jdbc.sql("SELECT COUNT(*) FROM transition_requests tr WHERE tr.status = 'PENDING' AND " + readable)
			.query(Long.class)
			.single();
	}

	List<RequestRow> pendingOfVersion(long versionId) {
		return this.jdbc.sql(REQUEST_SELECT + "WHERE tr.version_id = ? AND tr.status = 'PENDING' ORDER BY tr.id")
			.param(versionId)
			.query(GovernanceRepository::requestRow)
			.list();
	}

	/**
	 * Records a decision if the request is still pending; false when someone decided it
	 * first.
	 */
	boolean decide(long id, RequestStatus status, String by, String comment, long now) {
		return this.jdbc
			.sql("UPDATE transition_requests SET status = ?, decided_by = ?, decided_at = ?, decision_comment = ? "
					+ "WHERE id = ? AND status = 'PENDING'")
			.params(status.name(), by, now, comment, id)
			.update() == 1;
	}

	private static PolicyRule ruleRow(ResultSet rs, int rowNum) throws SQLException {
		String role = rs.getString("direct_role");
		return new PolicyRule(TargetKind.valueOf(rs.getString("target_kind")), rs.getString("target"),
				rs.getBoolean("approval_required"), rs.getBoolean("separate_approver"),
				(role != null) ? Role.valueOf(role) : null);
	}

	private static RequestRow requestRow(ResultSet rs, int rowNum) throws SQLException {
		long decidedAt = rs.getLong("decided_at");
		Long decided = rs.wasNull() ? null : decidedAt;
		return new RequestRow(rs.getLong("id"), rs.getLong("model_id"), rs.getString("model_name"),
				rs.getLong("version_id"), rs.getInt("version_number"), TargetKind.valueOf(rs.getString("target_kind")),
				rs.getString("target"), rs.getBoolean("archive_existing"), rs.getString("comment_text"),
				rs.getString("requested_by"), rs.getLong("requested_at"), RequestStatus.valueOf(rs.getString("status")),
				rs.getString("decided_by"), decided, rs.getString("decision_comment"));
	}

}
