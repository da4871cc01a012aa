package dev.slipway.tracking;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.slipway.error.ErrorCode;
import dev.slipway.security.Accounts;
import dev.slipway.security.Permission;
import dev.slipway.security.ResourcePermissionService;
import dev.slipway.security.ResourceType;
import dev.slipway.security.SecurityTestContext;
import dev.slipway.security.SlipwayPrincipal;
import dev.slipway.testsupport.OnPostgresql;
import dev.slipway.testsupport.WithSlipwayUser;
import dev.slipway.tracking.RecentActivity.RecentExperiment;
import dev.slipway.tracking.RecentActivity.RecentRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static dev.slipway.security.SecurityAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The home page's read of tracking on both databases: the newest experiments and runs,
 * only those the caller may read, nothing deleted, and at most the limit asked for.
 */
class RecentActivityTest {

	private static final AtomicLong FUTURE = new AtomicLong(4_000_000_000_000L);

	@WithSlipwayUser
	abstract static class Contract {

		@Autowired
		ApplicationContext context;

		@Autowired
		ExperimentService experiments;

		@Autowired
		ResourcePermissionService permissions;

		@Autowired
		RunService runs;

		@Autowired
		RecentActivity recent;

		Accounts accounts;

		/**
		 * Later than any run other tests sharing the database log, and than the runs of
		 * the tests before, so this test's runs are the newest.
		 */
		long future;

		@BeforeEach
		void setUp() {
			this.accounts = Accounts.of(this.context);
			this.future = FUTURE.addAndGet(1_000_000L);
		}

		String experiment(String prefix) {
			return this.experiments.create(Accounts.unique(prefix), null, List.of());
		}

		String run(String experiment, long offset) {
			return this.runs.create(experiment, "tester", this.future + offset, "run-" + offset, List.of())
				.info()
				.runId();
		}

		@Test
		void theNewestExperimentsAndRunsComeNewestFirstWithoutDeletedOnes() {
			String older = experiment("older");
			String newer = experiment("newer");
			String first = run(older, 1);
			String second = run(newer, 2);
			String third = run(older, 3);
			this.runs.delete(run(older, 4));
			String gone = experiment("gone");
			run(gone, 5);
			this.experiments.delete(gone);

			RecentActivity.Recent recent = this.recent.recent(3);
			assertThat(recent.runs()).extracting(RecentRun::runId).containsExactly(third, second, first);
			assertThat(recent.experiments()).extracting(RecentExperiment::experimentId)
				.startsWith(older, newer)
				.doesNotContain(gone);
			RecentRun newest = recent.runs().get(0);
			assertThat(newest.experimentId()).isEqualTo(older);
			assertThat(newest.experimentName()).isEqualTo(this.experiments.get(older).name());
			assertThat(newest.runName()).isEqualTo("run-3");
			assertThat(newest.status()).isEqualTo(RunStatus.RUNNING);
			assertThat(newest.startTime()).isEqualTo(this.future + 3);
			assertThat(newest.userId()).isEqualTo(this.accounts.admin().username());
			assertThat(recent.experiments().get(0).lastActivity()).isEqualTo(this.future + 3);
		}

		@Test
		void runsOfOneBusyExperimentFillTheListWhenTheyAreTheNewest() {
			String quiet = experiment("quiet");
			String busy = experiment("busy");
			run(quiet, 10);
			List<String> newest = List.of(run(busy, 14), run(busy, 13), run(busy, 12), run(busy, 11));
			assertThat(this.recent.recent(4).runs()).extracting(RecentRun::runId).containsExactlyElementsOf(newest);
		}

		@Test
		void aViewerSeesOnlyWhatTheyMayRead() {
			String open = experiment("open");
			String closed = experiment("closed");
			String granted = experiment("granted");
			String openRun = run(open, 20);
			String closedRun = run(closed, 22);
			String grantedRun = run(granted, 21);
			this.permissions.setDefaultPermission(ResourceType.EXPERIMENT, closed, Permission.NONE);
			this.permissions.setDefaultPermission(ResourceType.EXPERIMENT, granted, Permission.NONE);
			SlipwayPrincipal viewer = this.accounts.viewer();
			this.permissions.grant(ResourceType.EXPERIMENT, granted, viewer.username(), Permission.READ);

			assertThat(this.recent.recent(3).runs()).extracting(RecentRun::runId)
				.containsExactly(closedRun, grantedRun, openRun);
			this.accounts.actAs(viewer);
			RecentActivity.Recent seen = this.recent.recent(3);
			assertThat(seen.runs()).extracting(RecentRun::runId)
				.startsWith(grantedRun, openRun)
				.doesNotContain(closedRun);
			assertThat(seen.experiments()).extracting(RecentExperiment::experimentId)
				.startsWith(granted, open)
				.doesNotContain(closed);
		}

		@Test
		void theLimitIsBounded() {
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.recent.recent(0));
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.recent.recent(RecentActivity.MAX_ITEMS + 1));
			assertThat(this.recent.recent(1).runs()).hasSizeLessThanOrEqualTo(1);
		}

	}

	@Nested
	@SecurityTestContext.Default
	class EmbeddedH2 extends Contract {

	}

	@Nested
	@SecurityTestContext.Default
	@OnPostgresql
	class Postgresql extends Contract {

	}

}
