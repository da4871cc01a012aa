package dev.slipway.tracking;

import java.util.List;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.query.Page;
import dev.slipway.security.Permission;
import dev.slipway.security.ResourcePermissionService;
import dev.slipway.security.ResourceType;
import dev.slipway.tracking.search.ViewType;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The tracking pages, each read in one call and one read-only transaction, so a page
 * shows one consistent moment; lists are filtered, ordered and paged in SQL.
 */
@Service
@Transactional(readOnly = true)
public class TrackingPages {

	/** Most child runs a run page lists. */
	public static final long MAX_CHILDREN = 50;

	private final ExperimentService experiments;

	private final RunService runs;

	private final ArtifactService artifacts;

	private final ColumnPreferences preferences;

	private final TrackingOverview overview;

	private final ResourcePermissionService permissions;

	private final RunComparisonService comparisons;

	private final TrackingAccess access;

	TrackingPages(ExperimentService experiments, RunService runs, ArtifactService artifacts,
			ColumnPreferences preferences, TrackingOverview overview, ResourcePermissionService permissions,
			RunComparisonService comparisons, TrackingAccess access) {
		this.experiments = experiments;
		this.runs = runs;
		this.artifacts = artifacts;
		this.preferences = preferences;
		this.overview = overview;
		this.permissions = permissions;
		this.comparisons = comparisons;
		this.access = access;
	}

	/**
	 * A run's page.
	 *
	 * @param experiment the run's experiment
	 * @param run the run with its data
	 * @param children its active child runs (tag {@code mlflow.parentRunId}), newest
	 * first, at most {@value #MAX_CHILDREN}
	 * @param canEdit whether the caller may change the run
	 * @param artifacts the top level of its artifacts
	 */
	public record RunPage(Experiment experiment, Run run, Page<Run> children, boolean canEdit,
			ArtifactService.Listing artifacts) {
	}

	/**
	 * An experiment's runs table.
	 *
	 * @param experiment the experiment
	 * @param runs one page of runs, empty when the search was refused
	 * @param refusal why the search was refused (a bad filter or order), or null
	 * @param columns the caller's saved columns for the experiment
	 * @param keys the metric, param and tag keys its runs use
	 */
	public record RunsPage(Experiment experiment, Page<Run> runs, SlipwayException refusal, RunTableColumns columns,
			TrackingOverview.Keys keys) {
	}

	/**
	 * The experiments list.
	 *
	 * @param experiments one page of experiments, empty when the search was refused
	 * @param activity each listed experiment's run count and last activity, by id
	 * @param refusal why the search was refused (a bad filter), or null
	 * @param canCreate whether the caller may create an experiment
	 */
	public record ExperimentsPage(Page<Experiment> experiments, Map<String, TrackingOverview.Activity> activity,
			SlipwayException refusal, boolean canCreate) {
	}

	/**
	 * The compare page.
	 *
	 * @param experiment the experiment the comparison is shown in
	 * @param comparison the runs side by side
	 */
	public record ComparePage(Experiment experiment, RunComparison comparison) {
	}

	/**
	 * One page of the experiments the caller can read, each with its activity; a filter
	 * the grammar refuses gives an empty page and the refusal.
	 */
	@PreAuthorize("isAuthenticated()")
	public ExperimentsPage experiments(ViewType viewType, String filter, long size, String pageToken) {
		Page<Experiment> page;
		SlipwayException refusal = null;
		try {
			page = this.experiments.search(viewType, filter, null, size, pageToken);
		}
		catch (SlipwayException ex) {
			// ExperimentService.search does not mark this transaction for rollback on a
			// refusal.
			refusal = ex;
			page = new Page<>(List.of(), null);
		}
		List<String> ids = page.items().stream().map(Experiment::experimentId).toList();
		return new ExperimentsPage(page, this.overview.activity(ids), refusal, this.access.canCreateExperiment());
	}

	/** The compare page of 2 to 10 runs, each read with its own authorization. */
	@PreAuthorize("@trackingAccess.experiment(#experimentId, 'READ')")
	public ComparePage compare(String experimentId, List<String> runIds) {
		return new ComparePage(this.experiments.get(experimentId), this.comparisons.compare(runIds));
	}

	/** A run's page; a run of another experiment is as unknown as a missing one. */
	@PreAuthorize("@trackingAccess.experiment(#experimentId, 'READ')")
	public RunPage run(String experimentId, String runId) {
		Run run = this.runs.get(runId);
		if (!run.info().experimentId().equals(experimentId)) {
			throw new SlipwayException(ErrorCode.NOT_FOUND, "Run with id=" + runId + " not found");
		}
		Page<Run> children = this.runs.search(List.of(experimentId), "tags.`mlflow.parentRunId` = '" + runId + "'",
				ViewType.ACTIVE_ONLY, MAX_CHILDREN, List.of("attributes.start_time DESC"), null);
		boolean canEdit = this.permissions.myPermission(ResourceType.EXPERIMENT, experimentId)
			.includes(Permission.EDIT);
		return new RunPage(this.experiments.get(experimentId), run, children, canEdit,
				this.artifacts.browseRun(runId, null));
	}

	/**
	 * One page of an experiment's runs as the table shows them; a filter or order the
	 * grammar refuses gives an empty page and the refusal, so the page can say what is
	 * wrong with it.
	 */
	@PreAuthorize("@trackingAccess.experiment(#experimentId, 'READ')")
	public RunsPage runs(String experimentId, String filter, ViewType viewType, long size, List<String> orderBy,
			String pageToken) {
		Experiment experiment = this.experiments.get(experimentId);
		Page<Run> page;
		SlipwayException refusal = null;
		try {
			page = this.runs.search(List.of(experimentId), filter, viewType, size, orderBy, pageToken);
		}
		catch (SlipwayException ex) {
			// RunService.search does not mark this transaction for rollback on a refusal.
			refusal = ex;
			page = new Page<>(List.of(), null);
		}
		return new RunsPage(experiment, page, refusal, this.preferences.get(experimentId),
				this.overview.keys(experimentId));
	}

}
