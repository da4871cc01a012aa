package dev.slipway.pipelines;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.query.Page;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The pipeline pages' reads, one call per page: the list with each pipeline's last run, a
 * pipeline with its versions and recent runs, and a run with its definition and history.
 * Permissions are {@link PipelineService}'s: a pipeline takes its experiment's.
 */
@Service
@Transactional(readOnly = true)
public class PipelinePages {

	/** The versions a pipeline's page lists (the newest). */
	public static final int VERSIONS = 50;

	/** The runs a pipeline's page lists (the newest). */
	public static final int RECENT_RUNS = 20;

	private final PipelineService pipelines;

	private final PipelineAccess access;

	private final JdbcClient jdbc;

	private final ScheduleService schedules;

	private final TriggerService triggers;

	PipelinePages(PipelineService pipelines, PipelineAccess access, JdbcClient jdbc, ScheduleService schedules,
			TriggerService triggers) {
		this.schedules = schedules;
		this.triggers = triggers;
		this.pipelines = pipelines;
		this.access = access;
		this.jdbc = jdbc;
	}

	/**
	 * A pipeline in the list.
	 *
	 * @param pipeline the pipeline
	 * @param lastRun its newest run, or null when it never ran
	 */
	public record ListItem(Pipeline pipeline, LastRun lastRun) {
	}

	/**
	 * The newest run of a pipeline.
	 *
	 * @param id the run
	 * @param state its state
	 * @param createdAt epoch millis
	 */
	public record LastRun(long id, RunState state, long createdAt) {
	}

	/**
	 * A pipeline's page.
	 *
	 * @param pipeline the pipeline
	 * @param selected the version shown (its graph, source and start form)
	 * @param versions the newest versions, newest first, at most {@link #VERSIONS}
	 * @param moreVersions whether older versions exist beyond those
	 * @param runs the newest runs, newest first, at most {@link #RECENT_RUNS}
	 * @param moreRuns whether older runs exist beyond those
	 * @param canStart whether the caller may start runs (EDIT)
	 * @param schedules its schedules
	 * @param triggers its triggers
	 */
	public record PipelinePage(Pipeline pipeline, PipelineVersion selected, List<PipelineVersion> versions,
			boolean moreVersions, List<PipelineRun> runs, boolean moreRuns, boolean canStart,
			List<PipelineSchedule> schedules, List<PipelineTrigger> triggers) {
	}

	/**
	 * A run's page.
	 *
	 * @param run the run with its steps and attempts
	 * @param pipeline its pipeline
	 * @param definition the definition of the version it runs (the graph's edges, each
	 * step's settings)
	 * @param history every state change, oldest first (at most
	 * {@link PipelineService#MAX_HISTORY})
	 * @param canChange whether the caller may cancel or retry it (EDIT)
	 */
	public record RunPage(PipelineRun run, Pipeline pipeline, PipelineDefinition definition, List<StateChange> history,
			boolean canChange) {
	}

	/**
	 * The pipelines the caller may read, by name, each with its newest run (found for the
	 * whole page in one query).
	 */
	@PreAuthorize("isAuthenticated()")
	public Page<ListItem> list(Integer pageSize, String pageToken) {
		Page<Pipeline> page = this.pipelines.list(null, pageSize, pageToken);
		Map<Long, LastRun> lastRuns = lastRuns(page.items().stream().map(Pipeline::id).toList());
		return new Page<>(
				page.items().stream().map((pipeline) -> new ListItem(pipeline, lastRuns.get(pipeline.id()))).toList(),
				page.nextPageToken());
	}

	/** A pipeline with one version ({@code version} null for the latest). */
	@PreAuthorize("@pipelineAccess.pipeline(#name, 'READ')")
	public PipelinePage pipeline(String name, Integer version) {
		Pipeline pipeline = this.pipelines.get(name);
		PipelineVersion selected = this.pipelines.version(name, version);
		Page<PipelineVersion> versions = this.pipelines.versions(name, VERSIONS, null);
		Page<PipelineRun> runs = this.pipelines.runs(name, null, RECENT_RUNS, null);
		return new PipelinePage(pipeline, selected, versions.items(), versions.nextPageToken() != null, runs.items(),
				runs.nextPageToken() != null, this.access.pipeline(name, "EDIT"), this.schedules.list(name),
				this.triggers.list(name));
	}

	/** A run with its pipeline, definition and history. */
	@PreAuthorize("@pipelineAccess.run(#runId, 'READ')")
	public RunPage run(long runId) {
		PipelineRun run = this.pipelines.get(runId);
		Pipeline pipeline = this.pipelines.get(run.pipelineName());
		PipelineDefinition definition = this.pipelines.version(run.pipelineName(), run.version()).definition();
		return new RunPage(run, pipeline, definition, this.pipelines.history(runId), this.access.run(runId, "EDIT"));
	}

	private Map<Long, LastRun> lastRuns(List<Long> pipelineIds) {
		if (pipelineIds.isEmpty()) {
			return Map.of();
		}
		String marks = String.join(", ", Collections.nCopies(pipelineIds.size(), "?"));
		Map<Long, LastRun> found = new HashMap<>();
		this.jdbc
			.sql("SELECT pipeline_id, id, state, created_at FROM pipeline_runs WHERE id IN "
					+ "(SELECT MAX(id) FROM pipeline_runs WHERE pipeline_id IN (" + marks + ") GROUP BY pipeline_id)")
			.params(pipelineIds)
			.query((rs, rowNum) -> Map.entry(rs.getLong("pipeline_id"),
					new LastRun(rs.getLong("id"), RunState.valueOf(rs.getString("state")), rs.getLong("created_at"))))
			.list()
			.forEach((entry) -> found.put(entry.getKey(), entry.getValue()));
		return found;
	}

}
