package dev.slipway.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.slipway.web.SlipwayProcess;
import dev.slipway.storage.S3TestServer;
import dev.slipway.testsupport.PostgresTestDatabase;
import dev.slipway.testsupport.TestFolders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real {@code mlflow} Python client against the packaged jar: the pytest suite in
 * {@code src/test/python} runs once on the embedded default and once on PostgreSQL plus
 * S3. The suite is checked against MLflow's own server, so a failure here is Slipway's.
 */
class MlflowClientIT {

	/** The interpreter of a Python environment holding {@code requirements.txt}. */
	private static final String PYTHON_VARIABLE = "SLIPWAY_E2E_PYTHON";

	private static final long SUITE_TIMEOUT_MINUTES = 10;

	private static final int SERVER_LOG_TAIL_LINES = 150;

	private String python;

	@BeforeEach
	void findPython() {
		this.python = System.getenv(PYTHON_VARIABLE);
		// Reported as skipped, not passed: the suite did not run.
		assumeTrue(this.python != null && !this.python.isBlank(),
				PYTHON_VARIABLE + " is not set, so the MLflow client suite is skipped: run `bash .ci/run`, or `export "
						+ PYTHON_VARIABLE + "=$(.ci/python-env)` at the repository root before ./mvnw verify");
	}

	@Test
	void theMlflowClientWorksAgainstTheEmbeddedDefault() {
		int port = SlipwayProcess.freePort();
		Path workDir = TestFolders.fresh("it-mlflow-embedded");
		try (SlipwayProcess slipway = SlipwayProcess.start(workDir, Map.of("SLIPWAY_PORT", String.valueOf(port)), port)
			.awaitReady()) {
			assertSuitePasses("embedded default", slipway, port, workDir);
		}
	}

	@Test
	void theMlflowClientWorksAgainstPostgresqlAndS3() {
		try (S3TestServer s3 = S3TestServer.start(TestFolders.fresh("it-mlflow-s3"))) {
			s3.createBucket("slipway-mlflow");
			int port = SlipwayProcess.freePort();
			Map<String, String> environment = Map.of("SLIPWAY_PORT", String.valueOf(port), "SLIPWAY_DATABASE_URL",
					PostgresTestDatabase.jdbcUrl(), "SLIPWAY_DATABASE_USERNAME", PostgresTestDatabase.username(),
					"SLIPWAY_DATABASE_PASSWORD", PostgresTestDatabase.password(), "SLIPWAY_ARTIFACTS_URI",
					"s3://slipway-mlflow/artifacts", "SLIPWAY_S3_ENDPOINT", s3.endpoint(), "SLIPWAY_S3_REGION",
					"us-east-1", "SLIPWAY_S3_ACCESS_KEY", s3.accessKey(), "SLIPWAY_S3_SECRET_KEY", s3.secretKey());
			Path workDir = TestFolders.fresh("it-mlflow-production");
			try (SlipwayProcess slipway = SlipwayProcess.start(workDir, environment, port).awaitReady()) {
				assertSuitePasses("PostgreSQL and S3", slipway, port, workDir);
			}
		}
	}

	private void assertSuitePasses(String setup, SlipwayProcess slipway, int port, Path workDir) {
		Path output = workDir.resolve("pytest.log");
		int exitCode = runSuite(port, workDir, output);
		String pytest = read(output);
		assertThat(exitCode)
			.withFailMessage(() -> "The MLflow client suite failed on the " + setup + " (pytest exit code " + exitCode
					+ "):\n" + pytest + "\n--- last " + SERVER_LOG_TAIL_LINES + " lines of Slipway's output ---\n"
					+ tail(slipway.output()))
			.isZero();
		System.out.println("MLflow client suite on the " + setup + ": " + tail(pytest, 1).strip());
	}

	/**
	 * Runs pytest on the suite against the server on {@code port}; returns its exit code.
	 */
	private int runSuite(int port, Path workDir, Path output) {
		Path suite = suite();
		List<String> command = List.of(this.python, "-m", "pytest", "-q", suite.toString(), "-p", "no:cacheprovider",
				"--basetemp", workDir.resolve("pytest-tmp").toString(), "--tb=short", "-rfE");
		ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile());
		Map<String, String> environment = builder.environment();
		// Only the settings below reach the client: no stray credentials, experiment or
		// retry settings from the developer's shell.
		environment.keySet().removeIf((name) -> name.startsWith("MLFLOW_"));
		environment.put("MLFLOW_TRACKING_URI", "http://127.0.0.1:" + port);
		environment.put("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0");
		environment.put("MLFLOW_HTTP_REQUEST_TIMEOUT", "30");
		environment.put("MLFLOW_DISABLE_TELEMETRY", "true");
		environment.put("DO_NOT_TRACK", "true");
		// Keeps __pycache__ folders out of the source tree.
		environment.put("PYTHONDONTWRITEBYTECODE", "1");
		environment.put("PYTHONIOENCODING", "utf-8");
		// Room for the failure reasons in pytest's short summary.
		environment.put("COLUMNS", "200");
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start " + this.python + " (" + PYTHON_VARIABLE + ")", ex);
		}
		try {
			if (!process.waitFor(SUITE_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				throw new AssertionError("The MLflow client suite did not finish within " + SUITE_TIMEOUT_MINUTES
						+ " minutes:\n" + read(output));
			}
			return process.exitValue();
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The suite's folder: failsafe runs in the module folder, an IDE maybe in the root.
	 */
	private static Path suite() {
		return Stream.of(Path.of("src/test/python"), Path.of("platform-web/src/test/python"))
			.filter((folder) -> Files.isRegularFile(folder.resolve("test_mlflow_client.py")))
			.findFirst()
			.map(Path::toAbsolutePath)
			.orElseThrow(() -> new IllegalStateException(
					"test_mlflow_client.py not found under src/test/python from " + Path.of("").toAbsolutePath()));
	}

	private static String read(Path file) {
		try {
			// Lenient on purpose: a stray byte must not hide the report of a failure.
			return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String tail(String text) {
		return tail(text, SERVER_LOG_TAIL_LINES);
	}

	private static String tail(String text, int lines) {
		List<String> all = text.lines().toList();
		return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
	}

}
