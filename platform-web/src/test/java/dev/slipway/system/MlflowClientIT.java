package dev.slipway.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.slipway.storage.S3TestServer;
import dev.slipway.testsupport.PostgresTestDatabase;
import dev.slipway.testsupport.Requirement;
import dev.slipway.testsupport.Requires;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.web.HttpProbe;
import dev.slipway.web.SlipwayProcess;
import dev.slipway.web.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real {@code mlflow} Python client against the packaged jar: the pytest suite in
 * {@code src/test/python} runs once on the embedded default, signed in with an API token
 * ({@code MLFLOW_TRACKING_TOKEN}), and once on PostgreSQL plus S3, signed in with a user
 * name and password ({@code MLFLOW_TRACKING_USERNAME}/{@code MLFLOW_TRACKING_PASSWORD}),
 * each time as an EDITOR created for the run. The suite is checked against MLflow's own
 * server, so a failure here is Slipway's. The environment comes from
 * {@code SLIPWAY_E2E_PYTHON} ({@code .ci/python-env}); without it the suite is skipped.
 */
@Requires(Requirement.PYTHON)
class MlflowClientIT {

	/** How the suite's client signs in. */
	private enum Credentials {

		/** {@code MLFLOW_TRACKING_TOKEN}: an API token of the suite's user. */
		TOKEN,

		/** {@code MLFLOW_TRACKING_USERNAME} and {@code MLFLOW_TRACKING_PASSWORD}. */
		PASSWORD

	}

	private static final Pattern SECRET = Pattern.compile("\"secret\":\"(slw_[^\"]+)\"");

	/** The interpreter of a Python environment holding {@code requirements.txt}. */
	private static final String PYTHON_VARIABLE = "SLIPWAY_E2E_PYTHON";

	private static final long SUITE_TIMEOUT_MINUTES = 10;

	private static final int SERVER_LOG_TAIL_LINES = 150;

	private String python;

	@BeforeEach
	void findPython() {
		this.python = Requirement.python().orElseThrow().toString();
	}

	@Test
	void theMlflowClientWorksAgainstTheEmbeddedDefault() {
		int port = SlipwayProcess.freePort();
		Path workDir = TestFolders.fresh("it-mlflow-embedded");
		try (SlipwayProcess slipway = SlipwayProcess.start(workDir, serverSettings(port, Map.of()), port)
			.awaitReady()) {
			assertSuitePasses("embedded default", Credentials.TOKEN, slipway, port, workDir);
		}
	}

	@Test
	@Requires(Requirement.POSTGRESQL)
	void theMlflowClientWorksAgainstPostgresqlAndS3() {
		try (S3TestServer s3 = S3TestServer.start(TestFolders.fresh("it-mlflow-s3"))) {
			s3.createBucket("slipway-mlflow");
			int port = SlipwayProcess.freePort();
			Map<String, String> environment = serverSettings(port,
					Map.of("SLIPWAY_DATABASE_URL", PostgresTestDatabase.jdbcUrl(), "SLIPWAY_DATABASE_USERNAME",
							PostgresTestDatabase.username(), "SLIPWAY_DATABASE_PASSWORD",
							PostgresTestDatabase.password(), "SLIPWAY_ARTIFACTS_URI", "s3://slipway-mlflow/artifacts",
							"SLIPWAY_S3_ENDPOINT", s3.endpoint(), "SLIPWAY_S3_REGION", "us-east-1",
							"SLIPWAY_S3_ACCESS_KEY", s3.accessKey(), "SLIPWAY_S3_SECRET_KEY", s3.secretKey()));
			Path workDir = TestFolders.fresh("it-mlflow-production");
			try (SlipwayProcess slipway = SlipwayProcess.start(workDir, environment, port).awaitReady()) {
				assertSuitePasses("PostgreSQL and S3", Credentials.PASSWORD, slipway, port, workDir);
			}
		}
	}

	/**
	 * The server's settings: {@code port}, the test admin's password and {@code more}.
	 */
	private static Map<String, String> serverSettings(int port, Map<String, String> more) {
		Map<String, String> settings = new HashMap<>(more);
		settings.put("SLIPWAY_PORT", String.valueOf(port));
		settings.put("SLIPWAY_ADMIN_PASSWORD", TestAdmin.PASSWORD);
		return settings;
	}

	private void assertSuitePasses(String setup, Credentials credentials, SlipwayProcess slipway, int port,
			Path workDir) {
		Map<String, String> signIn = signInAsANewEditor(slipway.http(), credentials);
		Path output = workDir.resolve("pytest.log");
		int exitCode = runSuite(port, signIn, workDir, output);
		String pytest = read(output);
		assertThat(exitCode)
			.withFailMessage(() -> "The MLflow client suite failed on the " + setup + " (pytest exit code " + exitCode
					+ "):\n" + pytest + "\n--- last " + SERVER_LOG_TAIL_LINES + " lines of Slipway's output ---\n"
					+ tail(slipway.output()))
			.isZero();
		String summary = tail(pytest, 1).strip();
		// Every test applies to Slipway: a skip means a setting did not reach the suite.
		assertThat(summary).as("pytest's summary on the " + setup).doesNotContain("skipped");
		System.out.println("MLflow client suite on the " + setup + " (" + credentials + "): " + summary);
	}

	/**
	 * Creates an EDITOR through the REST API, as an admin would, and returns the
	 * environment that signs the client in as them with {@code credentials}.
	 */
	private static Map<String, String> signInAsANewEditor(HttpProbe http, Credentials credentials) {
		String username = "mlflow-suite-" + credentials.name().toLowerCase();
		String password = "suite-password-" + UUID.randomUUID();
		HttpResponse<String> user = TestAdmin.signedIn(http)
			.postJson("/api/v1/users", "{\"username\":\"" + username + "\",\"role\":\"EDITOR\",\"password\":\""
					+ password + "\",\"serviceAccount\":false}");
		assertThat(user.statusCode()).as("creating the suite's user: " + user.body()).isEqualTo(201);
		Map<String, String> environment = new HashMap<>();
		environment.put("SLIPWAY_E2E_USER", username);
		environment.put("SLIPWAY_E2E_ADMIN_USERNAME", TestAdmin.USERNAME);
		environment.put("SLIPWAY_E2E_ADMIN_PASSWORD", TestAdmin.PASSWORD);
		if (credentials == Credentials.TOKEN) {
			HttpResponse<String> token = http.basic(username, password)
				.postJson("/api/v1/tokens", "{\"name\":\"mlflow-client-suite\",\"expiresInDays\":1}");
			Matcher secret = SECRET.matcher(token.body());
			assertThat(token.statusCode() == 201 && secret.find()).as("creating the suite's token: " + token.body())
				.isTrue();
			environment.put("MLFLOW_TRACKING_TOKEN", secret.group(1));
		}
		else {
			environment.put("MLFLOW_TRACKING_USERNAME", username);
			environment.put("MLFLOW_TRACKING_PASSWORD", password);
		}
		return environment;
	}

	/**
	 * Runs pytest on the suite against the server on {@code port} with the credentials in
	 * {@code signIn}; returns its exit code.
	 */
	private int runSuite(int port, Map<String, String> signIn, Path workDir, Path output) {
		Path suite = suite();
		List<String> command = List.of(this.python, "-m", "pytest", "-q", suite.toString(), "-p", "no:cacheprovider",
				"--basetemp", workDir.resolve("pytest-tmp").toString(), "--tb=short", "-rfE");
		ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile());
		Map<String, String> environment = builder.environment();
		// Only the settings below reach the client: no stray credentials, experiment or
		// retry settings from the developer's shell.
		environment.keySet().removeIf((name) -> name.startsWith("MLFLOW_") || name.startsWith("SLIPWAY_E2E_"));
		environment.putAll(signIn);
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
