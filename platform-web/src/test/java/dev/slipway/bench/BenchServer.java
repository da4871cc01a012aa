package dev.slipway.bench;

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
 * The packaged {@code slipway.jar} as a server process of its own, started from a private
 * copy of the jar so that a rebuild during a long run cannot pull classes from under it.
 */
final class BenchServer implements AutoCloseable {

	private final Process process;

	private final Path log;

	private final int port;

	private BenchServer(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	/**
	 * Starts the jar in {@code workDir} with {@code environment} as its only Slipway
	 * settings.
	 */
	static BenchServer start(Path workDir, Map<String, String> environment, String heap, List<String> jvmArgs) {
		int port = freePort();
		try {
			Files.createDirectories(workDir);
			Path jar = Path.of(System.getProperty("slipway.jar", "target/slipway.jar")).toAbsolutePath();
			Path copy = workDir.resolve("slipway-under-test.jar");
			Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
			Path log = workDir.resolve("slipway.log");
			List<String> command = new ArrayList<>(List
				.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms" + heap, "-Xmx" + heap));
			command.addAll(jvmArgs);
			command.addAll(List.of("-jar", copy.toString()));
			ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
				.redirectErrorStream(true)
				.redirectOutput(log.toFile());
			builder.environment()
				.keySet()
				.removeIf((name) -> name.startsWith("SLIPWAY_") || name.startsWith("SPRING_"));
			builder.environment().putAll(environment);
			builder.environment().put("SLIPWAY_PORT", String.valueOf(port));
			builder.environment().put("SLIPWAY_DATA_DIR", workDir.resolve("data").toString());
			return new BenchServer(builder.start(), log, port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Waits until the server reports ready, failing early if the process dies. */
	BenchServer awaitReady() {
		await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).until(() -> {
			if (!this.process.isAlive()) {
				throw new AssertionError("Slipway exited with " + this.process.exitValue() + ":\n" + output());
			}
			return output().contains("is ready at http://localhost:" + this.port + "/");
		});
		return this;
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	long pid() {
		return this.process.pid();
	}

	/** Everything the process printed so far. */
	String output() {
		try {
			return new String(Files.readAllBytes(this.log), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

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

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
