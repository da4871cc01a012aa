package dev.slipway.pipelines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;

import dev.slipway.error.SlipwayException;
import dev.slipway.pipelines.PipelineRepository.PipelineRow;
import dev.slipway.pipelines.PipelineRunRepository.AttemptRow;
import dev.slipway.pipelines.PipelineRunRepository.RunRow;
import dev.slipway.pipelines.PipelineRunRepository.StepRow;
import dev.slipway.security.ApiTokenService;
import dev.slipway.security.CreatedToken;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.SlipwayPrincipal;
import dev.slipway.tracking.ArtifactUris;
import dev.slipway.tracking.RunStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one attempt for its db-scheduler execution. A local attempt holds the execution
 * (and its heartbeat) while its process runs, so when this replica dies, another one
 * revives the execution, finds the attempt lost and retries it by its policy. A
 * Kubernetes attempt starts its Job and then polls it in short executions, so any replica
 * may carry it on.
 */
@Component
class AttemptRunner {

	/** What the execution does next. */
	sealed interface Next {

		/** The attempt has ended, or is no longer this task's business. */
		record Done() implements Next {
		}

		/** Run the execution again at {@code at}. */
		record Later(Instant at) implements Next {
		}

	}

	private static final Logger log = LoggerFactory.getLogger(AttemptRunner.class);

	private static final Duration LOG_FLUSH_INTERVAL = Duration.ofSeconds(5);

	private final PipelineRunRepository runs;

	private final PipelineRepository pipelines;

	private final PipelineEngine engine;

	private final StepTracking tracking;

	private final StepArtifacts artifacts;

	private final ApiTokenService tokens;

	private final StepExecutors executors;

	private final PipelineSettings settings;

	private final TransactionTemplate transactions;

	private final Environment environment;

	private final Clock clock;

	private final Semaphore localSlots;

	private final StepModels models;

	private final String replica;

	AttemptRunner(PipelineRunRepository runs, PipelineRepository pipelines, PipelineEngine engine,
			StepTracking tracking, StepArtifacts artifacts, ApiTokenService tokens, StepExecutors executors,
			PipelineSettings settings, TransactionTemplate transactions, Environment environment, Clock clock,
			StepModels models) {
		this.models = models;
		this.runs = runs;
		this.pipelines = pipelines;
		this.engine = engine;
		this.tracking = tracking;
		this.artifacts = artifacts;
		this.tokens = tokens;
		this.executors = executors;
		this.settings = settings;
		this.transactions = transactions;
		this.environment = environment;
		this.clock = clock;
		this.localSlots = new Semaphore(settings.localConcurrency());
		this.replica = executors.replicaName();
	}

	/** Does what is due for the attempt. */
	Next run(long attemptId) {
		AttemptRow attempt = this.runs.findAttempt(attemptId).orElse(null);
		if (attempt == null || attempt.ended()) {
			return new Next.Done();
		}
		StepRow step = this.runs.findStep(attempt.stepRunId()).orElseThrow();
		RunRow run = this.runs.find(step.runId()).orElseThrow();
		StepExecutor executor = this.executors.get(attempt.executor());
		if ("RUNNING".equals(attempt.state())) {
			return resume(attempt, step, run, executor);
		}
		long now = this.clock.millis();
		if (now < attempt.notBefore()) {
			return new Next.Later(Instant.ofEpochMilli(attempt.notBefore()));
		}
		if (run.cancelRequestedAt() != null) {
			this.engine.attemptEnded(attemptId, AttemptPhase.STOPPED, null, "cancelled before it started", Map.of());
			return new Next.Done();
		}
		boolean local = "local".equals(attempt.executor());
		if (local && !this.localSlots.tryAcquire()) {
			return new Next.Later(Instant.ofEpochMilli(now + 2000));
		}
		try {
			Launched launched;
			try {
				launched = launch(attempt, step, run, executor);
			}
			catch (RuntimeException ex) {
				log.warn("Attempt {} of step {} (run {}) could not start: {}", attempt.attempt(), step.stepName(),
						run.id(), ex.getMessage());
				this.engine.attemptEnded(attemptId, AttemptPhase.FAILED, null, "could not start: " + message(ex),
						Map.of());
				return new Next.Done();
			}
			if (launched == null) {
				return new Next.Done();
			}
			if (!local) {
				return new Next.Later(
						Instant.ofEpochMilli(this.clock.millis() + this.settings.pollInterval().toMillis()));
			}
			return watchLocal(attempt, step, run, executor, launched.launch());
		}
		finally {
			if (local) {
				this.localSlots.release();
			}
		}
	}

	private record Launched(AttemptLaunch launch) {
	}

	/** Prepares the working folder, the token and the launch, and starts the attempt. */
	private Launched launch(AttemptRow attempt, StepRow step, RunRow run, StepExecutor executor) {
		PipelineRow pipeline = this.pipelines.find(run.pipelineId()).orElseThrow();
		SlipwayPrincipal owner = this.tokens.principalOf(run.createdBy())
			.orElseThrow(() -> new IllegalStateException("the account that started the run is disabled"));
		StepSpec spec = this.engine.definition(run.versionId()).step(step.stepName()).orElseThrow();
		StepTracking.RunArtifacts stepArtifacts = CurrentUser.runAs(owner, () -> {
			this.tracking.setStatus(step.trackingRunId(), RunStatus.RUNNING, null);
			return this.tracking.artifacts(step.trackingRunId());
		});
		long expires = this.clock.millis() + spec.timeout().toMillis() + Duration.ofMinutes(10).toMillis();
		CreatedToken token = this.tokens.createScoped(run.createdBy(),
				"pipeline run " + run.id() + " step " + step.stepName() + " attempt " + attempt.attempt(),
				pipeline.experimentId(), expires);
		// Kept with the attempt at once, so its end revokes it however the attempt ends.
		this.transactions.executeWithoutResult((status) -> {
			this.runs.lock(run.id());
			this.runs.setAttemptToken(attempt.id(), token.token().id());
		});
		boolean local = "local".equals(attempt.executor());
		Path workDir = local ? prepareWorkDir(run, step, attempt) : null;
		Map<String, Map<String, StepOutput>> upstream = new LinkedHashMap<>();
		for (StepRow other : this.runs.steps(run.id())) {
			if (other.state().produced()) {
				upstream.put(other.stepName(), PipelineEngine.outputs(other.outputsJson()));
			}
		}
		StepInputs inputs = new StepInputs(spec, StepInputs.parameters(run.parametersJson()), upstream);
		java.util.function.Function<String, String> outputPath = local
				? (name) -> workDir.resolve("outputs").resolve(name).toString()
				: (name) -> "/tmp/slipway/outputs/" + name;
		StepInputs.UpstreamPath upstreamPath = (stepName, name, stored) -> {
			if (stored == null) {
				return "";
			}
			if (stored.type() == OutputType.VALUE && stored.value() != null) {
				// A value is handed over as itself, as a parameter would be.
				return stored.value().strip();
			}
			if (!local) {
				return stored.uri();
			}
			Path target = workDir.resolve("inputs").resolve(stepName).resolve(name);
			if (!Files.exists(target)) {
				this.artifacts.download(ArtifactUris.keyOf(stored.uri()), target);
			}
			return target.toString();
		};
		Map<String, String> env = new LinkedHashMap<>();
		spec.env().forEach((name, value) -> env.put(name, inputs.resolve(value, outputPath, upstreamPath)));
		env.put("MLFLOW_TRACKING_URI", trackingUri());
		env.put("MLFLOW_TRACKING_TOKEN", token.secret());
		env.put("MLFLOW_RUN_ID", step.trackingRunId());
		env.put("MLFLOW_EXPERIMENT_ID", Long.toString(pipeline.experimentId()));
		env.put("SLIPWAY_PIPELINE", pipeline.name());
		env.put("SLIPWAY_PIPELINE_RUN_ID", Long.toString(run.id()));
		env.put("SLIPWAY_STEP", step.stepName());
		env.put("SLIPWAY_ATTEMPT", Integer.toString(attempt.attempt()));
		for (String output : spec.outputs().keySet()) {
			env.put("SLIPWAY_OUTPUT_" + output.toUpperCase(Locale.ROOT).replace('-', '_'), outputPath.apply(output));
			env.put("SLIPWAY_OUTPUT_" + output.toUpperCase(Locale.ROOT).replace('-', '_') + "_URI",
					stepArtifacts.childUri("outputs/" + output));
		}
		java.util.List<String> command = spec.command()
			.stream()
			.map((arg) -> inputs.resolve(arg, outputPath, upstreamPath))
			.toList();
		AttemptLaunch launch = new AttemptLaunch(AttemptLaunch.idOf(run.id(), step.stepName(), attempt.attempt()),
				run.id(), step.id(), step.stepName(), attempt.attempt(), command, env, spec.image(), spec.resources(),
				spec.timeout(), workDir);
		StartedAttempt started = executor.start(launch);
		Boolean marked;
		try {
			marked = this.transactions.execute((status) -> {
				// The run's row first, as every change of a run takes it: a cancel in the
				// same moment waits for this, or this for it, never both for each other.
				this.runs.lock(run.id());
				boolean ok = this.runs.markAttemptRunning(attempt.id(), this.replica, started, token.token().id(),
						this.clock.millis());
				if (ok) {
					this.runs.insertChange(run.id(), step.stepName(), attempt.attempt(), "SCHEDULED", "RUNNING",
							"started on " + this.replica + " (" + executor.kind() + " " + started.externalId() + ")",
							"system", this.clock.millis());
				}
				return ok;
			});
		}
		catch (RuntimeException ex) {
			// Not recorded as running: nothing started may be left behind.
			executor.stop(launch);
			executor.release(launch);
			throw ex;
		}
		if (!Boolean.TRUE.equals(marked)) {
			// Cancelled while it started: stop what was started.
			executor.stop(launch);
			executor.release(launch);
			return null;
		}
		return new Launched(launch);
	}

	/** Watches a local process to its end, holding this execution (and its heartbeat). */
	private Next watchLocal(AttemptRow attempt, StepRow step, RunRow run, StepExecutor executor, AttemptLaunch launch) {
		long lastFlush = this.clock.millis();
		AttemptStatus status;
		try {
			while (true) {
				status = executor.poll(launch);
				if (status.ended()) {
					break;
				}
				if (cancelRequested(run.id())) {
					executor.stop(launch);
					status = new AttemptStatus(AttemptPhase.STOPPED, null, "cancelled");
					break;
				}
				if (this.clock.millis() - lastFlush >= LOG_FLUSH_INTERVAL.toMillis()) {
					flushLogs(step, attempt, launch);
					lastFlush = this.clock.millis();
				}
				Thread.sleep(this.settings.pollInterval().toMillis());
			}
		}
		catch (InterruptedException ex) {
			// This replica is shutting down: stop the process; the attempt counts as lost
			// and
			// is retried by its policy.
			Thread.currentThread().interrupt();
			executor.stop(launch);
			status = new AttemptStatus(AttemptPhase.LOST, null, "its replica " + this.replica + " shut down");
		}
		finish(attempt, step, run, executor, launch, status);
		return new Next.Done();
	}

	/**
	 * A RUNNING attempt met again: a Kubernetes poll, or a local attempt whose replica
	 * died.
	 */
	private Next resume(AttemptRow attempt, StepRow step, RunRow run, StepExecutor executor) {
		AttemptLaunch launch = relaunch(attempt, step, run);
		AttemptStatus status = executor.poll(launch);
		if (status.phase() == AttemptPhase.LOST && "local".equals(attempt.executor())) {
			if (attempt.pid() != null && attempt.processStartedAt() != null
					&& this.executors.hostName().equals(attempt.host())) {
				LocalStepExecutor.stopOrphan(attempt.pid(), Instant.ofEpochMilli(attempt.processStartedAt()),
						this.settings.stopGracePeriod());
			}
			status = new AttemptStatus(AttemptPhase.LOST, null,
					"its replica " + attempt.owner() + " stopped while it ran");
		}
		else if (!status.ended() && cancelRequested(run.id())) {
			executor.stop(launch);
			status = new AttemptStatus(AttemptPhase.STOPPED, null, "cancelled");
		}
		if (!status.ended()) {
			return new Next.Later(Instant.ofEpochMilli(this.clock.millis() + this.settings.pollInterval().toMillis()));
		}
		finish(attempt, step, run, executor, launch, status);
		return new Next.Done();
	}

	/**
	 * Enough of a launch to poll, stop and read the logs of an attempt started earlier.
	 */
	private AttemptLaunch relaunch(AttemptRow attempt, StepRow step, RunRow run) {
		StepSpec spec = this.engine.definition(run.versionId()).step(step.stepName()).orElseThrow();
		Path workDir = "local".equals(attempt.executor()) ? workDirOf(run, step, attempt) : null;
		return new AttemptLaunch(AttemptLaunch.idOf(run.id(), step.stepName(), attempt.attempt()), run.id(), step.id(),
				step.stepName(), attempt.attempt(), spec.command(), Map.of(), spec.image(), spec.resources(),
				spec.timeout(), workDir);
	}

	/** Stores logs and outputs, records the end, and cleans up. */
	private void finish(AttemptRow attempt, StepRow step, RunRow run, StepExecutor executor, AttemptLaunch launch,
			AttemptStatus status) {
		AttemptStatus end = status;
		Map<String, StepOutput> outputs = Map.of();
		try {
			storeLogs(step, attempt, launch, executor);
		}
		catch (RuntimeException ex) {
			log.warn("The logs of attempt {} of step {} (run {}) were not stored: {}", attempt.attempt(),
					step.stepName(), run.id(), ex.getMessage());
		}
		if (end.phase() == AttemptPhase.SUCCEEDED) {
			try {
				outputs = collectOutputs(step, run, launch);
			}
			catch (RuntimeException ex) {
				end = new AttemptStatus(AttemptPhase.FAILED, 0, "its outputs could not be stored: " + message(ex));
			}
			if (end.phase() == AttemptPhase.SUCCEEDED) {
				try {
					outputs = registerModels(step, run, outputs);
				}
				catch (RuntimeException ex) {
					end = new AttemptStatus(AttemptPhase.FAILED, 0, message(ex));
				}
			}
		}
		this.engine.attemptEnded(attempt.id(), end.phase(), end.exitCode(), end.message(), outputs);
		executor.release(launch);
		if (launch.workDir() != null && !this.settings.keepWorkDirs()) {
			deleteQuietly(launch.workDir());
		}
	}

	private Map<String, StepOutput> collectOutputs(StepRow step, RunRow run, AttemptLaunch launch) {
		StepSpec spec = this.engine.definition(run.versionId()).step(step.stepName()).orElseThrow();
		StepTracking.RunArtifacts root = artifactsOf(run, step);
		Map<String, StepOutput> outputs = new LinkedHashMap<>();
		for (Map.Entry<String, OutputSpec> output : spec.outputs().entrySet()) {
			String path = "outputs/" + output.getKey();
			if (launch.workDir() != null) {
				try {
					outputs.put(output.getKey(), this.artifacts.storeOutput(launch.workDir().resolve(path),
							root.childKey(path), root.childUri(path), output.getValue().type()));
				}
				catch (SlipwayException ex) {
					throw new IllegalStateException("output " + output.getKey() + ": " + ex.getMessage(), ex);
				}
			}
			else {
				outputs.put(output.getKey(),
						this.artifacts
							.describeStored(root.childKey(path), root.childUri(path), output.getValue().type())
							.orElseThrow(() -> new IllegalStateException(
									"output " + output.getKey() + ": nothing was uploaded to " + root.childUri(path))));
			}
		}
		return outputs;
	}

	/**
	 * Registers each {@code model} output that names a registered model
	 * ({@code register:}) as a new version of it, from the step's tracking run, as the
	 * run's owner; the output's value becomes the version number.
	 */
	private Map<String, StepOutput> registerModels(StepRow step, RunRow run, Map<String, StepOutput> outputs) {
		StepSpec spec = this.engine.definition(run.versionId()).step(step.stepName()).orElseThrow();
		Map<String, StepOutput> registered = new LinkedHashMap<>(outputs);
		for (Map.Entry<String, OutputSpec> output : spec.outputs().entrySet()) {
			String modelName = output.getValue().register();
			StepOutput stored = outputs.get(output.getKey());
			if (modelName == null || stored == null) {
				continue;
			}
			SlipwayPrincipal owner = this.tokens.principalOf(run.createdBy())
				.orElseThrow(() -> new IllegalStateException("the account that started the run is disabled"));
			try {
				int version = CurrentUser.runAs(owner, () -> this.models.register(modelName,
						"runs:/" + step.trackingRunId() + "/outputs/" + output.getKey(), step.trackingRunId(),
						"Output " + output.getKey() + " of step " + step.stepName() + " of pipeline run " + run.id()));
				registered.put(output.getKey(), new StepOutput(stored.type(), stored.uri(), stored.digest(),
						stored.size(), Integer.toString(version)));
			}
			catch (RuntimeException ex) {
				throw new IllegalStateException("output " + output.getKey() + " was not registered as a version of "
						+ modelName + ": " + message(ex), ex);
			}
		}
		return registered;
	}

	private StepTracking.RunArtifacts artifactsOf(RunRow run, StepRow step) {
		SlipwayPrincipal owner = this.tokens.principalOf(run.createdBy())
			.orElseThrow(() -> new IllegalStateException("the account that started the run is disabled"));
		return CurrentUser.runAs(owner, () -> this.tracking.artifacts(step.trackingRunId()));
	}

	private void flushLogs(StepRow step, AttemptRow attempt, AttemptLaunch launch) {
		try {
			StepTracking.RunArtifacts root = artifactsOfStep(step);
			for (LogStream stream : LogStream.values()) {
				this.artifacts.storeLog(logFile(launch, stream), root.childKey(logPath(attempt.attempt(), stream)));
			}
		}
		catch (RuntimeException ex) {
			log.debug("Log flush failed: {}", ex.getMessage());
		}
	}

	private StepTracking.RunArtifacts artifactsOfStep(StepRow step) {
		RunRow run = this.runs.find(step.runId()).orElseThrow();
		return artifactsOf(run, step);
	}

	private void storeLogs(StepRow step, AttemptRow attempt, AttemptLaunch launch, StepExecutor executor) {
		StepTracking.RunArtifacts root = artifactsOfStep(step);
		if (launch.workDir() != null) {
			for (LogStream stream : LogStream.values()) {
				this.artifacts.storeLog(logFile(launch, stream), root.childKey(logPath(attempt.attempt(), stream)));
			}
			return;
		}
		StringBuilder text = new StringBuilder();
		long offset = 0;
		int max = (int) Math.min(Integer.MAX_VALUE, this.settings.maxLogSize().toBytes());
		while (text.length() < max) {
			LogChunk chunk = executor.readLog(launch, LogStream.STDOUT, offset, 1024 * 1024);
			text.append(chunk.text());
			if (chunk.nextOffset() == offset) {
				break;
			}
			offset = chunk.nextOffset();
		}
		this.artifacts.storeLogText(text.toString(), root.childKey(logPath(attempt.attempt(), LogStream.STDOUT)));
	}

	/** The artifact path of an attempt's log, below its step's tracking run. */
	static String logPath(int attempt, LogStream stream) {
		return "logs/attempt-" + attempt + "/" + stream.name().toLowerCase(Locale.ROOT) + ".txt";
	}

	static Path logFile(AttemptLaunch launch, LogStream stream) {
		return launch.workDir().resolve("logs").resolve(stream.name().toLowerCase(Locale.ROOT) + ".log");
	}

	private boolean cancelRequested(long runId) {
		return this.runs.find(runId).map((run) -> run.cancelRequestedAt() != null).orElse(true);
	}

	private Path prepareWorkDir(RunRow run, StepRow step, AttemptRow attempt) {
		Path dir = workDirOf(run, step, attempt);
		try {
			if (Files.exists(dir)) {
				deleteQuietly(dir);
			}
			Files.createDirectories(dir.resolve("inputs"));
			Files.createDirectories(dir.resolve("outputs"));
			Files.createDirectories(dir.resolve("logs"));
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create the working folder " + dir, ex);
		}
	}

	private Path workDirOf(RunRow run, StepRow step, AttemptRow attempt) {
		return this.executors.workRoot()
			.resolve(Long.toString(run.id()))
			.resolve(step.stepName())
			.resolve("attempt-" + attempt.attempt());
	}

	private String trackingUri() {
		if (this.settings.trackingUri() != null && !this.settings.trackingUri().isBlank()) {
			return this.settings.trackingUri();
		}
		String port = this.environment.getProperty("local.server.port",
				this.environment.getProperty("server.port", "8080"));
		return "http://127.0.0.1:" + port;
	}

	private static String message(RuntimeException ex) {
		return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

	private static void deleteQuietly(Path dir) {
		try (Stream<Path> walk = Files.walk(dir)) {
			walk.sorted(Comparator.reverseOrder()).forEach((path) -> {
				try {
					Files.deleteIfExists(path);
				}
				catch (IOException ex) {
					// Left for the next clean-up; a folder that cannot be deleted harms
					// nothing.
				}
			});
		}
		catch (IOException ex) {
			// The folder is already gone.
		}
	}

}
