package dev.slipway.tracking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.error.SlipwayException;
import dev.slipway.security.PermissionService;
import dev.slipway.security.ResourceType;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Summaries for the tracking pages: run counts and latest activity of a page of
 * experiments, and the keys logged to an experiment's recent runs. Each read is one
 * bounded, grouped query.
 */
@Service
@Transactional(readOnly = true)
public class TrackingOverview {

	/** Most experiments one activity read covers. */
	public static final int MAX_EXPERIMENTS = 100;

	/** Most keys of each kind a key read answers. */
	public static final int MAX_KEYS = 200;

	/** How many of the newest runs a key read looks at. */
	static final int KEY_SAMPLE_RUNS = 500;

	private final JdbcClient jdbc;

	private final PermissionService permissions;

	TrackingOverview(JdbcClient jdbc, PermissionService permissions) {
		this.jdbc = jdbc;
		this.permissions = permissions;
	}

	/**
	 * How many active runs an experiment has and when one last started or ended.
	 *
	 * @param experimentId the experiment's public id
	 * @param runCount active runs
	 * @param lastRunActivity latest run start or end, epoch milliseconds, or null without
	 * runs
	 */
	public record Activity(String experimentId, long runCount, Long lastRunActivity) {
	}

	/**
	 * Keys logged to an experiment's newest runs, sorted.
	 *
	 * @param metrics metric keys
	 * @param params param keys
	 * @param tags tag keys, without MLflow's own {@code mlflow.*} tags
	 */
	public record Keys(List<String> metrics, List<String> params, List<String> tags) {
	}

	/**
	 * Activity of the listed experiments that the caller may read, in one grouped query;
	 * experiments without runs or not readable are absent.
	 */
	@PreAuthorize("isAuthenticated()")
	public Map<String, Activity> activity(List<String> experimentIds) {
		if (experimentIds.size() > MAX_EXPERIMENTS) {
			throw SlipwayException.invalidArgument("experiment_ids",
					"at most " + MAX_EXPERIMENTS + " experiments, got " + experimentIds.size());
		}
		List<Long> ids = new ArrayList<>();
		for (String experimentId : experimentIds) {
			ids.add(ExperimentService.parseId(experimentId));
		}
		Map<String, Activity> result = new LinkedHashMap<>();
		if (ids.isEmpty()) {
			return result;
		}
		String readable = this.permissions.visibility().readableSql(ResourceType.EXPERIMENT, "r.experiment_id");
		this.jdbc
			.sql("SELECT r.experiment_id AS experiment_id, COUNT(*) AS run_count, "
					+ "MAX(GREATEST(COALESCE(r.start_time, 0), COALESCE(r.end_time, 0))) AS last_activity "
					+ "FROM runs r WHERE r.experiment_id IN (:ids) AND r.lifecycle_stage = 'active' AND " + readable
					+ " GROUP BY r.experiment_id")
			.param("ids", ids)
			.query((rs, rowNum) -> {
				long last = rs.getLong("last_activity");
				return new Activity(Long.toString(rs.getLong("experiment_id")), rs.getLong("run_count"),
						(last > 0) ? last : null);
			})
			.list()
			.forEach((activity) -> result.put(activity.experimentId(), activity));
		return result;
	}

	/**
	 * The metric, param and tag keys of the experiment's {@value #KEY_SAMPLE_RUNS} newest
	 * active runs, at most {@value #MAX_KEYS} of each.
	 */
	@PreAuthorize("@trackingAccess.experiment(#experimentId, 'READ')")
	public Keys keys(String experimentId) {
		long id = ExperimentService.parseId(experimentId);
		String newest = "SELECT r.id FROM runs r WHERE r.experiment_id = :experiment AND r.lifecycle_stage = 'active' "
				+ "ORDER BY r.start_time DESC FETCH FIRST " + KEY_SAMPLE_RUNS + " ROWS ONLY";
		return new Keys(keys("latest_metrics", "metric_key", newest, id, ""),
				keys("run_params", "param_key", newest, id, ""),
				keys("run_tags", "tag_key", newest, id, " AND k.tag_key NOT LIKE 'mlflow.%'"));
	}

	private List<String> keys(String table, String column, String newest, long experimentId, String condition) {
		return this.jdbc
			.sql("SELECT DISTINCT k." + column + " FROM " + table + " k WHERE k.run_id IN (" + newest + ")" + condition
					+ " ORDER BY k." + column + " FETCH FIRST " + MAX_KEYS + " ROWS ONLY")
			.param("experiment", experimentId)
			.query(String.class)
			.list();
	}

}
