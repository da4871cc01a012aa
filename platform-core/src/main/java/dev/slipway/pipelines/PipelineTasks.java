package dev.slipway.pipelines;

import java.time.Duration;
import java.time.Instant;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The db-scheduler tasks through which replicas share pipeline work: one execution per
 * step attempt, and a sweep that moves on runs whose next move was missed (a replica died
 * between two steps). db-scheduler picks each execution on one replica, keeps its
 * heartbeat, and revives it elsewhere when the heartbeats stop.
 */
@Configuration(proxyBeanMethods = false)
class PipelineTasks {

	/** How often the sweep runs. */
	static final Duration SWEEP_INTERVAL = Duration.ofSeconds(30);

	private static final Logger log = LoggerFactory.getLogger(PipelineTasks.class);

	private static final Duration RETRY_AFTER_ERROR = Duration.ofSeconds(30);

	@Bean
	CustomTask<Void> pipelineAttemptTask(ObjectProvider<AttemptRunner> runner) {
		return Tasks.custom(PipelineEngine.ATTEMPT_TASK, Void.class)
			.onDeadExecutionRevive()
			.execute((instance, context) -> {
				AttemptRunner.Next next;
				try {
					next = runner.getObject().run(Long.parseLong(instance.getId()));
				}
				catch (RuntimeException ex) {
					// A database outage, say: try again later rather than lose the
					// attempt.
					log.warn("Attempt {} failed to advance, retrying in {}: {}", instance.getId(), RETRY_AFTER_ERROR,
							ex.getMessage());
					next = new AttemptRunner.Next.Later(Instant.now().plus(RETRY_AFTER_ERROR));
				}
				if (next instanceof AttemptRunner.Next.Later later) {
					return (complete, operations) -> operations.reschedule(complete, later.at());
				}
				return new CompletionHandler.OnCompleteRemove<>();
			});
	}

	@Bean
	RecurringTask<Void> pipelineSweepTask(ObjectProvider<PipelineSweep> sweep) {
		return Tasks.recurring("pipeline-sweep", FixedDelay.of(SWEEP_INTERVAL))
			.execute((instance, context) -> sweep.getObject().sweep());
	}

}
