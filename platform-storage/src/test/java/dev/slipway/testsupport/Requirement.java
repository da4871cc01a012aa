package dev.slipway.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import ch.qos.logback.classic.Level;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Something a test needs from the machine beyond a JDK, and how to tell whether it is
 * here. Tests declare their needs with {@link Requires}.
 */
public enum Requirement {

	/**
	 * A PostgreSQL for {@code PostgresTestDatabase}: {@code SLIPWAY_TEST_DATABASE_URL},
	 * else Docker for a Testcontainers PostgreSQL.
	 */
	POSTGRESQL(true),

	/**
	 * Chromium and chromedriver for the browser tests: {@code SLIPWAY_CHROMIUM} and
	 * {@code SLIPWAY_CHROMEDRIVER}, else {@code chromium} and {@code chromedriver} on the
	 * {@code PATH}.
	 */
	CHROMIUM(true),

	/**
	 * The Python environment of the MLflow client suite: {@code SLIPWAY_E2E_PYTHON}.
	 */
	PYTHON(true),

	/**
	 * A Python environment with Evidently, for the agreement test and the monitoring
	 * benchmark: {@code SLIPWAY_EVIDENTLY_PYTHON}.
	 */
	EVIDENTLY(true),

	/** A free port 8080, for the packaged jar started with no settings at all. */
	PORT_8080(true),

	/**
	 * A Docker engine, for the MinIO container. Not enforced under
	 * {@link Requires#REQUIRE_ALL}: CI has no Docker engine, and the same storage
	 * contract runs against an in-process S3 server (s3proxy) everywhere.
	 */
	DOCKER(false);

	/** The environment variable naming the PostgreSQL the tests use. */
	public static final String DATABASE_URL = "SLIPWAY_TEST_DATABASE_URL";

	private final boolean enforced;

	Requirement(boolean enforced) {
		this.enforced = enforced;
	}

	/**
	 * Whether {@code SLIPWAY_TEST_REQUIRE_ALL=true} turns a skip for want of this into a
	 * failure.
	 */
	public boolean enforced() {
		return this.enforced;
	}

	/**
	 * Why this is missing on this machine, with how to provide it; empty when present.
	 */
	public Optional<String> missing() {
		return switch (this) {
			case POSTGRESQL -> (variable(DATABASE_URL).isPresent() || Docker.AVAILABLE) ? Optional.empty()
					: Optional.of("no PostgreSQL (set " + DATABASE_URL + ", or run where Docker is available)");
			case CHROMIUM -> (chromium().isPresent() && chromedriver().isPresent()) ? Optional.empty()
					: Optional.of("no chromium and chromedriver (apt-get install chromium chromium-driver, "
							+ "or set SLIPWAY_CHROMIUM and SLIPWAY_CHROMEDRIVER)");
			case PYTHON -> python().isPresent() ? Optional.empty() : Optional
				.of("no Python for the MLflow client suite (export SLIPWAY_E2E_PYTHON=$(.ci/python-env))");
			case EVIDENTLY -> evidentlyPython().isPresent() ? Optional.empty() : Optional
				.of("no Python with Evidently (export SLIPWAY_EVIDENTLY_PYTHON=$(.ci/python-env evidently))");
			case PORT_8080 -> portIsFree(8080) ? Optional.empty() : Optional.of("port 8080 is taken on this machine");
			case DOCKER -> Docker.AVAILABLE ? Optional.empty()
					: Optional.of("no Docker (never required, not even on CI, which has no Docker engine)");
		};
	}

	/** The chromium of the browser tests, if any. */
	public static Optional<Path> chromium() {
		return executable("SLIPWAY_CHROMIUM", "chromium");
	}

	/** The chromedriver of the browser tests, if any. */
	public static Optional<Path> chromedriver() {
		return executable("SLIPWAY_CHROMEDRIVER", "chromedriver");
	}

	/**
	 * The interpreter of a Python environment holding the MLflow client suite's
	 * requirements, if any.
	 */
	public static Optional<Path> python() {
		return executable("SLIPWAY_E2E_PYTHON", null);
	}

	/** The interpreter of a Python environment with Evidently, if any. */
	public static Optional<Path> evidentlyPython() {
		return executable("SLIPWAY_EVIDENTLY_PYTHON", null);
	}

	/**
	 * The executable a variable names (a path, or a command looked up on the
	 * {@code PATH}), else {@code command} on the {@code PATH}.
	 */
	private static Optional<Path> executable(String variable, String command) {
		String wanted = variable(variable).orElse(command);
		if (wanted == null) {
			return Optional.empty();
		}
		if (wanted.contains("/") || wanted.contains(File.separator)) {
			Path path = Path.of(wanted);
			return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
		}
		for (String folder : variable("PATH").orElse("").split(File.pathSeparator)) {
			Path path = Path.of(folder, wanted);
			if (!folder.isEmpty() && Files.isExecutable(path)) {
				return Optional.of(path);
			}
		}
		return Optional.empty();
	}

	private static Optional<String> variable(String name) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? Optional.empty() : Optional.of(value.strip());
	}

	private static boolean portIsFree(int port) {
		try (ServerSocket socket = new ServerSocket(port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Asked once per test JVM, and only when a test needs it. */
	private static final class Docker {

		static final boolean AVAILABLE = available();

		private static boolean available() {
			// Testcontainers knows every place a Docker engine may be. Where it finds
			// none
			// it logs an error of several lines, which the skip line already says in one.
			org.slf4j.Logger logger = LoggerFactory.getLogger("org.testcontainers");
			ch.qos.logback.classic.Logger logback = (logger instanceof ch.qos.logback.classic.Logger classic) ? classic
					: null;
			Level level = (logback != null) ? logback.getLevel() : null;
			if (logback != null) {
				logback.setLevel(Level.OFF);
			}
			try {
				return DockerClientFactory.instance().isDockerAvailable();
			}
			catch (RuntimeException | LinkageError ex) {
				// No Testcontainers on this module's class path, or no usable engine.
				return false;
			}
			finally {
				if (logback != null) {
					logback.setLevel(level);
				}
			}
		}

	}

}
