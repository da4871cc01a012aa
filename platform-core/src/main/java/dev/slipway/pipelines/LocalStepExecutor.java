package dev.slipway.pipelines;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs step attempts as OS processes on this server's machine.
 *
 * <p>
 * Each attempt runs in a session of its own (through {@code setsid}, where the machine
 * has it), so the whole tree it starts can be stopped, including background processes
 * that were reparented away from it. Processes left behind when the step's own process
 * ends are stopped too: a step is over when its process is. Without {@code setsid} the
 * tree is what {@link ProcessHandle#descendants()} finds, snapshotted every second.
 *
 * <p>
 * The logs go to {@code <workDir>/logs/stdout.log} and {@code stderr.log} through one
 * pump thread per stream rather than a redirect to the files: a file the process writes
 * itself cannot be capped without either killing the step or truncating it under a reader
 * (which would see bytes vanish after it read them), while a pump stops writing at the
 * cap, notes the cut and keeps draining, so the file only grows, up to a known size. The
 * price is two threads per running attempt and that a step's output stops (its next write
 * fails) when this server dies, which is when the attempt is lost anyway.
 */
class LocalStepExecutor implements StepExecutor, AutoCloseable {

	/**
	 * The server's environment variables a step process inherits (plus every
	 * {@code LC_*}): what programs need to run, nothing that could hold a secret.
	 */
	static final java.util.Set<String> PASSED_THROUGH = java.util.Set.of("PATH", "HOME", "USER", "LOGNAME", "SHELL",
			"LANG", "LANGUAGE", "TZ", "TMPDIR", "TERM", "JAVA_HOME", "VIRTUAL_ENV", "CONDA_PREFIX", "PYTHONUNBUFFERED",
			"PYTHONPATH", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy",
			"SSL_CERT_FILE", "REQUESTS_CA_BUNDLE");

	private static final Logger log = LoggerFactory.getLogger(LocalStepExecutor.class);

	/** The most bytes one {@link #readLog} call returns. */
	static final int MAX_READ_BYTES = 1024 * 1024;

	/** How long the logs may take to reach their end once the tree is gone. */
	private static final Duration LOG_DRAIN_WAIT = Duration.ofSeconds(5);

	/** How long forced ends are retried for a process that does not go at once. */
	private static final Duration KILL_PATIENCE = Duration.ofSeconds(30);

	private static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);

	private final Duration stopGracePeriod;

	private final long maxLogBytes;

	private final Clock clock;

	private final Path setsid;

	private final String host;

	private final Map<String, Attempt> attempts = new ConcurrentHashMap<>();

	private final Object startLock = new Object();

	/** Timeouts and the watch over running trees; its tasks never block. */
	private final ScheduledExecutorService watchdog;

	/** Runs the end of attempts (stopping leftovers, waiting for logs), which blocks. */
	private final ExecutorService endings;

	private volatile boolean closed;

	/**
	 * @param stopGracePeriod how long a stopped tree gets between SIGTERM and SIGKILL
	 * @param maxLogBytes the most bytes kept of each log of an attempt
	 * @param clock the clock, for a start instant the system does not tell
	 */
	LocalStepExecutor(Duration stopGracePeriod, long maxLogBytes, Clock clock) {
		this(stopGracePeriod, maxLogBytes, clock, findSetsid());
	}

	/**
	 * @param setsid the {@code setsid} program, or {@code null} to run steps in the
	 * server's session (tests of that fallback)
	 */
	LocalStepExecutor(Duration stopGracePeriod, long maxLogBytes, Clock clock, Path setsid) {
		if (stopGracePeriod == null || stopGracePeriod.isNegative() || stopGracePeriod.isZero()) {
			throw new IllegalArgumentException("stopGracePeriod must be positive");
		}
		if (maxLogBytes < 1) {
			throw new IllegalArgumentException("maxLogBytes must be positive");
		}
		this.stopGracePeriod = stopGracePeriod;
		this.maxLogBytes = maxLogBytes;
		this.clock = clock;
		this.setsid = setsid;
		this.host = hostName();
		if (setsid == null) {
			log.warn("setsid was not found: a step's background processes that lose their parent "
					+ "may survive a stop of the step");
		}
		this.watchdog = Executors.newSingleThreadScheduledExecutor(daemon("slipway-step-watchdog"));
		this.watchdog.scheduleWithFixedDelay(this::watch, WATCH_INTERVAL.toMillis(), WATCH_INTERVAL.toMillis(),
				TimeUnit.MILLISECONDS);
		this.endings = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
				daemon("slipway-step-end"));
	}

	@Override
	public String kind() {
		return "local";
	}

	@Override
	public StartedAttempt start(AttemptLaunch launch) {
		Attempt known = this.attempts.get(launch.id());
		if (known != null) {
			return known.started;
		}
		synchronized (this.startLock) {
			known = this.attempts.get(launch.id());
			if (known != null) {
				return known.started;
			}
			if (this.closed) {
				throw new SlipwayException(ErrorCode.INVALID_STATE, "the local step executor is shut down");
			}
			Attempt attempt = launch(launch);
			this.attempts.put(launch.id(), attempt);
			if (launch.timeout() != null) {
				attempt.timeoutTask = this.watchdog.schedule(() -> timeUp(attempt), launch.timeout().toMillis(),
						TimeUnit.MILLISECONDS);
			}
			attempt.process.onExit().thenRun(() -> endOnce(attempt));
			return attempt.started;
		}
	}

	private Attempt launch(AttemptLaunch launch) {
		if (launch.command().isEmpty()) {
			throw SlipwayException.invalidArgument("command", "must name a program");
		}
		Path workDir = launch.workDir();
		if (workDir == null || !Files.isDirectory(workDir)) {
			throw SlipwayException.invalidArgument("workDir", "the attempt's working folder does not exist");
		}
		List<String> command = new ArrayList<>();
		if (this.setsid != null) {
			// setsid forks only when its caller leads a process group, which a fresh
			// child of this JVM never does: it execs the step in place, so the step's pid
			// is its session's id.
			command.add(this.setsid.toString());
			command.add("--");
		}
		command.addAll(launch.command());
		// A step sees only the harmless part of the server's environment (never its
		// database password or storage keys), then what the launch sets.
		ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
		Map<String, String> environment = builder.environment();
		environment.keySet().removeIf((name) -> !PASSED_THROUGH.contains(name) && !name.startsWith("LC_"));
		launch.environment().forEach((name, value) -> {
			if (value != null) {
				environment.put(name, value);
			}
			else {
				environment.remove(name);
			}
		});
		checkProgram(launch.command().get(0), workDir, environment.get("PATH"));
		OutputStream stdout = null;
		OutputStream stderr = null;
		Process process;
		try {
			Path logs = Files.createDirectories(workDir.resolve("logs"));
			stdout = Files.newOutputStream(logFile(workDir, LogStream.STDOUT));
			stderr = Files.newOutputStream(logFile(workDir, LogStream.STDERR));
			process = builder.start();
			log.debug("Started step attempt {} as process {} in {}", launch.id(), process.pid(), logs.getParent());
		}
		catch (IOException ex) {
			closeQuietly(stdout);
			closeQuietly(stderr);
			throw SlipwayException.invalidArgument("command",
					"could not start '" + launch.command().get(0) + "': " + ex.getMessage());
		}
		// A step has no one to talk to: reading its input ends at once.
		closeQuietly(process.getOutputStream());
		LogPump out = new LogPump(process.getInputStream(), stdout, this.maxLogBytes,
				"stdout of step attempt " + launch.id());
		LogPump err = new LogPump(process.getErrorStream(), stderr, this.maxLogBytes,
				"stderr of step attempt " + launch.id());
		startDaemon(out, "slipway-step-log-" + launch.id() + "-stdout");
		startDaemon(err, "slipway-step-log-" + launch.id() + "-stderr");
		ProcessHandle handle = process.toHandle();
		Instant startedAt = handle.info().startInstant().orElseGet(this.clock::instant);
		StartedAttempt started = new StartedAttempt(Long.toString(process.pid()), this.host, process.pid(), startedAt);
		return new Attempt(launch, process, new ProcessTree(handle, this.setsid != null), started, out, err);
	}

	/**
	 * Refuses a program that cannot run, here with a clear message rather than later as a
	 * failed attempt whose reason hides in its log. It is searched as the step's process
	 * will search it: on the step's PATH, relative to its working folder.
	 */
	private static void checkProgram(String program, Path workDir, String path) {
		if (program.contains("/")) {
			Path file = workDir.resolve(program);
			if (!Files.exists(file)) {
				throw SlipwayException.invalidArgument("command", "the program '" + program + "' does not exist");
			}
			if (!Files.isRegularFile(file) || !Files.isExecutable(file)) {
				throw SlipwayException.invalidArgument("command", "the program '" + program + "' is not executable");
			}
			return;
		}
		for (String folder : (path != null) ? path.split(File.pathSeparator, -1) : new String[0]) {
			Path file = workDir.resolve(folder.isEmpty() ? "." : folder).resolve(program);
			if (Files.isRegularFile(file) && Files.isExecutable(file)) {
				return;
			}
		}
		throw SlipwayException.invalidArgument("command", "the program '" + program + "' was not found on the PATH");
	}

	@Override
	public AttemptStatus poll(AttemptLaunch launch) {
		Attempt attempt = this.attempts.get(launch.id());
		if (attempt == null) {
			return new AttemptStatus(AttemptPhase.LOST, null,
					"no process of this attempt is known to this server (it ran on another replica "
							+ "or before a restart)");
		}
		if (!attempt.finished.isDone()) {
			return new AttemptStatus(AttemptPhase.RUNNING, null, null);
		}
		int exitCode = attempt.process.exitValue();
		AttemptPhase requested = attempt.requested.get();
		if (requested == AttemptPhase.TIMED_OUT) {
			return new AttemptStatus(AttemptPhase.TIMED_OUT, exitCode,
					"ran longer than its timeout of " + describe(attempt.launch.timeout()));
		}
		if (requested == AttemptPhase.STOPPED) {
			return new AttemptStatus(AttemptPhase.STOPPED, exitCode, "stopped on request");
		}
		if (exitCode == 0) {
			return new AttemptStatus(AttemptPhase.SUCCEEDED, 0, null);
		}
		// The JVM reports a process ended by signal n as 128 + n, as shells do.
		String signal = (exitCode > 128 && exitCode < 160) ? " (as when killed by signal " + (exitCode - 128) + ")"
				: "";
		return new AttemptStatus(AttemptPhase.FAILED, exitCode, "exited with code " + exitCode + signal);
	}

	@Override
	public void stop(AttemptLaunch launch) {
		Attempt attempt = this.attempts.get(launch.id());
		if (attempt == null || attempt.finished.isDone()) {
			return;
		}
		if (attempt.process.isAlive()) {
			attempt.requested.compareAndSet(null, AttemptPhase.STOPPED);
		}
		if (!attempt.tree.stop(this.stopGracePeriod, KILL_PATIENCE)) {
			log.warn("Step attempt {} still has processes after being stopped", launch.id());
			return;
		}
		if (this.closed) {
			// Nothing ends attempts any more.
			return;
		}
		// The tree is gone; what is left is the logs reaching their end.
		try {
			attempt.finished.get(LOG_DRAIN_WAIT.toMillis() + 5000, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			log.warn("Step attempt {} was stopped but did not finish: {}", launch.id(), ex.toString());
		}
	}

	@Override
	public LogChunk readLog(AttemptLaunch launch, LogStream stream, long offset, int maxBytes) {
		if (offset < 0) {
			throw SlipwayException.invalidArgument("offset", "must not be negative");
		}
		// A character is up to 4 bytes: with less, a read might never move on.
		if (maxBytes < 4) {
			throw SlipwayException.invalidArgument("maxBytes", "must be at least 4");
		}
		int limit = Math.min(maxBytes, MAX_READ_BYTES);
		Attempt attempt = this.attempts.get(launch.id());
		// Read before the file, so that an ended attempt's file is already whole.
		boolean ended = attempt == null || attempt.finished.isDone();
		if (launch.workDir() == null) {
			return new LogChunk("", offset, true);
		}
		try (FileChannel channel = FileChannel.open(logFile(launch.workDir(), stream), StandardOpenOption.READ)) {
			long size = channel.size();
			if (offset >= size) {
				return new LogChunk("", offset, ended);
			}
			ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(limit, size - offset));
			while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
				// reads until the buffer is full; the file only grows
			}
			int length = buffer.position();
			boolean last = ended && offset + length >= size;
			if (!last) {
				length = wholeCharacters(buffer.array(), length);
			}
			long next = offset + length;
			return new LogChunk(new String(buffer.array(), 0, length, StandardCharsets.UTF_8), next,
					ended && next >= size);
		}
		catch (NoSuchFileException ex) {
			return new LogChunk("", offset, ended);
		}
		catch (IOException ex) {
			throw new SlipwayException(ErrorCode.INTERNAL_ERROR,
					"the log of step attempt " + launch.id() + " could not be read", ex);
		}
	}

	/**
	 * The length of {@code bytes} without an incomplete UTF-8 sequence at its end, which
	 * the next read gives whole.
	 */
	static int wholeCharacters(byte[] bytes, int length) {
		for (int i = length - 1; i >= Math.max(0, length - 4); i--) {
			int b = bytes[i] & 0xFF;
			if ((b & 0xC0) == 0x80) {
				continue;
			}
			int needed = (b >= 0xF0) ? 4 : (b >= 0xE0) ? 3 : (b >= 0xC0) ? 2 : 1;
			return (length - i < needed) ? i : length;
		}
		// Only continuation bytes: not UTF-8 at all, decoded as it is.
		return length;
	}

	@Override
	public void release(AttemptLaunch launch) {
		Attempt attempt = this.attempts.get(launch.id());
		if (attempt == null) {
			return;
		}
		if (!attempt.finished.isDone()) {
			// Forgetting a running attempt would leave its processes to no one.
			stop(launch);
		}
		ScheduledFuture<?> timeout = attempt.timeoutTask;
		if (timeout != null) {
			timeout.cancel(false);
		}
		this.attempts.remove(launch.id(), attempt);
	}

	/**
	 * Stops the watchdog and refuses new attempts. Running processes are left as they
	 * are: the engine decides whether to stop them first.
	 */
	@Override
	public void close() {
		this.closed = true;
		this.watchdog.shutdownNow();
		this.endings.shutdown();
	}

	/**
	 * Stops the process tree of an attempt started by a previous life of this server on
	 * this machine, only if the process {@code pid} still exists and started at
	 * {@code startedAt} (to the second): a pid alone may since belong to another program.
	 * @return whether such a process was found and its tree stopped
	 */
	static boolean stopOrphan(long pid, Instant startedAt, Duration grace) {
		Optional<ProcessHandle> root = ProcessHandle.of(pid)
			.filter((handle) -> handle.info()
				.startInstant()
				.filter((instant) -> Duration.between(instant, startedAt).abs().compareTo(Duration.ofSeconds(1)) < 0)
				.isPresent());
		if (root.isEmpty() || root.get().equals(ProcessHandle.current())) {
			return false;
		}
		ProcessTable table = ProcessTable.readIfAvailable();
		boolean ownSession = table != null && table.sessionOf(pid) == pid;
		ProcessTree tree = new ProcessTree(root.get(), ownSession);
		if (!tree.stop(grace, KILL_PATIENCE)) {
			log.warn("The orphaned step process {} still has processes after being stopped", pid);
		}
		return true;
	}

	private void timeUp(Attempt attempt) {
		if (!attempt.process.isAlive() || !attempt.requested.compareAndSet(null, AttemptPhase.TIMED_OUT)) {
			return;
		}
		log.info("Step attempt {} ran longer than its timeout of {}; stopping it", attempt.launch.id(),
				describe(attempt.launch.timeout()));
		try {
			this.endings.execute(() -> attempt.tree.stop(this.stopGracePeriod, KILL_PATIENCE));
		}
		catch (RejectedExecutionException ex) {
			log.warn("Step attempt {} timed out while the executor shuts down; left running", attempt.launch.id());
		}
	}

	private void endOnce(Attempt attempt) {
		if (attempt.ending.compareAndSet(false, true)) {
			try {
				this.endings.execute(() -> end(attempt));
			}
			catch (RejectedExecutionException ex) {
				log.debug("Step attempt {} ended while the executor shuts down", attempt.launch.id());
			}
		}
	}

	/**
	 * Runs when the step's own process ended: stops what it left behind, lets the logs
	 * reach their end, and only then marks the attempt finished, so that a finished
	 * attempt has whole logs and nothing running in its working folder.
	 */
	private void end(Attempt attempt) {
		try {
			ScheduledFuture<?> timeout = attempt.timeoutTask;
			if (timeout != null) {
				timeout.cancel(false);
			}
			int left = attempt.tree.members().size();
			if (left > 0) {
				if (attempt.requested.get() == null) {
					log.info("Step attempt {} ended and left {} processes behind; stopping them", attempt.launch.id(),
							left);
				}
				// During a stop as well: this tree was found after the stop's first
				// round.
				if (!attempt.tree.stop(this.stopGracePeriod, KILL_PATIENCE)) {
					log.warn("Step attempt {} left processes that could not be stopped", attempt.launch.id());
				}
			}
			try {
				CompletableFuture.allOf(attempt.stdout.done(), attempt.stderr.done())
					.get(LOG_DRAIN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				// A process that left the tree (its own setsid, unseen) holds the pipe.
				log.warn("The logs of step attempt {} did not end; the rest of them is dropped", attempt.launch.id());
				attempt.stdout.stopWriting();
				attempt.stderr.stopWriting();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | RuntimeException ex) {
			log.warn("Ending step attempt {} failed", attempt.launch.id(), ex);
		}
		finally {
			attempt.finished.complete(null);
		}
	}

	/**
	 * Remembers the processes of each running tree, so that one that later leaves the
	 * step's session and loses its parent is still stopped with the step.
	 */
	private void watch() {
		try {
			List<Attempt> running = this.attempts.values()
				.stream()
				.filter((attempt) -> !attempt.finished.isDone())
				.toList();
			if (running.isEmpty()) {
				return;
			}
			ProcessTable table = ProcessTable.readIfAvailable();
			for (Attempt attempt : running) {
				attempt.tree.members(table);
				// Process.onExit() should have said so already; this only makes sure.
				if (!attempt.process.isAlive()) {
					endOnce(attempt);
				}
			}
		}
		catch (RuntimeException ex) {
			// A failed round must not end the watch.
			log.warn("Watching the step processes failed", ex);
		}
	}

	static Path logFile(Path workDir, LogStream stream) {
		return workDir.resolve("logs").resolve((stream == LogStream.STDERR) ? "stderr.log" : "stdout.log");
	}

	/**
	 * {@code 2h}, {@code 30m}, {@code 45s} or {@code 500ms}, as a definition writes it.
	 */
	static String describe(Duration duration) {
		if (duration.toMillis() % 1000 != 0) {
			return duration.toMillis() + "ms";
		}
		long seconds = duration.toSeconds();
		if (seconds != 0 && seconds % 3600 == 0) {
			return seconds / 3600 + "h";
		}
		if (seconds != 0 && seconds % 60 == 0) {
			return seconds / 60 + "m";
		}
		return seconds + "s";
	}

	private static Path findSetsid() {
		List<String> folders = new ArrayList<>();
		String path = System.getenv("PATH");
		if (path != null) {
			folders.addAll(List.of(path.split(File.pathSeparator)));
		}
		folders.addAll(List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"));
		for (String folder : folders) {
			if (!folder.isEmpty()) {
				Path candidate = Path.of(folder, "setsid");
				if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
					return candidate.toAbsolutePath();
				}
			}
		}
		return null;
	}

	/**
	 * The machine's name as the kernel knows it, which stays the same across restarts of
	 * this server (a restarted server finds its orphans by it).
	 */
	private static String hostName() {
		try {
			Path kernel = Path.of("/proc/sys/kernel/hostname");
			if (Files.isReadable(kernel)) {
				String name = Files.readString(kernel).trim();
				if (!name.isEmpty()) {
					return name;
				}
			}
			return InetAddress.getLocalHost().getHostName();
		}
		catch (IOException ex) {
			return "localhost";
		}
	}

	private static void startDaemon(Runnable task, String name) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
	}

	private static ThreadFactory daemon(String name) {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	private static void closeQuietly(AutoCloseable closeable) {
		if (closeable != null) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// nothing to save
			}
		}
	}

	/** One attempt this executor started. */
	private static final class Attempt {

		final AttemptLaunch launch;

		final Process process;

		final ProcessTree tree;

		final StartedAttempt started;

		final LogPump stdout;

		final LogPump stderr;

		/** {@code STOPPED} or {@code TIMED_OUT} once asked for; the first one counts. */
		final AtomicReference<AttemptPhase> requested = new AtomicReference<>();

		/** Whether the end of the attempt was handed to {@link #end}. */
		final AtomicBoolean ending = new AtomicBoolean();

		/** Completes once the tree is gone and the logs are whole. */
		final CompletableFuture<Void> finished = new CompletableFuture<>();

		volatile ScheduledFuture<?> timeoutTask;

		Attempt(AttemptLaunch launch, Process process, ProcessTree tree, StartedAttempt started, LogPump stdout,
				LogPump stderr) {
			this.launch = launch;
			this.process = process;
			this.tree = tree;
			this.started = started;
			this.stdout = stdout;
			this.stderr = stderr;
		}

	}

}
