package dev.slipway.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A peer tracking server (an MLflow or FastTrackML server) run as a child process of the
 * harness on loopback, its output in a log file. Stopping it stops every process it
 * started (MLflow's workers) too.
 */
final class PeerProcess implements AutoCloseable {

	private final String name;

	private final Process process;

	private final Path log;

	private final String baseUrl;

	private PeerProcess(String name, Process process, Path log, String baseUrl) {
		this.name = name;
		this.process = process;
		this.log = log;
		this.baseUrl = baseUrl;
	}

	/** Starts {@code command} in {@code workDir}, listening on {@code port}. */
	static PeerProcess start(String name, List<String> command, Map<String, String> environment, Path workDir,
			int port) {
		ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
		// Settings of an MLflow client in the caller's shell must not reach the server.
		builder.environment().keySet().removeIf((variable) -> variable.startsWith("MLFLOW_"));
		builder.environment().putAll(environment);
		try {
			Files.createDirectories(workDir);
			Path log = Files.createTempFile(workDir, name + "-", ".log");
			builder.redirectOutput(log.toFile());
			return new PeerProcess(name, builder.start(), log, "http://127.0.0.1:" + port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Waits until {@code healthPath} answers 200, failing early if the process dies;
	 * database migrations on a first start can take a minute.
	 */
	PeerProcess awaitReady(String healthPath) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest health = HttpRequest.newBuilder(URI.create(this.baseUrl + healthPath))
			.timeout(Duration.ofSeconds(5))
			.GET()
			.build();
		try {
			await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500)).until(() -> {
				if (!this.process.isAlive()) {
					throw new AssertionError(this.name + " exited with " + this.process.exitValue() + ":\n" + output());
				}
				try {
					return client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
				}
				catch (IOException ex) {
					return false;
				}
			});
		}
		catch (RuntimeException | Error ex) {
			// Nobody else holds the process yet: stop it rather than leave it running.
			close();
			throw ex;
		}
		return this;
	}

	String baseUrl() {
		return this.baseUrl;
	}

	/** The root process, for CPU accounting of its tree. */
	long pid() {
		return this.process.pid();
	}

	String output() {
		try {
			return Files.readString(this.log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * SIGTERM to the server and each of its descendants, then SIGKILL to what is left.
	 */
	@Override
	public void close() {
		List<ProcessHandle> tree = this.process.descendants().toList();
		this.process.destroy();
		tree.forEach(ProcessHandle::destroy);
		try {
			this.process.waitFor(30, TimeUnit.SECONDS);
			for (ProcessHandle handle : tree) {
				handle.onExit().get(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			// Still running after the grace period: killed below.
		}
		this.process.destroyForcibly();
		tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
	}

}
