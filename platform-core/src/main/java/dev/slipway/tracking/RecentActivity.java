package dev.slipway.tracking;

import java.util.List;

import dev.slipway.error.SlipwayException;
import dev.slipway.security.PermissionService;
import dev.slipway.security.ResourceType;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The newest tracking activity the caller may read, for the home page: experiments by
 * their latest run (or creation, before their first run) and the newest runs. One bounded
 * read; what the caller may see is decided in the SQL.
 */
@Service
@Transactional(readOnly = true)
public class RecentActivity {

	/** The most experiments, and the most runs, one read answers. */
	public static final int MAX_ITEMS = 50;

	private final JdbcClient jdbc;

	private final PermissionService permissions;

	RecentActivity(JdbcClient jdbc, PermissionService permissions) {
		this.jdbc = jdbc;
		this.permissions = permissions;
	}

	/**
	 * An experiment and when something last happened in it.
	 *
	 * @param experimentId the experiment's public id
	 * @param name its name
	 * @param lastActivity its newest active run's start, or its creation before its first
	 * run, epoch milliseconds
	 */
	public record RecentExperiment(String experimentId, String name, long lastActivity) {
	}

	/**
	 * A run and the experiment it belongs to.
	 *
	 * @param runId the run's public id
	 * @param runName its name, or null
	 * @param experimentId its experiment's public id
	 * @param experimentName its experiment's name
	 * @param status its status
	 * @param startTime epoch milliseconds, or null
	 * @param endTime epoch milliseconds, or null while it runs
	 * @param userId who ran it, as the client said
	 */
	public record RecentRun(String runId, String runName, String experimentId, String experimentName, RunStatus status,
			Long startTime, Long endTime, String userId) {
	}

	/**
	 * The newest experiments and runs, newest first.
	 *
	 * @param experiments active experiments the caller may read
	 * @param runs active runs of active experiments the caller may read
	 */
	public record Recent(List<RecentExperiment> experiments, List<RecentRun> runs) {
	}

	/**
	 * At most {@code limit} of the newest experiments and of the newest runs the caller
	 * may read.
	 */
	@PreAuthorize("isAuthenticated()")
	public Recent recent(int limit) {
		if (limit < 1 || limit > MAX_ITEMS) {
			throw SlipwayException.invalidArgument("limit", "must be between 1 and " + MAX_ITEMS);
		}
		String readable = this.permissions.visibility().readableSql(ResourceType.EXPERIMENT, "e.id");
		// The newest active run of each experiment comes from ix_runs_experiment_start.
		String visible = "SELECT e.id, e.name, e.creation_time, (SELECT MAX(r.start_time) FROM runs r "
				+ "WHERE r.experiment_id = e.id AND r.lifecycle_stage = 'active') AS last_run "
				+ "FROM experiments e WHERE e.lifecycle_stage = 'active' AND " + readable;
		List<RecentExperiment> experiments = this.jdbc
			.sql("SELECT x.id, x.name, COALESCE(x.last_run, x.creation_time) AS last_activity FROM (" + visible
					+ ") x ORDER BY last_activity DESC, x.id DESC FETCH FIRST " + limit + " ROWS ONLY")
			.query((rs, rowNum) -> new RecentExperiment(Long.toString(rs.getLong("id")), rs.getString("name"),
					rs.getLong("last_activity")))
			.list();
		// The newest runs all belong to the experiments whose newest runs are the newest:
		// if one did not, more than limit runs would be newer than it. So the read sorts
		// the runs of at most limit experiments, not the whole runs table.
		String busiest = "SELECT y.id FROM (" + visible + ") y WHERE y.last_run IS NOT NULL "
				+ "ORDER BY y.last_run DESC, y.id DESC FETCH FIRST " + limit + " ROWS ONLY";
		List<RecentRun> runs = this.jdbc
			.sql("SELECT r.run_uuid, r.run_name, r.experiment_id, e.name AS experiment_name, r.status, r.start_time, "
					+ "r.end_time, r.user_id FROM runs r JOIN experiments e ON e.id = r.experiment_id "
					+ "WHERE r.lifecycle_stage = 'active' AND r.experiment_id IN (" + busiest + ") "
					+ "ORDER BY r.start_time DESC NULLS LAST, r.id DESC FETCH FIRST " + limit + " ROWS ONLY")
			.query((rs, rowNum) -> new RecentRun(rs.getString("run_uuid"), rs.getString("run_name"),
					Long.toString(rs.getLong("experiment_id")), rs.getString("experiment_name"),
					RunStatus.valueOf(rs.getString("status")), rs.getObject("start_time", Long.class),
					rs.getObject("end_time", Long.class), rs.getString("user_id")))
			.list();
		return new Recent(experiments, runs);
	}

}
