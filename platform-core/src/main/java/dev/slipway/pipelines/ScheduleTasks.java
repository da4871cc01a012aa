package dev.slipway.pipelines;

import java.time.Clock;
import java.time.Duration;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The db-scheduler task that ticks pipeline schedules: a recurring task runs on one
 * replica at a time, and a tick missed while every replica was down is made up by each
 * schedule's bounded catch-up ({@link ScheduleTiming#due}).
 */
@Configuration(proxyBeanMethods = false)
class ScheduleTasks {

	/** How often schedules are looked at: the most a run starts after its fire time. */
	static final Duration TICK_INTERVAL = Duration.ofSeconds(20);

	@Bean
	RecurringTask<Void> pipelineScheduleTask(ObjectProvider<ScheduleTicker> ticker, Clock clock) {
		return Tasks.recurring("pipeline-schedules", FixedDelay.of(TICK_INTERVAL))
			.execute((instance, context) -> ticker.getObject().tick(clock.instant()));
	}

}
