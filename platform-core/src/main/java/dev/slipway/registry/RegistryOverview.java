package dev.slipway.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.error.SlipwayException;
import dev.slipway.registry.GovernanceRepository.RequestRow;
import dev.slipway.security.PermissionService;
import dev.slipway.security.ResourceType;
import dev.slipway.security.Role;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The registry at a glance, for the home page: the models with versions in Production or
 * Staging, and the transition requests waiting for the caller's decision. Each is one
 * bounded read; what the caller may see is decided in the SQL.
 */
@Service
@Transactional(readOnly = true)
public class RegistryOverview {

	/** The most models, or requests, one read answers. */
	public static final int MAX_ITEMS = 50;

	/** The most versions of one stage a model lists, newest first. */
	public static final int VERSIONS_PER_STAGE = 3;

	private final JdbcClient jdbc;

	private final GovernanceRepository governance;

	private final PermissionService permissions;

	private final RegistryAccess access;

	RegistryOverview(JdbcClient jdbc, GovernanceRepository governance, PermissionService permissions,
			RegistryAccess access) {
		this.jdbc = jdbc;
		this.governance = governance;
		this.permissions = permissions;
		this.access = access;
	}

	/**
	 * A version in Production or Staging.
	 *
	 * @param version the version number
	 * @param stage Production or Staging
	 * @param since when it entered the stage, epoch milliseconds, or null
	 * @param by who moved it there, or null
	 */
	public record StagedVersion(int version, Stage stage, Long since, String by) {
	}

	/**
	 * A model with versions in Production or Staging.
	 *
	 * @param name the model's name
	 * @param production its newest versions in Production, newest first
	 * @param staging its newest versions in Staging, newest first
	 * @param lastChange the latest move of one of them, epoch milliseconds
	 */
	public record PromotedModel(String name, List<StagedVersion> production, List<StagedVersion> staging,
			long lastChange) {
	}

	/**
	 * The pending requests the caller may approve or reject.
	 *
	 * @param decider whether the caller may decide requests at all (MAINTAINER and up)
	 * @param requests the newest of them, newest first
	 * @param total how many there are
	 */
	public record PendingDecisions(boolean decider, List<TransitionRequest> requests, long total) {
	}

	/**
	 * The models the caller may read with a version in Production or Staging, the most
	 * recently moved first, at most {@code limit}.
	 */
	@PreAuthorize("isAuthenticated()")
	public List<PromotedModel> promoted(int limit) {
		checkLimit(limit);
		String readable = this.permissions.visibility().readableSql(ResourceType.REGISTERED_MODEL, "mv.model_id");
		List<long[]> models = this.jdbc
			.sql("SELECT mv.model_id, MAX(COALESCE(mv.stage_changed_at, mv.last_updated_time)) AS changed "
					+ "FROM model_versions mv WHERE mv.stage IN ('Production', 'Staging') AND mv.deleted = FALSE AND "
					+ readable + " GROUP BY mv.model_id ORDER BY changed DESC, mv.model_id DESC FETCH FIRST " + limit
					+ " ROWS ONLY")
			.query((rs, rowNum) -> new long[] { rs.getLong("model_id"), rs.getLong("changed") })
			.list();
		if (models.isEmpty()) {
			return List.of();
		}
		Map<Long, String> names = new LinkedHashMap<>();
		Map<Long, List<StagedVersion>> versions = new LinkedHashMap<>();
		this.jdbc
			.sql("SELECT x.* FROM (SELECT mv.model_id, rm.name, mv.version, mv.stage, mv.stage_changed_at, "
					+ "mv.stage_changed_by, ROW_NUMBER() OVER (PARTITION BY mv.model_id, mv.stage "
					+ "ORDER BY mv.version DESC) AS stage_rank FROM model_versions mv "
					+ "JOIN registered_models rm ON rm.id = mv.model_id WHERE mv.model_id IN (:ids) "
					+ "AND mv.stage IN ('Production', 'Staging') AND mv.deleted = FALSE) x WHERE x.stage_rank <= "
					+ VERSIONS_PER_STAGE + " ORDER BY x.model_id, x.version DESC")
			.param("ids", models.stream().map((model) -> model[0]).toList())
			.query((rs) -> {
				long modelId = rs.getLong("model_id");
				names.put(modelId, rs.getString("name"));
				versions.computeIfAbsent(modelId, (id) -> new ArrayList<>())
					.add(new StagedVersion(rs.getInt("version"), Stage.parse(rs.getString("stage")),
							rs.getObject("stage_changed_at", Long.class), rs.getString("stage_changed_by")));
			});
		List<PromotedModel> result = new ArrayList<>();
		for (long[] model : models) {
			List<StagedVersion> staged = versions.getOrDefault(model[0], List.of());
			result.add(new PromotedModel(names.get(model[0]), inStage(staged, Stage.PRODUCTION),
					inStage(staged, Stage.STAGING), model[1]));
		}
		return result;
	}

	/**
	 * The newest pending requests the caller may decide: none unless MAINTAINER or up,
	 * and only on models they may read; at most {@code limit}.
	 */
	@PreAuthorize("isAuthenticated()")
	public PendingDecisions pendingDecisions(int limit) {
		checkLimit(limit);
		if (!this.access.hasRole(Role.MAINTAINER)) {
			return new PendingDecisions(false, List.of(), 0);
		}
		String readable = this.permissions.visibility().readableSql(ResourceType.REGISTERED_MODEL, "tr.model_id");
		List<TransitionRequest> requests = this.governance.pendingWhere(readable, limit)
			.stream()
			.map(RequestRow::toRequest)
			.toList();
		long total = (requests.size() < limit) ? requests.size() : this.governance.countPendingWhere(readable);
		return new PendingDecisions(true, requests, total);
	}

	private static List<StagedVersion> inStage(List<StagedVersion> versions, Stage stage) {
		return versions.stream().filter((version) -> version.stage() == stage).toList();
	}

	private static void checkLimit(int limit) {
		if (limit < 1 || limit > MAX_ITEMS) {
			throw SlipwayException.invalidArgument("limit", "must be between 1 and " + MAX_ITEMS);
		}
	}

}
