package dev.slipway.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.testsupport.PostgresTestDatabase;
import dev.slipway.web.SlipwayProcess;

/**
 * What the benchmarks share about the server under test: the packaged jar started on the
 * test PostgreSQL with the admin's password, the JVM options every benchmark takes
 * ({@code -Dbench.server.heap}, {@code -Dbench.server.jvm.args}), and clients that
 * authenticate as MLflow clients do with {@code MLFLOW_TRACKING_TOKEN}: an editor's API
 * token, checked and authorized on every request.
 */
final class BenchServer {

	/** The admin's password of every benchmarked server. */
	static final String ADMIN_PASSWORD = "bench-admin-password";

	/** Extra JVM options of the server, separated by spaces. */
	private static final String JVM_ARGS = System.getProperty("bench.server.jvm.args", "");

	private BenchServer() {
	}

	/** The server's heap ({@code -Xms} and {@code -Xmx}), {@code fallback} unless set. */
	static String heap(String fallback) {
		return System.getProperty("bench.server.heap", fallback);
	}

	/**
	 * Starts a copy of the packaged jar in {@code dir} on the PostgreSQL database
	 * {@code jdbcUrl} and waits until it is ready. {@code settings} adds to (or replaces)
	 * the environment.
	 */
	static SlipwayProcess start(Path dir, String jdbcUrl, String heap, Map<String, String> settings) {
		int port = SlipwayProcess.freePort();
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("SLIPWAY_DATABASE_URL", jdbcUrl);
		environment.put("SLIPWAY_DATABASE_USERNAME", PostgresTestDatabase.username());
		environment.put("SLIPWAY_DATABASE_PASSWORD", PostgresTestDatabase.password());
		environment.put("SLIPWAY_PORT", String.valueOf(port));
		environment.put("SLIPWAY_DATA_DIR", dir.resolve("data").toString());
		environment.put("SLIPWAY_ADMIN_PASSWORD", ADMIN_PASSWORD);
		environment.putAll(settings);
		return SlipwayProcess.start(SlipwayProcess.copyOfPackagedJar(dir), dir, environment, port, jvmArgs(heap))
			.awaitReady();
	}

	/** The heap and {@code -Dbench.server.jvm.args}. */
	static List<String> jvmArgs(String heap) {
		List<String> args = new ArrayList<>(List.of("-Xms" + heap, "-Xmx" + heap));
		if (!JVM_ARGS.isBlank()) {
			args.addAll(List.of(JVM_ARGS.trim().split("\\s+")));
		}
		return args;
	}

	/** A client of {@code server} signed in as the admin with Basic credentials. */
	static BenchHttp admin(SlipwayProcess server) {
		return new BenchHttp(server.baseUrl(), basic("admin", ADMIN_PASSWORD));
	}

	/**
	 * A new editor ({@code userPrefix} and the time, password {@link #ADMIN_PASSWORD})
	 * and a client with its API token, named {@code tokenName}.
	 */
	static Editor editor(BenchHttp admin, String userPrefix, String tokenName) {
		String user = userPrefix + "-" + System.currentTimeMillis();
		admin.post("/api/v1/users",
				"{\"username\": \"" + user + "\", \"role\": \"EDITOR\", \"password\": \"" + ADMIN_PASSWORD + "\"}");
		String token = admin.as(basic(user, ADMIN_PASSWORD))
			.post("/api/v1/tokens", "{\"name\": \"" + tokenName + "\"}")
			.get("secret")
			.asString();
		return new Editor(user, admin.as("Bearer " + token));
	}

	/** An editor's name and a client authenticated with its API token. */
	record Editor(String name, BenchHttp http) {
	}

	/** An HTTP Basic {@code Authorization} value. */
	static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

}
