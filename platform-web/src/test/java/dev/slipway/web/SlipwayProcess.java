package dev.slipway.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The packaged {@code slipway.jar} running as a separate process, the way an operator
 * starts it: a working folder, environment variables and nothing else. Shared by the
 * end-to-end tests and the benchmarks.
 */
public final class SlipwayProcess implements AutoCloseable {

	private final Process process;

	private final Path output;

	private final int port;

	private SlipwayProcess(Process process, Path output, int port) {
		this.process = process;
		this.output = output;
		this.port = port;
	}

	/**
	 * Starts the packaged jar in {@code workDir} with only {@code environment} as Slipway
	 * settings and a 512 MB heap.
	 */
	public static SlipwayProcess start(Path workDir, Map<String, String> environment, int port) {
		return start(packagedJar(), workDir, environment, port, List.of("-Xmx512m"));
	}

	/** Starts {@code jar} with the JVM options {@code jvmArgs}. */
	public static SlipwayProcess start(Path jar, Path workDir, Map<String, String> environment, int port,
			List<String> jvmArgs) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmArgs);
		command.addAll(List.of("-jar", jar.toString()));
		ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
		// An operator's shell would not carry the test run's settings: start from a clean
		// slate.
		builder.environment().keySet().removeIf((name) -> name.startsWith("SLIPWAY_") || name.startsWith("SPRING_"));
		builder.environment().putAll(environment);
		try {
			Path output = Files.createTempFile(workDir, "slipway-", ".log");
			builder.redirectOutput(output.toFile());
			return new SlipwayProcess(builder.start(), output, port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The jar the build packaged (failsafe passes its path as {@code slipway.jar}). */
	public static Path packagedJar() {
		return Path.of(System.getProperty("slipway.jar", "target/slipway.jar")).toAbsolutePath();
	}

	/**
	 * A private copy of the packaged jar in {@code folder}, so that a rebuild during a
	 * long run cannot pull classes from under the server.
	 */
	public static Path copyOfPackagedJar(Path folder) {
		try {
			Files.createDirectories(folder);
			return Files.copy(packagedJar(), folder.resolve("slipway-under-test.jar"),
					StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A TCP port nothing listens on right now. */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Waits until the server reports ready, failing early if the process dies. */
	public SlipwayProcess awaitReady() {
		await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).until(() -> {
			if (!this.process.isAlive()) {
				throw new AssertionError("Slipway exited with " + this.process.exitValue() + ":\n" + output());
			}
			return output().contains("is ready at http://localhost:" + this.port + "/");
		});
		return this;
	}

	/** Waits for the process to give up and returns its exit code. */
	public int awaitExit() {
		try {
			if (!this.process.waitFor(120, TimeUnit.SECONDS)) {
				throw new AssertionError("Slipway did not exit:\n" + output());
			}
			return this.process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** The port the server listens on, on loopback. */
	public int port() {
		return this.port;
	}

	/** The server's base URL. */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/** The server's process id, for CPU accounting. */
	public long pid() {
		return this.process.pid();
	}

	public HttpProbe http() {
		return new HttpProbe("http://localhost:" + this.port);
	}

	/** Everything the process printed so far. */
	public String output() {
		try {
			return Files.readString(this.output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Kills the server as {@code kill -9} does (SIGKILL): no shutdown hook runs. */
	public void kill() {
		try {
			this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Stops the server the way an orchestrator does (SIGTERM) and waits for it. */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
