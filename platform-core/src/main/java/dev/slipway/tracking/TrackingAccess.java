package dev.slipway.tracking;

import java.util.Collection;
import java.util.Optional;

import dev.slipway.security.CurrentUser;
import dev.slipway.security.Permission;
import dev.slipway.security.PermissionService;
import dev.slipway.security.ResourceType;
import dev.slipway.security.Role;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who may do what in experiment tracking, for the {@code @PreAuthorize} expressions on
 * the tracking services. Everything in an experiment (runs, logged models, artifacts)
 * takes the experiment's permission. A reference to something that does not exist is let
 * through, so the service answers NOT_FOUND for it.
 */
@Component("trackingAccess")
public class TrackingAccess {

	private final PermissionService permissions;

	private final JdbcClient jdbc;

	TrackingAccess(PermissionService permissions, JdbcClient jdbc) {
		this.permissions = permissions;
		this.jdbc = jdbc;
	}

	/** Whether the caller may create experiments (EDITOR and up). */
	public boolean canCreateExperiment() {
		return CurrentUser.find().map((principal) -> principal.role().includes(Role.EDITOR)).orElse(false);
	}

	/** Whether the caller has {@code needed} on the experiment with this public id. */
	public boolean experiment(String experimentId, String needed) {
		String id = (experimentId == null || experimentId.isEmpty()) ? "0" : experimentId;
		Long parsed = parse(id);
		// Denials are checked for existence afterwards, so the common allowed case costs
		// one
		// query and an unknown experiment still answers NOT_FOUND.
		return experimentRow(parsed, Permission.valueOf(needed)) || !exists(parsed);
	}

	/** Whether the caller has {@code needed} on every experiment listed. */
	public boolean experiments(Collection<String> experimentIds, String needed) {
		if (experimentIds == null) {
			return true;
		}
		return experimentIds.stream().allMatch((id) -> experiment(id, needed));
	}

	/** Whether the caller has {@code needed} on the run's experiment. */
	public boolean run(String runId, String needed) {
		if (runId == null) {
			return true;
		}
		Optional<Long> experiment = this.jdbc.sql("SELECT experiment_id FROM runs WHERE run_uuid = ?")
			.param(runId)
			.query(Long.class)
			.optional();
		return experiment.map((id) -> experimentRow(id, Permission.valueOf(needed))).orElse(true);
	}

	/** Whether the caller has {@code needed} on the experiment of every run listed. */
	public boolean runs(Collection<String> runIds, String needed) {
		if (runIds == null) {
			return true;
		}
		return runIds.stream().distinct().allMatch((id) -> run(id, needed));
	}

	/** Whether the caller has {@code needed} on the logged model's experiment. */
	public boolean loggedModel(String modelId, String needed) {
		if (modelId == null) {
			return true;
		}
		Optional<Long> experiment = this.jdbc.sql("SELECT experiment_id FROM logged_models WHERE model_uid = ?")
			.param(modelId)
			.query(Long.class)
			.optional();
		return experiment.map((id) -> experimentRow(id, Permission.valueOf(needed))).orElse(true);
	}

	/**
	 * Whether the caller has {@code needed} on the artifacts under a proxied path. Paths
	 * start with the experiment id ({@code 3/<run>/artifacts/...}); any other path is for
	 * admins only.
	 */
	public boolean artifactPath(String path, String needed) {
		String trimmed = (path == null) ? "" : path.replaceFirst("^/+", "");
		int slash = trimmed.indexOf('/');
		String first = (slash < 0) ? trimmed : trimmed.substring(0, slash);
		if (first.isEmpty() || !first.chars().allMatch(Character::isDigit) || first.length() > 18) {
			return CurrentUser.find().map((principal) -> principal.isAdmin()).orElse(false);
		}
		return experimentRow(Long.parseLong(first), Permission.valueOf(needed));
	}

	private boolean exists(long experimentId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM experiments WHERE id = ?")
			.param(experimentId)
			.query(Long.class)
			.single() > 0;
	}

	private boolean experimentRow(Long id, Permission needed) {
		if (id == null) {
			return true;
		}
		return this.permissions.allows(ResourceType.EXPERIMENT, id, needed);
	}

	private static Long parse(String experimentId) {
		try {
			return Long.parseLong(experimentId.trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
