package dev.slipway.serving;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import dev.slipway.error.DependencyOutages;
import dev.slipway.monitoring.FeatureDrift;
import dev.slipway.monitoring.MonitorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves rollouts by themselves, on every replica every
 * {@code slipway.serving.rollout-interval}: for each rollout whose check is due, reads
 * its gates over every replica's requests of the current step, counts a failed check and
 * aborts past the failure limit, or moves to the next step (promoting after the last)
 * once the step's pause has passed with its checks passing. Each deployment is judged
 * under its row lock, so one replica counts each check.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class RolloutEngine implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(RolloutEngine.class);

	private final DeploymentRepository deployments;

	private final DeploymentService service;

	private final DeploymentStats stats;

	private final DeploymentRecorder recorder;

	private final ServingSettings settings;

	private final DependencyOutages outages;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final ServingService serving;

	private final MonitorService monitors;

	RolloutEngine(DeploymentRepository deployments, DeploymentService service, DeploymentStats stats,
			DeploymentRecorder recorder, ServingSettings settings, DependencyOutages outages,
			PlatformTransactionManager transactions, Clock clock, ServingService serving, MonitorService monitors) {
		this.serving = serving;
		this.monitors = monitors;
		this.deployments = deployments;
		this.service = service;
		this.stats = stats;
		this.recorder = recorder;
		this.settings = settings;
		this.outages = outages;
		this.transaction = new TransactionTemplate(transactions);
		this.clock = clock;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(
				new FixedDelayTask(this::tick, this.settings.rolloutInterval(), this.settings.rolloutInterval()));
	}

	/** One round over every rollout; a failure is logged and retried next round. */
	void tick() {
		try {
			for (Long id : this.transaction.execute((status) -> this.deployments.rollingOutIds())) {
				try {
					this.transaction.executeWithoutResult((status) -> advance(id));
				}
				catch (RuntimeException ex) {
					if (!this.outages.absorb(ex)) {
						log.warn("Rollout of deployment {} not checked, retrying next round: {}", id, ex.getMessage());
					}
				}
			}
			this.stats.purge(this.clock.millis() - 7L * 24 * 3600 * 1000);
		}
		catch (RuntimeException ex) {
			if (!this.outages.absorb(ex)) {
				log.warn("Rollout round failed, retrying in {}: {}", this.settings.rolloutInterval(), ex.getMessage());
			}
		}
	}

	/** Checks one rollout if due, in the caller's transaction. */
	void advance(long id) {
		DeploymentEntity entity = this.deployments.lockById(id).orElse(null);
		if (entity == null || !entity.phase().rollingOut()) {
			return;
		}
		long now = this.clock.millis();
		Optional<String> unready = this.serving.candidateProblem(entity.name(), entity.candidateVersion());
		if (unready.isPresent()) {
			this.service.abort(entity, DeploymentRecorder.ENGINE, "rolled back automatically: " + unready.get(), null);
			return;
		}
		RolloutPlan plan = DeploymentJson.read(entity.rolloutJson(), RolloutPlan.class);
		Gates gates = plan.gates();
		long last = (entity.lastCheckedAt() != null) ? entity.lastCheckedAt() : entity.stepStartedAt();
		List<RolloutPlan.Step> steps = RolloutPlans.steps(plan);
		RolloutPlan.Step step = steps.get(Math.min(entity.stepIndex(), steps.size() - 1));
		boolean pauseOver = step.pauseSeconds() != null && plan.strategy() != Strategy.AB
				&& now - entity.stepStartedAt() >= step.pauseSeconds() * 1000;
		boolean checkDue = now - last >= gates.intervalSeconds() * 1000L;
		if (!checkDue && !(pauseOver && entity.phase() == DeploymentPhase.PROGRESSING)) {
			return;
		}
		VersionStats candidate = this.stats.since(id, entity.candidateVersion(), entity.stepStartedAt());
		VersionStats stable = this.stats.since(id, entity.stableVersion(), entity.stepStartedAt());
		GateCheck.Drift drift = gates.checksPredictionDrift() ? drift(entity) : null;
		GateCheck check = GateCheck.of(gates, candidate, stable, plan.strategy() == Strategy.SHADOW, drift);
		if (check.result() == GateCheck.Result.FAILED) {
			entity.checked(now, true, "check failed: " + check.message());
			if (entity.failedChecks() > gates.failureLimit()) {
				this.service.abort(
						entity, DeploymentRecorder.ENGINE, "rolled back automatically: " + check.message() + " ("
								+ entity.failedChecks() + " failed checks, limit " + gates.failureLimit() + ")",
						check.details());
				return;
			}
			this.recorder.record(this.deployments.saveAndFlush(entity), DeploymentRecorder.ENGINE,
					"deployment.check_failed", check.message(), check.details());
			return;
		}
		if (check.result() == GateCheck.Result.INCONCLUSIVE || entity.phase() != DeploymentPhase.PROGRESSING
				|| !pauseOver) {
			// Waiting says for what; a passed check shows the step again.
			entity.checked(now, false, (check.result() == GateCheck.Result.INCONCLUSIVE) ? check.message()
					: DeploymentService.describe(plan, entity.stepIndex(), step));
			this.deployments.saveAndFlush(entity);
			return;
		}
		int next = entity.stepIndex() + 1;
		if (next >= steps.size()) {
			this.service.promote(entity, DeploymentRecorder.ENGINE,
					"promoted automatically: every step passed its checks", check.details());
			return;
		}
		RolloutPlan.Step nextStep = steps.get(next);
		entity.checked(now, false, check.message());
		entity.step(next, RolloutPlans.basisPoints(nextStep.weight()),
				(nextStep.pauseSeconds() == null) ? DeploymentPhase.PAUSED : DeploymentPhase.PROGRESSING, now,
				DeploymentService.describe(plan, next, nextStep));
		this.recorder.record(this.deployments.saveAndFlush(entity), DeploymentRecorder.ENGINE,
				"deployment.step_advanced", entity.message(), check.details());
	}

	/**
	 * The two versions' sampled predictions of the current step, judged by the
	 * deployment's monitor; null when the monitor can no longer judge.
	 */
	private GateCheck.Drift drift(DeploymentEntity entity) {
		DeploymentOptions options = DeploymentJson.read(entity.optionsJson(), DeploymentOptions.class);
		if (options == null || options.monitorId() == null) {
			return null;
		}
		Optional<FeatureDrift> candidate = this.monitors.predictionDrift(options.monitorId(),
				this.stats.predictions(entity.id(), entity.candidateVersion(), entity.stepStartedAt()));
		Optional<FeatureDrift> stable = this.monitors.predictionDrift(options.monitorId(),
				this.stats.predictions(entity.id(), entity.stableVersion(), entity.stepStartedAt()));
		return (candidate.isPresent() && stable.isPresent())
				? new GateCheck.Drift(options.monitorId(), candidate.get(), stable.get()) : null;
	}

}
