package dev.slipway.serving;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;

/**
 * One model server process and everything it starts, as the pipelines' local executor
 * runs a step: in a session of its own (through {@code setsid}), so that stopping it
 * reaches every process of the session even once reparented; with only a harmless part of
 * this server's environment (never its database password or storage keys); and with its
 * output drained by a pump thread into a {@link LogTail}.
 */
final class ServerProcess {

	/**
	 * The server's environment variables a model server inherits (plus every
	 * {@code LC_*}): what Python needs to run, nothing that could hold a secret. Not even
	 * {@code MLFLOW_*}: a tracking token has no use in a server of local files.
	 */
	static final Set<String> PASSED_THROUGH = Set.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "TZ",
			"TMPDIR", "SSL_CERT_FILE", "REQUESTS_CA_BUNDLE");

	private static final Path SETSID = findSetsid();

	private static final Path PROC = Path.of("/proc");

	/** How long forced ends are retried for a process that does not go at once. */
	private static final Duration KILL_PATIENCE = Duration.ofSeconds(10);

	private final Process process;

	private final boolean ownSession;

	/** The tree's processes seen so far, so one that lost its parent is still found. */
	private final Map<Long, ProcessHandle> seen = new ConcurrentHashMap<>();

	private ServerProcess(Process process, boolean ownSession) {
		this.process = process;
		this.ownSession = ownSession;
	}

	/**
	 * Starts a process.
	 * @param command the program and its arguments
	 * @param environment what the process's environment adds to the passed-through part
	 * @param workDir its working folder
	 * @param log receives its standard output and error
	 * @param name names the pump thread
	 * @throws SlipwayException {@code SERVICE_UNAVAILABLE} when it cannot be started
	 */
	static ServerProcess start(List<String> command, Map<String, String> environment, Path workDir, LogTail log,
			String name) {
		List<String> full = new ArrayList<>();
		if (SETSID != null) {
			// setsid execs in place (a fresh child of the JVM leads no process group),
			// so the server's pid is its session's id.
			full.add(SETSID.toString());
			full.add("--");
		}
		full.addAll(command);
		ProcessBuilder builder = new ProcessBuilder(full).directory(workDir.toFile()).redirectErrorStream(true);
		Map<String, String> env = builder.environment();
		env.keySet().removeIf((key) -> !PASSED_THROUGH.contains(key) && !key.startsWith("LC_"));
		env.putAll(environment);
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new SlipwayException(ErrorCode.SERVICE_UNAVAILABLE,
					"could not start '" + command.get(0) + "': " + ex.getMessage(), ex);
		}
		try {
			process.getOutputStream().close();
		}
		catch (IOException ex) {
			// The server reads nothing from it either way.
		}
		Thread pump = new Thread(() -> pump(process.getInputStream(), log), name);
		pump.setDaemon(true);
		pump.start();
		return new ServerProcess(process, SETSID != null);
	}

	private static void pump(InputStream in, LogTail log) {
		byte[] buffer = new byte[8192];
		try (in) {
			int read;
			while ((read = in.read(buffer)) >= 0) {
				log.append(buffer, read);
			}
		}
		catch (IOException ex) {
			// The process is gone.
		}
	}

	long pid() {
		return this.process.pid();
	}

	boolean alive() {
		return this.process.isAlive();
	}

	Process process() {
		return this.process;
	}

	/**
	 * Waits up to {@code timeout} for the root process to end.
	 * @return whether it ended
	 */
	boolean waitFor(Duration timeout) throws InterruptedException {
		return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** The living processes of the tree, now, remembered for later. */
	Collection<ProcessHandle> members() {
		this.seen.values().removeIf((handle) -> !handle.isAlive());
		Map<Long, ProcessHandle> found = new HashMap<>(this.seen);
		ProcessHandle root = this.process.toHandle();
		if (root.isAlive()) {
			found.put(root.pid(), root);
		}
		if (this.ownSession) {
			// The session outlives its leader: a server whose parent died is still in it.
			sessionMembers(root.pid()).forEach((pid) -> ProcessHandle.of(pid).ifPresent((h) -> found.put(pid, h)));
		}
		for (ProcessHandle handle : List.copyOf(found.values())) {
			handle.descendants().forEach((descendant) -> found.put(descendant.pid(), descendant));
		}
		found.remove(ProcessHandle.current().pid());
		this.seen.putAll(found);
		return new ArrayList<>(found.values());
	}

	/**
	 * Stops the tree: SIGTERM to every process, then SIGKILL to those still alive after
	 * {@code grace}, repeated until none is left. Blocks meanwhile.
	 * @return whether the tree is gone
	 */
	boolean stop(Duration grace) {
		long graceEnd = System.nanoTime() + grace.toNanos();
		long giveUp = graceEnd + KILL_PATIENCE.toNanos();
		members().forEach(ProcessHandle::destroy);
		while (true) {
			Collection<ProcessHandle> members = members();
			if (members.isEmpty()) {
				return true;
			}
			long now = System.nanoTime();
			if (now - giveUp >= 0) {
				return false;
			}
			if (now - graceEnd >= 0) {
				members.forEach(ProcessHandle::destroyForcibly);
			}
			try {
				TimeUnit.MILLISECONDS.sleep(100);
			}
			catch (InterruptedException ex) {
				// No time left to be polite: nothing may outlive a stop.
				members().forEach(ProcessHandle::destroyForcibly);
				Thread.currentThread().interrupt();
				return false;
			}
		}
	}

	/** The living, non-zombie processes of a session, from {@code /proc} (Linux only). */
	private static List<Long> sessionMembers(long session) {
		List<Long> pids = new ArrayList<>();
		if (!Files.isReadable(PROC.resolve("self").resolve("stat"))) {
			return pids;
		}
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC)) {
			for (Path entry : entries) {
				String name = entry.getFileName().toString();
				if (name.isEmpty() || !name.chars().allMatch(Character::isDigit)) {
					continue;
				}
				String text;
				try {
					text = Files.readString(entry.resolve("stat"), StandardCharsets.UTF_8);
				}
				catch (IOException ex) {
					// It ended between the listing and the read.
					continue;
				}
				// "pid (command) state ppid pgrp session ...": the command may hold
				// spaces and parentheses, so fields are counted from the last ')'.
				int close = text.lastIndexOf(')');
				if (close < 0) {
					continue;
				}
				String[] fields = text.substring(close + 1).trim().split(" ");
				if (fields.length < 4 || fields[0].startsWith("Z") || fields[0].startsWith("X")) {
					continue;
				}
				try {
					if (Long.parseLong(fields[3]) == session) {
						pids.add(Long.parseLong(name));
					}
				}
				catch (NumberFormatException ex) {
					// Not a process line.
				}
			}
		}
		catch (IOException ex) {
			// A missing member only makes a stop look twice: the next round reads again.
		}
		return pids;
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

}
