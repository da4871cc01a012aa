package dev.slipway.tracking.web;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

import dev.slipway.home.web.HomeCard;
import dev.slipway.home.web.HomeCardProvider;
import dev.slipway.home.web.HomeTime;
import dev.slipway.tracking.RecentActivity;
import dev.slipway.tracking.RecentActivity.RecentExperiment;
import dev.slipway.tracking.RecentActivity.RecentRun;

import org.springframework.stereotype.Component;

/**
 * Tracking's cards on the home page, from one read: the newest runs and experiments the
 * user may read.
 */
@Component
class TrackingHomeCards implements HomeCardProvider {

	/** Runs, and experiments, each card lists. */
	static final int LIMIT = 10;

	private static final String TEMPLATE = "experiments/home-cards";

	private static final HomeCard.Link ALL_EXPERIMENTS = new HomeCard.Link("All experiments", "/experiments");

	private final RecentActivity recent;

	private final Clock clock;

	TrackingHomeCards(RecentActivity recent, Clock clock) {
		this.recent = recent;
		this.clock = clock;
	}

	@Override
	public List<HomeCard> cards() {
		RecentActivity.Recent recent = this.recent.recent(LIMIT);
		long now = this.clock.millis();
		List<RunRow> runs = recent.runs().stream().map((run) -> RunRow.of(run, now)).toList();
		List<ExperimentRow> experiments = recent.experiments()
			.stream()
			.map((experiment) -> ExperimentRow.of(experiment, now))
			.toList();
		return List.of(new HomeCard("recent-runs", 20, "Recent runs", TEMPLATE, "recentRuns", runs, true, null),
				new HomeCard("recent-experiments", 30, "Recent experiments", TEMPLATE, "recentExperiments", experiments,
						false, ALL_EXPERIMENTS));
	}

	/**
	 * A run in the recent runs card.
	 *
	 * @param runId the run's id
	 * @param name its name, or the start of its id when it has none
	 * @param href its page
	 * @param experiment its experiment's name
	 * @param experimentHref the experiment's runs
	 * @param status its status
	 * @param statusBadge the status badge's classes
	 * @param started when it started, or null
	 * @param user who ran it
	 */
	record RunRow(String runId, String name, String href, String experiment, String experimentHref, String status,
			String statusBadge, HomeTime started, String user) {

		static RunRow of(RecentRun run, long now) {
			String experimentHref = "/experiments/" + run.experimentId() + "/runs";
			String name = (run.runName() == null || run.runName().isBlank()) ? run.runId().substring(0, 8)
					: run.runName();
			String status = run.status().name();
			return new RunRow(run.runId(), name, experimentHref + "/" + run.runId(), run.experimentName(),
					experimentHref, status, "badge status-" + status.toLowerCase(Locale.ROOT),
					HomeTime.of(run.startTime(), now), run.userId());
		}

	}

	/**
	 * An experiment in the recent experiments card.
	 *
	 * @param experimentId its id
	 * @param name its name
	 * @param href its runs
	 * @param lastActivity its newest run's start, or its creation
	 */
	record ExperimentRow(String experimentId, String name, String href, HomeTime lastActivity) {

		static ExperimentRow of(RecentExperiment experiment, long now) {
			return new ExperimentRow(experiment.experimentId(), experiment.name(),
					"/experiments/" + experiment.experimentId() + "/runs", HomeTime.of(experiment.lastActivity(), now));
		}

	}

}
