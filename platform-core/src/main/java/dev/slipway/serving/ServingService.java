package dev.slipway.serving;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import dev.slipway.error.DependencyOutages;
import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.registry.ModelDirectory;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.SlipwayPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The router: answers predictions for deployments. Each replica keeps every deployment's
 * route in memory (its versions loaded, the candidate's share, the sticky header, the
 * mirror share) and reads which deployments changed every
 * {@code slipway.serving.refresh-interval}; a change made here is served at once. A
 * request goes to the candidate when its sticky key's bucket (or, without a key, a random
 * draw) falls within the candidate's share and the candidate is loaded; otherwise to the
 * stable version. Shadow requests are mirrored to the candidate on a bounded pool and
 * compared; every answer is counted for the gates and, with a monitor, sent to it.
 */
@Service
public class ServingService implements SchedulingConfigurer, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ServingService.class);

	/** How long a caller's READ on a deployment is remembered. */
	private static final long ACCESS_NANOS = TimeUnit.SECONDS.toNanos(5);

	/** How long a model that failed to load waits before it is loaded again. */
	private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(30);

	private final Map<String, Route> routes = new ConcurrentHashMap<>();

	private final Map<String, Long> access = new ConcurrentHashMap<>();

	private final ExecutorService mirrors = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS,
			new LinkedBlockingQueue<>(1000), (task) -> {
				Thread thread = new Thread(task, "serving-shadow");
				thread.setDaemon(true);
				return thread;
			}, new ThreadPoolExecutor.DiscardPolicy());

	private final DeploymentRepository deployments;

	private final DeploymentService service;

	private final DeploymentAccess deploymentAccess;

	private final ModelDirectory models;

	private final ModelLoader loader;

	private final ModelBackends backends;

	private final ServingStats stats;

	private final PredictionLog predictionLog;

	private final ServingSettings settings;

	private final DependencyOutages outages;

	private final JdbcClient jdbc;

	private final TransactionTemplate readOnly;

	private final Clock clock;

	ServingService(DeploymentRepository deployments, DeploymentService service, DeploymentAccess deploymentAccess,
			ModelDirectory models, ModelLoader loader, ModelBackends backends, ServingStats stats,
			PredictionLog predictionLog, ServingSettings settings, DependencyOutages outages, JdbcClient jdbc,
			PlatformTransactionManager transactions, Clock clock) {
		this.deployments = deployments;
		this.service = service;
		this.deploymentAccess = deploymentAccess;
		this.models = models;
		this.loader = loader;
		this.backends = backends;
		this.stats = stats;
		this.predictionLog = predictionLog;
		this.settings = settings;
		this.outages = outages;
		this.jdbc = jdbc;
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
		this.clock = clock;
	}

	/** One version of a route and its loaded model. */
	private record Target(int version, ModelLoader.Slot slot, String slotKey, Backend backend, String downloadUri) {
	}

	/** What the router knows of a deployment. */
	private record Route(Deployment deployment, long modelId, Target stable, Target candidate, int weight, int mirror) {

		long id() {
			return this.deployment.id();
		}

	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(
				new FixedDelayTask(this::refreshQuietly, this.settings.refreshInterval(), Duration.ZERO));
	}

	/**
	 * Predicts with a deployment.
	 * @param name the deployment
	 * @param input the decoded request
	 * @param headers the request's headers by name (the deployment's sticky header is
	 * read from them)
	 * @throws SlipwayException NOT_FOUND for an unknown deployment (or one the caller may
	 * not read), SERVICE_UNAVAILABLE while its model loads, and the model's own refusals
	 */
	public ServedPrediction predict(String name, ModelInput input, UnaryOperator<String> headers) {
		Route route = readable(name);
		RolloutPlan plan = route.deployment().plan();
		String sticky = (plan != null && plan.stickyHeader() != null && route.candidate() != null)
				? headers.apply(plan.stickyHeader()) : null;
		Target target = choose(route, sticky);
		Target stable = route.stable();
		if (target != stable && !target.slot().ready()) {
			target = stable;
		}
		if (!target.slot().ready()) {
			throw notReady(route, target);
		}
		long started = System.nanoTime();
		Predictions predictions;
		try {
			predictions = target.slot().model.predict(input);
		}
		catch (SlipwayException ex) {
			count(route, target, ex.code(), System.nanoTime() - started);
			throw ex;
		}
		catch (RuntimeException ex) {
			count(route, target, ErrorCode.PREDICTION_FAILED, System.nanoTime() - started);
			log.warn("Deployment {} version {} failed", name, target.version(), ex);
			throw new SlipwayException(ErrorCode.PREDICTION_FAILED,
					"Version " + target.version() + " failed to predict (" + ex.getClass().getSimpleName() + ")");
		}
		long nanos = System.nanoTime() - started;
		count(route, target, null, nanos);
		if (samplesPredictions(route)) {
			this.stats.sample(route.id(), target.version(), predictions.rowValues());
		}
		String predictionId = PredictionIds.next();
		if (target == stable && route.mirror() > 0 && route.candidate() != null && route.candidate().slot().ready()
				&& ThreadLocalRandom.current().nextInt(10_000) < route.mirror()) {
			mirror(route, input, predictions);
		}
		log(route, target, input, predictions, predictionId, nanos);
		return new ServedPrediction(name, route.deployment().model(), target.version(), predictions, predictionId);
	}

	/** Whether the deployment answers on this replica. */
	public DeploymentStatus status(String name) {
		Route route = readable(name);
		Target stable = route.stable();
		Target candidate = route.candidate();
		boolean candidateReady = candidate != null && candidate.slot().ready();
		boolean ready = stable.slot().ready();
		String problem = null;
		if (!ready) {
			problem = describe(stable);
		}
		LoadedModel model = stable.slot().model;
		return new DeploymentStatus(name, route.deployment().model(), stable.version(), ready,
				(candidate != null) ? candidate.version() : null, candidateReady, problem,
				(model != null) ? model.signature() : ModelSignature.NONE);
	}

	/**
	 * Why the rollout's candidate has not answered on this replica for longer than
	 * {@code slipway.serving.candidate-load-timeout}: it failed to load, still loads, or
	 * its model server is down; empty while it answers or has not yet had that long. The
	 * rollout engine rolls such a candidate back, since traffic meant for it goes to the
	 * stable version and the rollout would otherwise wait for requests forever.
	 */
	public Optional<String> candidateProblem(String name, int candidateVersion) {
		Route route = this.routes.get(name);
		Target candidate = (route != null) ? route.candidate() : null;
		if (candidate == null || candidate.version() != candidateVersion) {
			return Optional.empty();
		}
		long unready = candidate.slot().unreadyNanos(System.nanoTime());
		if (unready <= this.settings.candidateLoadTimeout().toNanos()) {
			return Optional.empty();
		}
		return Optional.of(describe(candidate) + " for " + TimeUnit.NANOSECONDS.toSeconds(unready) + " s");
	}

	/** Whether every deployment's stable version is ready on this replica. */
	public boolean allReady() {
		return this.routes.values().stream().allMatch((route) -> route.stable().slot().ready());
	}

	/** Reads which deployments changed and reloads their routes. */
	public void refresh() {
		List<Object[]> rows = this.jdbc
			.sql("SELECT id, name, version FROM deployments ORDER BY id FETCH FIRST "
					+ (this.settings.maxDeployments() + 1) + " ROWS ONLY")
			.query((rs, n) -> new Object[] { rs.getLong(1), rs.getString(2), rs.getLong(3) })
			.list();
		Set<String> names = new HashSet<>();
		for (Object[] row : rows) {
			String name = (String) row[1];
			names.add(name);
			Route current = this.routes.get(name);
			if (current == null || current.id() != (Long) row[0] || current.deployment().revision() != (Long) row[2]) {
				reload(name);
			}
			else {
				retryFailed(current);
			}
		}
		for (String name : new ArrayList<>(this.routes.keySet())) {
			if (!names.contains(name)) {
				Route removed = this.routes.remove(name);
				if (removed != null) {
					release(removed);
					this.stats.forget(name);
				}
			}
		}
	}

	/** Reloads one deployment's route now (after a change on this replica). */
	public void reload(String name) {
		Deployment deployment = this.readOnly
			.execute((status) -> this.deployments.findByName(name).map(this.service::view).orElse(null));
		Long modelId = (deployment != null) ? this.models.idOf(deployment.model()).orElse(null) : null;
		synchronized (this.routes) {
			Route old = this.routes.get(name);
			if (deployment == null || modelId == null) {
				if (old != null) {
					this.routes.remove(name);
					release(old);
					this.stats.forget(name);
				}
				return;
			}
			if (old != null && old.deployment().revision() == deployment.revision() && old.id() == deployment.id()) {
				return;
			}
			Target stable = target(deployment.model(), modelId, deployment.stableVersion(), deployment.stableBackend());
			Target candidate = (deployment.candidateVersion() != null && deployment.phase().rollingOut())
					? target(deployment.model(), modelId, deployment.candidateVersion(), deployment.candidateBackend())
					: null;
			int weight = (candidate != null) ? RolloutPlans.basisPoints(deployment.candidateWeight()) : 0;
			int mirror = (candidate != null && deployment.plan() != null
					&& deployment.plan().strategy() == Strategy.SHADOW && deployment.plan().mirrorPercent() != null)
							? RolloutPlans.basisPoints(deployment.plan().mirrorPercent()) : 0;
			this.routes.put(name, new Route(deployment, modelId, stable, candidate, weight, mirror));
			if (old != null) {
				release(old);
			}
		}
	}

	/** Serves a change made on this replica at once, rather than at the next refresh. */
	@TransactionalEventListener
	void changed(DeploymentEvent event) {
		try {
			reload(event.deploymentName());
		}
		catch (RuntimeException ex) {
			log.info("Deployment {} is reloaded at the next refresh: {}", event.deploymentName(), ex.getMessage());
		}
	}

	private void refreshQuietly() {
		try {
			refresh();
		}
		catch (RuntimeException ex) {
			if (!this.outages.absorb(ex)) {
				log.warn("Deployments not refreshed, retrying in {}: {}", this.settings.refreshInterval(),
						ex.getMessage());
			}
		}
	}

	private Target target(String model, long modelId, int version, Backend backend) {
		Backend chosen = (backend != null) ? backend : Backend.auto();
		String key = modelId + "/" + version + "/" + DeploymentJson.write(chosen);
		String downloadUri = this.models.downloadUri(modelId, version).orElse(null);
		ModelLoader.Slot slot = this.loader.acquire(key,
				() -> this.backends.load(model, modelId, version, downloadUri, chosen));
		return new Target(version, slot, key, chosen, downloadUri);
	}

	private void retryFailed(Route route) {
		for (Target target : new Target[] { route.stable(), route.candidate() }) {
			if (target != null && target.slot().failure != null
					&& System.nanoTime() - target.slot().failedAt > RETRY_NANOS) {
				String model = route.deployment().model();
				this.loader.retry(target.slot(), () -> this.backends.load(model, route.modelId(), target.version(),
						target.downloadUri(), target.backend()));
			}
		}
	}

	private void release(Route route) {
		this.loader.release(route.stable().slot());
		if (route.candidate() != null) {
			this.loader.release(route.candidate().slot());
		}
	}

	private Route readable(String name) {
		Route route = this.routes.get(name);
		if (route == null) {
			reload(name);
			route = this.routes.get(name);
		}
		SlipwayPrincipal caller = CurrentUser.require();
		if (route != null && caller.isInvokeOnly() && caller.invokeDeploymentId() != route.id()) {
			route = null;
		}
		if (route != null) {
			String key = caller.username() + "\u0000" + route.id();
			Long until = this.access.get(key);
			long now = System.nanoTime();
			if (until != null && until - now > 0) {
				return route;
			}
			if (this.deploymentAccess.deploymentById(route.id(), "READ")) {
				if (this.access.size() > 10_000) {
					this.access.clear();
				}
				this.access.put(key, now + ACCESS_NANOS);
				return route;
			}
		}
		throw new SlipwayException(ErrorCode.NOT_FOUND, "Deployment '" + name + "' not found");
	}

	/** Whether a rollout's prediction-drift gate needs samples of the predictions. */
	private static boolean samplesPredictions(Route route) {
		RolloutPlan plan = route.deployment().plan();
		return route.candidate() != null && plan != null && plan.gates() != null
				&& plan.gates().checksPredictionDrift();
	}

	private static Target choose(Route route, String stickyKey) {
		if (route.candidate() == null || route.weight() <= 0) {
			return route.stable();
		}
		if (route.weight() >= 10_000) {
			return route.candidate();
		}
		int bucket = (stickyKey != null && !stickyKey.isEmpty()) ? StickyHash.bucket(route.id(), stickyKey)
				: ThreadLocalRandom.current().nextInt(10_000);
		return (bucket < route.weight()) ? route.candidate() : route.stable();
	}

	private void count(Route route, Target target, ErrorCode failure, long nanos) {
		boolean error = failure != null && failure.httpStatus() >= 500;
		String outcome = (failure == null) ? "success" : error ? "error" : "invalid";
		this.stats.record(route.deployment().name(), route.id(), target.version(), outcome, error, nanos);
	}

	private void mirror(Route route, ModelInput input, Predictions stableAnswer) {
		Target candidate = route.candidate();
		this.mirrors.execute(() -> {
			long started = System.nanoTime();
			try {
				Predictions answer = candidate.slot().model.predict(input);
				count(route, candidate, null, System.nanoTime() - started);
				if (samplesPredictions(route)) {
					this.stats.sample(route.id(), candidate.version(), answer.rowValues());
				}
				this.stats.compared(route.id(), candidate.version(),
						!Objects.equals(normalize(answer.rowValues()), normalize(stableAnswer.rowValues())));
			}
			catch (SlipwayException ex) {
				count(route, candidate, ex.code(), System.nanoTime() - started);
			}
			catch (RuntimeException ex) {
				count(route, candidate, ErrorCode.PREDICTION_FAILED, System.nanoTime() - started);
			}
		});
	}

	/** Numbers compared by value, so 1 and 1.0 agree. */
	private static List<Object> normalize(List<Object> values) {
		List<Object> normalized = new ArrayList<>(values.size());
		for (Object value : values) {
			normalized.add((value instanceof Number number) ? (Object) number.doubleValue() : value);
		}
		return normalized;
	}

	private void log(Route route, Target target, ModelInput input, Predictions predictions, String predictionId,
			long nanos) {
		DeploymentOptions options = route.deployment().options();
		if (options == null || options.monitorId() == null) {
			return;
		}
		LoadedModel model = target.slot().model;
		Frame frame = loggable(input, (model != null) ? model.signature() : ModelSignature.NONE);
		if (frame == null) {
			return;
		}
		long now = this.clock.millis();
		double latencyMillis = nanos / 1e6;
		String owner = route.deployment().createdBy();
		List<PredictionLog.Entry> entries = new ArrayList<>(frame.size());
		for (int row = 0; row < frame.size(); row++) {
			Object value = (row < predictions.rowValues().size()) ? predictions.rowValues().get(row) : null;
			entries.add(new PredictionLog.Entry(options.monitorId(), owner, route.deployment().name(), target.version(),
					frame.columns(), frame.rows().get(row), value,
					(frame.size() == 1) ? predictionId : predictionId + "-" + row, now, latencyMillis));
		}
		this.predictionLog.offer(entries);
	}

	/**
	 * The input as rows the monitor reads: the frame itself, or tensors spread into
	 * columns. A tensor of one value per row ({@code [n]} or {@code [n, 1]}) is a column
	 * named after it; a {@code [n, k]} tensor is k columns, named after the model's
	 * signature columns when it is the only input and the signature names k columns (a
	 * scikit-learn model converted to ONNX), else {@code name_0} to {@code name_k-1}.
	 * Null when a tensor has more dimensions or another row count: such input is not
	 * logged.
	 */
	static Frame loggable(ModelInput input, ModelSignature signature) {
		if (input.frame() != null) {
			return input.frame();
		}
		int rows = input.rows();
		if (rows <= 0) {
			return null;
		}
		List<String> columns = new ArrayList<>();
		List<List<Object>> values = new ArrayList<>(rows);
		for (int row = 0; row < rows; row++) {
			values.add(new ArrayList<>());
		}
		List<String> signatureColumns = signature.tensorBased() ? List.of()
				: signature.inputs().stream().map(ModelSignature.Field::name).toList();
		for (Tensor tensor : input.tensors()) {
			List<Long> shape = tensor.shape();
			if (shape.isEmpty() || shape.get(0) != rows || shape.size() > 2) {
				return null;
			}
			int width = (shape.size() == 2) ? Math.toIntExact(shape.get(1)) : 1;
			if (tensor.data().size() != (long) rows * width) {
				return null;
			}
			for (int column = 0; column < width; column++) {
				columns.add(
						(width == 1) ? tensor.name() : (input.tensors().size() == 1 && signatureColumns.size() == width)
								? signatureColumns.get(column) : tensor.name() + "_" + column);
			}
			for (int row = 0; row < rows; row++) {
				values.get(row).addAll(tensor.data().subList(row * width, (row + 1) * width));
			}
		}
		return new Frame(columns, values);
	}

	private static SlipwayException notReady(Route route, Target target) {
		return new SlipwayException(ErrorCode.SERVICE_UNAVAILABLE,
				"Deployment '" + route.deployment().name() + "' is not ready: " + describe(target));
	}

	private static String describe(Target target) {
		String failure = target.slot().failure;
		if (failure != null) {
			return "version " + target.version() + " could not be loaded: " + failure;
		}
		if (target.slot().model != null && !target.slot().model.healthy()) {
			return "version " + target.version() + " does not answer its health check";
		}
		return "version " + target.version() + " is loading";
	}

	@Override
	public void destroy() {
		this.mirrors.shutdownNow();
		this.routes.values().forEach(this::release);
		this.routes.clear();
	}

}
