package dev.slipway.serving;

import java.io.File;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One model version served by a supervised MLflow scoring server. Predictions go to the
 * server over the loopback; while it is down (it died, or stopped answering its health
 * check and was stopped) they fail at once with {@code SERVICE_UNAVAILABLE} and it is
 * restarted after a growing pause, up to {@link MlflowServerSettings#maxRestarts()} times
 * in a row. A server that stays healthy for a while earns its restarts back.
 */
class SupervisedMlflowServer implements LoadedModel {

	/** How much of the server's output is kept for {@link #recentLog()}. */
	static final int LOG_BYTES = 64 * 1024;

	private static final Logger log = LoggerFactory.getLogger(SupervisedMlflowServer.class);

	/**
	 * Between SIGTERM and SIGKILL: uvicorn finishes its requests and exits in a moment.
	 */
	private static final Duration STOP_GRACE = Duration.ofSeconds(5);

	/** How often a starting server is asked whether it is ready. */
	private static final Duration START_POLL = Duration.ofMillis(250);

	/** Health checks failed in a row after which a living server is taken as hung. */
	private static final int FAILED_CHECKS_LIMIT = 3;

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

	/** Where a server is. */
	enum State {

		/** Starting for the first time. */
		STARTING,
		/** Answering. */
		READY,
		/** Died or hung; a restart is under way. */
		RESTARTING,
		/** Failed its restarts; given up. */
		FAILED,
		/** Closed. */
		CLOSED

	}

	private final MlflowServerRuntime runtime;

	private final MlflowServerSettings settings;

	private final ModelPackage model;

	private final String who;

	private final LogTail logTail = new LogTail(LOG_BYTES);

	private final AtomicInteger restartsInRow = new AtomicInteger();

	private final AtomicInteger restarts = new AtomicInteger();

	private volatile State state = State.STARTING;

	/** The running server, once started. */
	private volatile Running current;

	/** A server being started, which a close must stop too. */
	private volatile ServerProcess starting;

	private volatile long readySince;

	/**
	 * Touched by the health check's one thread, and by a restart before it runs again.
	 */
	private volatile int failedChecks;

	private ScheduledFuture<?> healthTask;

	SupervisedMlflowServer(MlflowServerRuntime runtime, ModelPackage model) {
		this.runtime = runtime;
		this.settings = runtime.settings;
		this.model = model;
		this.who = "the MLflow model server of '" + model.model() + "' version " + model.version();
	}

	/** A started server: its process tree and port. */
	private record Running(ServerProcess process, int port) {
	}

	/** Starts the server and its supervision; blocks until it is ready. */
	void start() {
		Running running = launch();
		synchronized (this) {
			if (this.state == State.CLOSED) {
				running.process().stop(STOP_GRACE);
				throw new SlipwayException(ErrorCode.SERVICE_UNAVAILABLE, this.who + " was closed while starting");
			}
			ready(running);
			long interval = this.settings.healthInterval().toMillis();
			this.healthTask = this.runtime.ticks.scheduleWithFixedDelay(this::check, interval, interval,
					TimeUnit.MILLISECONDS);
		}
	}

	/** Starts a process, waits for its {@code /ping}, warms it up. */
	private Running launch() {
		checkPython(this.settings.python());
		int port = MlflowServerRuntime.freePort();
		List<String> command = List.of(this.settings.python(), "-m", "mlflow", "models", "serve", "-m",
				this.model.directory().toAbsolutePath().toString(), "--env-manager", "local", "-h", "127.0.0.1", "-p",
				Integer.toString(port));
		this.logTail.append("--- starting on port " + port + " ---\n");
		ServerProcess process = ServerProcess.start(command, environment(), this.model.directory(), this.logTail,
				"slipway-serving-mlflow-log-" + this.model.model() + "-" + this.model.version());
		this.starting = process;
		try {
			awaitPing(process, port);
			warmUp(port);
			return new Running(process, port);
		}
		catch (RuntimeException ex) {
			process.stop(STOP_GRACE);
			throw ex;
		}
		finally {
			this.starting = null;
		}
	}

	/**
	 * Refuses an interpreter that is not there, with a clear message rather than the exit
	 * code of {@code setsid} that could not run it.
	 */
	private static void checkPython(String python) {
		boolean found;
		if (python.contains("/")) {
			found = Files.isExecutable(Path.of(python));
		}
		else {
			String path = System.getenv("PATH");
			found = path != null && Arrays.stream(path.split(File.pathSeparator))
				.anyMatch((folder) -> !folder.isEmpty() && Files.isExecutable(Path.of(folder, python)));
		}
		if (!found) {
			throw new SlipwayException(ErrorCode.SERVICE_UNAVAILABLE, "the Python interpreter '" + python
					+ "' of the MLflow model servers was not found (see the mlflow-server runtime's settings)");
		}
	}

	/**
	 * The model server's environment beyond the passed-through part. The interpreter's
	 * folder leads the {@code PATH}: MLflow starts {@code uvicorn} by name through
	 * {@code bash}, which finds a virtual environment's only there.
	 */
	private Map<String, String> environment() {
		Map<String, String> environment = new LinkedHashMap<>();
		String path = System.getenv("PATH");
		String python = this.settings.python();
		if (python.contains("/")) {
			Path folder = Path.of(python).toAbsolutePath().getParent();
			path = (path == null || path.isEmpty()) ? folder.toString() : folder + ":" + path;
		}
		if (path != null) {
			environment.put("PATH", path);
		}
		long seconds = Math.max(1, (this.settings.requestTimeout().toMillis() + 999) / 1000);
		environment.put("MLFLOW_SCORING_SERVER_REQUEST_TIMEOUT", Long.toString(seconds));
		environment.put("MLFLOW_DISABLE_TELEMETRY", "true");
		environment.put("DO_NOT_TRACK", "true");
		environment.put("PYTHONUNBUFFERED", "1");
		return environment;
	}

	private void awaitPing(ServerProcess process, int port) {
		long deadline = System.nanoTime() + this.settings.startTimeout().toNanos();
		while (true) {
			if (this.state == State.CLOSED) {
				throw new SlipwayException(ErrorCode.SERVICE_UNAVAILABLE, this.who + " was closed while starting");
			}
			if (!process.alive()) {
				log.warn("{} exited with code {} while starting; its last output:\n{}", this.who,
						process.process().exitValue(), this.logTail.last(4000));
				throw new SlipwayException(ErrorCode.SERVICE_UNAVAILABLE,
						this.who + " exited with code " + process.process().exitValue() + " while starting");
			}
			if (ping(port, Duration.ofSeconds(2))) {
				return;
			}
			if (System.nanoTime() - deadline >= 0) {
				log.warn("{} did not answer within {} s; its last output:\n{}", this.who,
						this.settings.startTimeout().toSeconds(), this.logTail.last(4000));
				throw new SlipwayException(ErrorCode.SERVICE_UNAVAILABLE,
						this.who + " did not start within " + this.settings.startTimeout().toSeconds() + " s");
			}
			try {
				// Waiting on the process, so one that exits is seen at once.
				process.waitFor(START_POLL);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new SlipwayException(ErrorCode.SERVICE_UNAVAILABLE, this.who + " was interrupted while starting");
			}
		}
	}

	private boolean ping(int port, Duration timeout) {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ping"))
			.timeout(timeout)
			.GET()
			.build();
		try {
			return this.runtime.http.send(request, timeout, 64 * 1024, this.who).status() == 200;
		}
		catch (SlipwayException ex) {
			return false;
		}
	}

	/**
	 * Predicts a synthetic row, so the first real request does not pay for lazy loading.
	 * The model may refuse made-up values (a 4xx): that is logged, not fatal.
	 */
	private void warmUp(int port) {
		Optional<ModelInput> input = MlflowServerRuntime.syntheticInput(this.model.signature());
		if (input.isEmpty()) {
			log.debug("{}: no warm-up, the signature does not describe a row", this.who);
			return;
		}
		try {
			invoke(port, input.get());
		}
		catch (SlipwayException ex) {
			// A model may refuse or fail on made-up values; the gates judge its real
			// answers.
			if (ex.code() != ErrorCode.INVALID_ARGUMENT && ex.code() != ErrorCode.PREDICTION_FAILED) {
				throw new SlipwayException(ErrorCode.SERVICE_UNAVAILABLE,
						this.who + " failed its warm-up prediction: " + ex.getMessage(), ex);
			}
			log.info("{} refused its synthetic warm-up row: {}", this.who, ex.getMessage());
		}
	}

	private Predictions invoke(int port, ModelInput input) {
		// The server's own timeout is the setting; this side waits a little longer, so
		// that its clean 504 comes first.
		Duration timeout = this.settings.requestTimeout().plusSeconds(2);
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/invocations"))
			.timeout(timeout)
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(MlflowRequests.encode(input), StandardCharsets.UTF_8))
			.build();
		ModelHttp.Answer answer = this.runtime.http.send(request, timeout, MlflowRequests.MAX_ANSWER_BYTES, this.who);
		if (answer.status() < 200 || answer.status() >= 300) {
			SlipwayException failure = ModelHttp.upstreamError(answer, this.who);
			// MLflow's scoring server answers 400 when the model itself raised; the input
			// was already checked against the signature here, so that is the model's
			// failure (a 500 for the caller, an error for the gates), not the caller's.
			if (failure.code() == ErrorCode.INVALID_ARGUMENT && modelRaised(answer.text())) {
				throw new SlipwayException(ErrorCode.PREDICTION_FAILED, failure.getMessage());
			}
			throw failure;
		}
		return MlflowRequests.decode(answer.body());
	}

	/** Whether a scoring server's error answer says the model raised while predicting. */
	static boolean modelRaised(String body) {
		return body != null && (body.contains("Encountered an unexpected error while evaluating the model")
				|| body.contains("\"stack_trace\""));
	}

	private void ready(Running running) {
		this.current = running;
		this.failedChecks = 0;
		this.readySince = System.nanoTime();
		this.state = State.READY;
		running.process().process().onExit().thenRun(() -> exited(running));
		log.info("{} is ready on port {} (process {})", this.who, running.port(), running.process().pid());
	}

	@Override
	public ModelSignature signature() {
		return this.model.signature();
	}

	@Override
	public Predictions predict(ModelInput input) {
		Running running = this.current;
		State now = this.state;
		if (now != State.READY || running == null) {
			throw new SlipwayException(ErrorCode.SERVICE_UNAVAILABLE, switch (now) {
				case STARTING, READY -> this.who + " is starting";
				case RESTARTING -> this.who + " is restarting";
				case FAILED -> this.who + " is down and no longer restarted";
				case CLOSED -> this.who + " is closed";
			});
		}
		return invoke(running.port(), SignatureCheck.check(this.model.signature(), input));
	}

	@Override
	public boolean healthy() {
		return this.state == State.READY;
	}

	/** Where the server is now. */
	State state() {
		return this.state;
	}

	/** The pid of the server's root process, while one runs. */
	OptionalLong pid() {
		Running running = this.current;
		return (running != null && running.process().alive()) ? OptionalLong.of(running.process().pid())
				: OptionalLong.empty();
	}

	/** How many times the server was restarted. */
	int restarts() {
		return this.restarts.get();
	}

	/** The last {@value #LOG_BYTES} bytes the server wrote, for diagnostics. */
	String recentLog() {
		return this.logTail.text();
	}

	/** Every process of the current server's tree (empty when none runs). */
	List<ProcessHandle> processes() {
		Running running = this.current;
		return (running != null) ? new ArrayList<>(running.process().members()) : List.of();
	}

	/** The health check, every {@link MlflowServerSettings#healthInterval()}. */
	private void check() {
		try {
			Running running = this.current;
			if (this.state != State.READY || running == null) {
				return;
			}
			// Remembers the tree, so that a process that loses its parent is still
			// stopped with it.
			running.process().members();
			Duration timeout = this.settings.healthInterval().compareTo(Duration.ofSeconds(5)) < 0
					? this.settings.healthInterval() : Duration.ofSeconds(5);
			if (ping(running.port(), timeout)) {
				this.failedChecks = 0;
				if (System.nanoTime() - this.readySince > stableAfter().toNanos()) {
					this.restartsInRow.set(0);
				}
				return;
			}
			if (!running.process().alive()) {
				// exited() handles it.
				return;
			}
			this.failedChecks++;
			if (this.failedChecks >= FAILED_CHECKS_LIMIT) {
				log.warn("{} failed {} health checks in a row; restarting it", this.who, this.failedChecks);
				down(running);
			}
		}
		catch (RuntimeException ex) {
			// A failed round must not end the checks.
			log.warn("Checking {} failed", this.who, ex);
		}
	}

	/** After this long healthy, a server has its restarts back. */
	private Duration stableAfter() {
		Duration tenChecks = this.settings.healthInterval().multipliedBy(10);
		return (tenChecks.compareTo(Duration.ofMinutes(1)) > 0) ? tenChecks : Duration.ofMinutes(1);
	}

	private void exited(Running running) {
		if (this.current != running || this.state != State.READY) {
			return;
		}
		log.warn("{} (process {}) exited with code {}; its last output:\n{}", this.who, running.process().pid(),
				running.process().process().exitValue(), this.logTail.last(4000));
		down(running);
	}

	/** Takes a server that died or hung out of service and schedules its restart. */
	private void down(Running running) {
		synchronized (this) {
			if (this.current != running || this.state != State.READY) {
				return;
			}
			this.state = State.RESTARTING;
		}
		scheduleRestart();
	}

	private void scheduleRestart() {
		int attempt = this.restartsInRow.incrementAndGet();
		if (attempt > this.settings.maxRestarts()) {
			synchronized (this) {
				if (this.state == State.CLOSED) {
					return;
				}
				this.state = State.FAILED;
			}
			log.error("{} failed and is not restarted again ({} restarts in a row)", this.who,
					this.settings.maxRestarts());
			Running last = this.current;
			try {
				this.runtime.restarts.execute(() -> stopQuietly(last));
			}
			catch (RejectedExecutionException ex) {
				stopQuietly(last);
			}
			return;
		}
		long backoff = Math.min(MAX_BACKOFF.toMillis(), 1000L << Math.min(attempt - 1, 10));
		try {
			CompletableFuture.delayedExecutor(backoff, TimeUnit.MILLISECONDS, this.runtime.restarts)
				.execute(() -> restart(attempt));
		}
		catch (RejectedExecutionException ex) {
			log.debug("{} is not restarted: the runtime is closed", this.who);
		}
	}

	private void restart(int attempt) {
		if (this.state != State.RESTARTING) {
			return;
		}
		stopQuietly(this.current);
		log.info("Restarting {} (attempt {} of {})", this.who, attempt, this.settings.maxRestarts());
		this.logTail.append("--- restart " + attempt + " ---\n");
		Running running;
		try {
			running = launch();
		}
		catch (RuntimeException ex) {
			log.warn("Restarting {} failed: {}", this.who, ex.getMessage());
			if (this.state == State.RESTARTING) {
				scheduleRestart();
			}
			return;
		}
		synchronized (this) {
			if (this.state != State.RESTARTING) {
				running.process().stop(STOP_GRACE);
				return;
			}
			this.restarts.incrementAndGet();
			ready(running);
		}
	}

	private static void stopQuietly(Running running) {
		if (running != null && !running.process().stop(STOP_GRACE)) {
			log.warn("A model server process {} is still there after being stopped", running.process().pid());
		}
	}

	/** Stops the server's whole process tree and its supervision. */
	@Override
	public void close() {
		Running running;
		ServerProcess launching;
		synchronized (this) {
			if (this.state == State.CLOSED) {
				return;
			}
			this.state = State.CLOSED;
			running = this.current;
			launching = this.starting;
			if (this.healthTask != null) {
				this.healthTask.cancel(false);
			}
		}
		stopQuietly(running);
		if (launching != null) {
			launching.stop(STOP_GRACE);
		}
		this.runtime.forget(this);
		log.info("{} is stopped", this.who);
	}

}
