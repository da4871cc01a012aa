package dev.slipway.serving;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.monitoring.Monitor;
import dev.slipway.monitoring.MonitorAccess;
import dev.slipway.monitoring.MonitorService;
import dev.slipway.query.Page;
import dev.slipway.query.PageToken;
import dev.slipway.registry.ModelDirectory;
import dev.slipway.registry.ModelVersion;
import dev.slipway.registry.RegistryService;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.PermissionService;
import dev.slipway.security.ResourceType;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Deployments and their rollouts: create a deployment of a registered model version, roll
 * a candidate out (canary, A/B, shadow, blue-green), and promote, pause, resume, abort or
 * roll back at any time. Every change is kept in the deployment's history, sent to the
 * audit trail and, for the kinds webhooks subscribe to, to the model's webhooks. A
 * deployment takes its model's permissions: READ to look and predict, EDIT to change and
 * roll out, MANAGE to delete.
 */
@Service
@Transactional(readOnly = true)
public class DeploymentService {

	/** The largest page of deployments or history. */
	public static final int MAX_PAGE_SIZE = 500;

	private final DeploymentRepository deployments;

	private final DeploymentChanges changes;

	private final DeploymentStats stats;

	private final DeploymentRecorder recorder;

	private final RegistryService registry;

	private final ModelDirectory models;

	private final PermissionService permissions;

	private final ServingSettings settings;

	private final ApplicationEventPublisher events;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final MonitorService monitors;

	private final MonitorAccess monitorAccess;

	private final DeploymentAccess access;

	DeploymentService(DeploymentAccess access, MonitorService monitors, MonitorAccess monitorAccess,
			DeploymentRepository deployments, DeploymentChanges changes, DeploymentStats stats,
			DeploymentRecorder recorder, RegistryService registry, ModelDirectory models, PermissionService permissions,
			ServingSettings settings, ApplicationEventPublisher events, JdbcClient jdbc, Clock clock) {
		this.access = access;
		this.monitors = monitors;
		this.monitorAccess = monitorAccess;
		this.deployments = deployments;
		this.changes = changes;
		this.stats = stats;
		this.recorder = recorder;
		this.registry = registry;
		this.models = models;
		this.permissions = permissions;
		this.settings = settings;
		this.events = events;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** Creates a deployment serving one version of a registered model. */
	@Transactional
	@PreAuthorize("@deploymentAccess.model(#draft.model(), 'EDIT')")
	public Deployment create(NewDeployment draft) {
		String name = RolloutPlans.checkedName(draft.name());
		description(draft.description());
		ModelVersion version = readyVersion(draft.model(), draft.version(), "version");
		Backend backend = RolloutPlans.checked(draft.backend(), "backend");
		DeploymentOptions options = checked(draft.model(), draft.options());
		if (this.deployments.findByName(name).isPresent()) {
			throw new SlipwayException(ErrorCode.ALREADY_EXISTS, "A deployment named '" + name + "' already exists");
		}
		if (this.deployments.count() >= this.settings.maxDeployments()) {
			throw new SlipwayException(ErrorCode.INVALID_STATE,
					"This server holds " + this.settings.maxDeployments() + " deployments, the most allowed");
		}
		long modelId = this.models.lock(draft.model())
			.orElseThrow(() -> new SlipwayException(ErrorCode.NOT_FOUND,
					"Registered model '" + draft.model() + "' not found"));
		DeploymentEntity entity = new DeploymentEntity(name, modelId, version.version(), DeploymentJson.write(backend),
				DeploymentJson.write(options), actor(), this.clock.millis());
		entity.description(blankToNull(draft.description()));
		entity = this.deployments.saveAndFlush(entity);
		this.recorder.record(entity, actor(), "deployment.created", "serves version " + version.version(), null);
		return view(entity);
	}

	/** One deployment. */
	@PreAuthorize("@deploymentAccess.deployment(#name, 'READ')")
	public Deployment get(String name) {
		return view(entity(name));
	}

	/** Deployments the caller may read, by name, optionally of one model. */
	@PreAuthorize("isAuthenticated()")
	public Page<Deployment> list(String modelName, String pageToken, int maxResults) {
		if (maxResults < 1 || maxResults > MAX_PAGE_SIZE) {
			throw SlipwayException.invalidArgument("max_results", "must be from 1 to " + MAX_PAGE_SIZE);
		}
		long after = PageToken.decode(pageToken);
		Long modelId = null;
		if (modelName != null && !modelName.isBlank()) {
			Optional<Long> id = this.models.idOf(modelName);
			if (id.isEmpty()) {
				return new Page<>(List.of(), null);
			}
			modelId = id.get();
		}
		String readable = this.permissions.visibility().readableSql(ResourceType.REGISTERED_MODEL, "d.model_id");
		List<Long> ids = this.jdbc
			.sql("SELECT d.id FROM deployments d WHERE d.id > ? AND (CAST(? AS BIGINT) IS NULL OR d.model_id = ?) AND "
					+ readable + " ORDER BY d.id FETCH FIRST " + (maxResults + 1) + " ROWS ONLY")
			.params(after, modelId, modelId)
			.query(Long.class)
			.list();
		boolean more = ids.size() > maxResults;
		List<DeploymentEntity> entities = this.deployments
			.findByIdInOrderByIdAsc(more ? ids.subList(0, maxResults) : ids);
		Map<Long, String> names = this.models
			.names(entities.stream().map(DeploymentEntity::modelId).distinct().toList());
		List<Deployment> items = entities.stream().map((entity) -> view(entity, names.get(entity.modelId()))).toList();
		return new Page<>(items, more ? PageToken.encode(items.get(items.size() - 1).id()) : null);
	}

	/** Changes the description and options; null keeps each. */
	@Transactional
	@PreAuthorize("@deploymentAccess.deployment(#name, 'EDIT')")
	public Deployment update(String name, String description, DeploymentOptions options) {
		DeploymentEntity entity = locked(name);
		if (description != null) {
			description(description);
			entity.description(blankToNull(description));
		}
		if (options != null) {
			entity.optionsJson(DeploymentJson.write(checked(modelName(entity), options)));
		}
		entity = this.deployments.saveAndFlush(entity);
		this.recorder.record(entity, actor(), "deployment.updated", null, null);
		return view(entity);
	}

	/** Deletes a deployment; its endpoint stops answering on every replica. */
	@Transactional
	@PreAuthorize("@deploymentAccess.deployment(#name, 'MANAGE')")
	public void delete(String name) {
		DeploymentEntity entity = locked(name);
		this.recorder.record(entity, actor(), "deployment.deleted", null, null);
		this.deployments.delete(entity);
	}

	/**
	 * Starts rolling a candidate out. Refused while another rollout is under way (abort
	 * or promote it first); a candidate kept after an abort is replaced.
	 */
	@Transactional
	@PreAuthorize("@deploymentAccess.deployment(#name, 'EDIT')")
	public Deployment startRollout(String name, String version, Backend backend, RolloutPlan plan) {
		DeploymentEntity entity = locked(name);
		if (entity.phase().rollingOut()) {
			throw new SlipwayException(ErrorCode.INVALID_STATE, "Deployment '" + name
					+ "' is already rolling out version " + entity.candidateVersion() + "; promote or abort it first");
		}
		String model = modelName(entity);
		ModelVersion candidate = readyVersion(model, version, "version");
		if (candidate.version() == entity.stableVersion()) {
			throw SlipwayException.invalidArgument("version",
					"version " + candidate.version() + " is already the stable version");
		}
		Backend checkedBackend = RolloutPlans.checked(backend, "backend");
		RolloutPlan checkedPlan = RolloutPlans.checked(plan);
		if (checkedPlan.gates().checksPredictionDrift()) {
			Long monitorId = options(entity).monitorId();
			if (monitorId == null || this.monitors.predictionDrift(monitorId, List.of()).isEmpty()) {
				throw SlipwayException.invalidArgument("gates.prediction_drift",
						"needs the deployment's options.monitor_id to name a monitor with a prediction column "
								+ "and a reference");
			}
		}
		RolloutPlan.Step first = RolloutPlans.steps(checkedPlan).get(0);
		long now = this.clock.millis();
		DeploymentPhase phase = (first.pauseSeconds() == null && checkedPlan.strategy() != Strategy.AB)
				? DeploymentPhase.PAUSED : DeploymentPhase.PROGRESSING;
		entity.startRollout(candidate.version(), DeploymentJson.write(checkedBackend),
				DeploymentJson.write(checkedPlan), checkedPlan.strategy(), RolloutPlans.basisPoints(first.weight()),
				phase, actor(), now, describe(checkedPlan, 0, first));
		entity = this.deployments.saveAndFlush(entity);
		this.recorder.record(entity, actor(), "deployment.rollout_started",
				checkedPlan.strategy().name().toLowerCase(Locale.ROOT) + " of version " + candidate.version(),
				DeploymentJson.write(checkedPlan));
		return view(entity);
	}

	/** Makes the candidate the stable version now, skipping any steps left. */
	@Transactional
	@PreAuthorize("@deploymentAccess.deployment(#name, 'EDIT')")
	public Deployment promote(String name, String reason) {
		DeploymentEntity entity = locked(name);
		if (!entity.phase().rollingOut()) {
			throw new SlipwayException(ErrorCode.INVALID_STATE, "Deployment '" + name + "' has no rollout to promote");
		}
		promote(entity, actor(), reasonOr(reason, "promoted by " + actor()), null);
		return view(entity);
	}

	/** Holds the current split; the gates are still checked. */
	@Transactional
	@PreAuthorize("@deploymentAccess.deployment(#name, 'EDIT')")
	public Deployment pause(String name, String reason) {
		DeploymentEntity entity = locked(name);
		if (entity.phase() != DeploymentPhase.PROGRESSING) {
			throw new SlipwayException(ErrorCode.INVALID_STATE, "Deployment '" + name + "' is not progressing");
		}
		entity.phase(DeploymentPhase.PAUSED, this.clock.millis(), reasonOr(reason, "paused by " + actor()));
		this.recorder.record(this.deployments.saveAndFlush(entity), actor(), "deployment.paused", reason, null);
		return view(entity);
	}

	/**
	 * Moves a paused rollout on: to its next step when the current one waits for a
	 * person.
	 */
	@Transactional
	@PreAuthorize("@deploymentAccess.deployment(#name, 'EDIT')")
	public Deployment resume(String name, String reason) {
		DeploymentEntity entity = locked(name);
		if (entity.phase() != DeploymentPhase.PAUSED) {
			throw new SlipwayException(ErrorCode.INVALID_STATE, "Deployment '" + name + "' is not paused");
		}
		RolloutPlan plan = DeploymentJson.read(entity.rolloutJson(), RolloutPlan.class);
		List<RolloutPlan.Step> steps = RolloutPlans.steps(plan);
		RolloutPlan.Step current = steps.get(Math.min(entity.stepIndex(), steps.size() - 1));
		long now = this.clock.millis();
		if (current.pauseSeconds() == null && plan.strategy() != Strategy.AB) {
			if (entity.stepIndex() + 1 >= steps.size()) {
				promote(entity, actor(), reasonOr(reason, "last step resumed by " + actor()), null);
				return view(entity);
			}
			RolloutPlan.Step next = steps.get(entity.stepIndex() + 1);
			entity.step(entity.stepIndex() + 1, RolloutPlans.basisPoints(next.weight()),
					(next.pauseSeconds() == null) ? DeploymentPhase.PAUSED : DeploymentPhase.PROGRESSING, now,
					describe(plan, entity.stepIndex() + 1, next));
		}
		else {
			entity.phase(DeploymentPhase.PROGRESSING, now, "resumed by " + actor());
		}
		this.recorder.record(this.deployments.saveAndFlush(entity), actor(), "deployment.resumed", reason, null);
		return view(entity);
	}

	/** Stops the rollout: all traffic back to the stable version. */
	@Transactional
	@PreAuthorize("@deploymentAccess.deployment(#name, 'EDIT')")
	public Deployment abort(String name, String reason) {
		DeploymentEntity entity = locked(name);
		if (!entity.phase().rollingOut()) {
			throw new SlipwayException(ErrorCode.INVALID_STATE, "Deployment '" + name + "' has no rollout to abort");
		}
		abort(entity, actor(), reasonOr(reason, "aborted by " + actor()), null);
		return view(entity);
	}

	/**
	 * Rolls back: during a rollout, aborts it; otherwise puts back the version that was
	 * stable before the last promotion.
	 */
	@Transactional
	@PreAuthorize("@deploymentAccess.deployment(#name, 'EDIT')")
	public Deployment rollback(String name, String reason) {
		DeploymentEntity entity = locked(name);
		if (entity.phase().rollingOut()) {
			abort(entity, actor(), reasonOr(reason, "rolled back by " + actor()), null);
			return view(entity);
		}
		if (entity.previousVersion() == null) {
			throw new SlipwayException(ErrorCode.INVALID_STATE,
					"Deployment '" + name + "' has no earlier version to roll back to");
		}
		int from = entity.stableVersion();
		entity.rollBack(this.clock.millis(), reasonOr(reason,
				"rolled back from version " + from + " to " + entity.previousVersion() + " by " + actor()));
		this.recorder.record(this.deployments.saveAndFlush(entity), actor(), "deployment.rolled_back",
				reasonOr(reason, "version " + from + " rolled back to " + entity.stableVersion()), null);
		return view(entity);
	}

	/** The deployment's history, newest first. */
	@PreAuthorize("@deploymentAccess.deployment(#name, 'READ')")
	public List<DeploymentChange> history(String name, Long beforeId, int maxResults) {
		if (maxResults < 1 || maxResults > MAX_PAGE_SIZE) {
			throw SlipwayException.invalidArgument("max_results", "must be from 1 to " + MAX_PAGE_SIZE);
		}
		return this.changes.page(entity(name).id(), beforeId, maxResults);
	}

	/**
	 * Requests per version since {@code from} (the current step's start when null), every
	 * replica's, and per ten-second bucket for charts.
	 */
	@PreAuthorize("@deploymentAccess.deployment(#name, 'READ')")
	public DeploymentTraffic traffic(String name, Long from) {
		DeploymentEntity entity = entity(name);
		long now = this.clock.millis();
		long since = (from != null) ? from : (entity.stepStartedAt() != null && entity.phase().rollingOut())
				? entity.stepStartedAt() : now - 15 * 60_000L;
		VersionStats stable = this.stats.since(entity.id(), entity.stableVersion(), since);
		VersionStats candidate = (entity.candidateVersion() != null)
				? this.stats.since(entity.id(), entity.candidateVersion(), since) : null;
		// The charts show the last hour whatever the step, so a new step does not empty
		// them.
		List<StatsPoint> series = this.stats.series(entity.id(),
				(from != null) ? Math.max(from, now - 60 * 60_000L) : now - 60 * 60_000L, 2000);
		return new DeploymentTraffic(since, stable, candidate, series);
	}

	/** A deployment's page: the deployment, its traffic and its latest changes. */
	@PreAuthorize("@deploymentAccess.deployment(#name, 'READ')")
	public DeploymentPage page(String name) {
		return page(name, 50);
	}

	/**
	 * What a page open in a browser polls every few seconds: the deployment, its traffic
	 * and only its newest change (enough to tell whether anything happened).
	 */
	@PreAuthorize("@deploymentAccess.deployment(#name, 'READ')")
	public DeploymentPage live(String name) {
		return page(name, 1);
	}

	private DeploymentPage page(String name, int changes) {
		DeploymentEntity entity = entity(name);
		return new DeploymentPage(view(entity), traffic(name, null), this.changes.page(entity.id(), null, changes),
				this.access.deployment(name, "EDIT"));
	}

	// shared with the rollout engine

	/** Promotes the locked deployment's candidate and records it. */
	void promote(DeploymentEntity entity, String actor, String reason, String details) {
		DeploymentOptions options = options(entity);
		int version = entity.candidateVersion();
		entity.promote(this.clock.millis(), reason);
		this.recorder.record(this.deployments.saveAndFlush(entity), actor, "deployment.promoted", reason, details);
		if (options.promoteAlias() != null || options.promoteStage() != null) {
			String by = (entity.rolloutBy() != null) ? entity.rolloutBy() : entity.createdBy();
			this.events
				.publishEvent(new CandidatePromoted(entity.id(), modelName(entity), version, options.promoteAlias(),
						options.promoteStage(), actor.equals(DeploymentRecorder.ENGINE) ? by : actor));
		}
	}

	/** Aborts the locked deployment's rollout and records it. */
	void abort(DeploymentEntity entity, String actor, String reason, String details) {
		entity.abort(this.clock.millis(), reason);
		this.recorder.record(this.deployments.saveAndFlush(entity), actor, "deployment.aborted", reason, details);
	}

	Deployment view(DeploymentEntity entity) {
		return view(entity, modelName(entity));
	}

	private Deployment view(DeploymentEntity entity, String modelName) {
		return new Deployment(entity.id(), entity.name(), entity.description(), modelName, entity.stableVersion(),
				DeploymentJson.read(entity.stableBackend(), Backend.class), entity.candidateVersion(),
				DeploymentJson.read(entity.candidateBackend(), Backend.class), entity.previousVersion(),
				DeploymentJson.read(entity.rolloutJson(), RolloutPlan.class), options(entity), entity.phase(),
				entity.stepIndex(), entity.weight() / 100.0, entity.stepStartedAt(), entity.failedChecks(),
				entity.lastCheckedAt(), entity.message(), entity.rolloutBy(), entity.createdBy(), entity.createdAt(),
				entity.updatedAt(), entity.version());
	}

	static String describe(RolloutPlan plan, int index, RolloutPlan.Step step) {
		String weight = formatPercent(step.weight());
		return switch (plan.strategy()) {
			case AB -> "A/B split: " + weight + " of traffic to the candidate";
			case SHADOW -> "shadow: " + formatPercent(plan.mirrorPercent()) + " of traffic mirrored to the candidate"
					+ ((step.pauseSeconds() == null) ? "; waiting for promotion" : "");
			case BLUE_GREEN -> (index == 0)
					? "blue-green: candidate loaded with no traffic"
							+ ((step.pauseSeconds() == null) ? "; waiting for promotion" : "")
					: "blue-green: all traffic switched to the candidate";
			case CANARY -> "step " + (index + 1) + " of " + plan.steps().size() + ": " + weight + " to the candidate"
					+ ((step.pauseSeconds() == null) ? "; waiting for resume or promotion" : "");
		};
	}

	static String formatPercent(double percent) {
		return ((percent == Math.rint(percent)) ? Long.toString((long) percent) : Double.toString(percent)) + "%";
	}

	private DeploymentOptions options(DeploymentEntity entity) {
		DeploymentOptions options = DeploymentJson.read(entity.optionsJson(), DeploymentOptions.class);
		return (options != null) ? options : DeploymentOptions.none();
	}

	private String modelName(DeploymentEntity entity) {
		return this.models.names(List.of(entity.modelId())).get(entity.modelId());
	}

	private DeploymentEntity entity(String name) {
		return this.deployments.findByName(name).orElseThrow(() -> notFound(name));
	}

	private DeploymentEntity locked(String name) {
		return this.deployments.lockByName(name).orElseThrow(() -> notFound(name));
	}

	private ModelVersion readyVersion(String model, String version, String field) {
		if (version == null || version.isBlank()) {
			throw SlipwayException.invalidArgument(field, "a model version is required");
		}
		ModelVersion found = this.registry.getVersion(model, version);
		if (!"READY".equals(found.status())) {
			throw new SlipwayException(ErrorCode.INVALID_STATE,
					"Version " + found.version() + " of '" + model + "' is " + found.status() + ", not READY");
		}
		return found;
	}

	private DeploymentOptions checked(String model, DeploymentOptions options) {
		DeploymentOptions given = (options != null) ? options : DeploymentOptions.none();
		if (given.monitorId() != null) {
			// Predictions are sent as the caller: the monitor must watch this model and
			// take the caller's data.
			Monitor monitor = this.monitors.get(given.monitorId());
			if (!model.equals(monitor.modelName())) {
				throw SlipwayException.invalidArgument("options.monitor_id",
						"monitor " + monitor.id() + " watches '" + monitor.modelName() + "', not '" + model + "'");
			}
			if (!this.monitorAccess.monitor(monitor.id(), "EDIT")) {
				throw new SlipwayException(ErrorCode.PERMISSION_DENIED,
						"You may not send data to monitor " + monitor.id());
			}
		}
		if (given.promoteAlias() != null && (given.promoteAlias().isBlank() || given.promoteAlias().length() > 255)) {
			throw SlipwayException.invalidArgument("options.promote_alias", "must be 1 to 255 characters");
		}
		if (given.promoteStage() != null && !List.of("Staging", "Production").contains(given.promoteStage())) {
			throw SlipwayException.invalidArgument("options.promote_stage", "must be Staging or Production");
		}
		return given;
	}

	private static void description(String description) {
		if (description != null && description.length() > 5000) {
			throw SlipwayException.invalidArgument("description", "is longer than 5000 characters");
		}
	}

	private static String reasonOr(String reason, String fallback) {
		if (reason != null && reason.length() > 2000) {
			throw SlipwayException.invalidArgument("reason", "is longer than 2000 characters");
		}
		return (reason != null && !reason.isBlank()) ? reason : fallback;
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text;
	}

	private static String actor() {
		return CurrentUser.require().username();
	}

	private static SlipwayException notFound(String name) {
		return new SlipwayException(ErrorCode.NOT_FOUND, "Deployment '" + name + "' not found");
	}

}
