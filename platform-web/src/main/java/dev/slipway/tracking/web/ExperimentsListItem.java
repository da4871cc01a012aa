package dev.slipway.tracking.web;

import dev.slipway.tracking.Experiment;
import dev.slipway.tracking.TrackingOverview;

/**
 * One row of the experiments list.
 *
 * @param id public id
 * @param name the name
 * @param deleted whether the experiment is deleted
 * @param runCount active runs
 * @param lastActivity latest run start or end, or the experiment's last change, as text
 * @param lastActivityIso the same, machine-readable
 * @param created creation time as text
 * @param runsHref the experiment's runs page
 */
record ExperimentsListItem(String id, String name, boolean deleted, long runCount, String lastActivity,
		String lastActivityIso, String created, String runsHref) {

	static ExperimentsListItem of(Experiment experiment, TrackingOverview.Activity activity) {
		long runCount = (activity != null) ? activity.runCount() : 0;
		Long lastRun = (activity != null) ? activity.lastRunActivity() : null;
		long last = (lastRun != null) ? Math.max(lastRun, experiment.lastUpdateTime()) : experiment.lastUpdateTime();
		Long shown = (last > 0) ? last : null;
		return new ExperimentsListItem(experiment.experimentId(), experiment.name(),
				"deleted".equals(experiment.lifecycleStage()), runCount, RunsTableFormat.time(shown),
				RunsTableFormat.isoTime(shown),
				RunsTableFormat.time((experiment.creationTime() > 0) ? experiment.creationTime() : null),
				"/experiments/" + experiment.experimentId() + "/runs");
	}

}
