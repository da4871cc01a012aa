package dev.slipway.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.slipway.web.HttpProbe;

import static org.awaitility.Awaitility.await;

/**
 * The packaged {@code slipway.jar} running as a separate process, the way an operator
 * starts it: a working folder, environment variables and nothing else.
 */
final class SlipwayProcess implements AutoCloseable {

	private final Process process;

	private final Path output;

	private final int port;

	private SlipwayProcess(Process process, Path output, int port) {
		this.process = process;
		this.output = output;
		this.port = port;
	}

	/**
	 * Starts the jar in {@code workDir} with only {@code environment} as Slipway
	 * settings.
	 */
	static SlipwayProcess start(Path workDir, Map<String, String> environment, int port) {
		Path jar = Path.of(System.getProperty("slipway.jar", "target/slipway.jar")).toAbsolutePath();
		List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-jar", jar.toString()));
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

	/** A TCP port nothing listens on right now. */
	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Waits until the server reports ready, failing early if the process dies. */
	SlipwayProcess awaitReady() {
		await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
			if (!this.process.isAlive()) {
				throw new AssertionError("Slipway exited with " + this.process.exitValue() + ":\n" + output());
			}
			return output().contains("is ready at http://localhost:" + this.port + "/");
		});
		return this;
	}

	/** Waits for the process to give up and returns its exit code. */
	int awaitExit() {
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

	HttpProbe http() {
		return new HttpProbe("http://localhost:" + this.port);
	}

	/** Everything the process printed so far. */
	String output() {
		try {
			return Files.readString(this.output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
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

	private static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

}
