package dev.slipway.registry;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.slipway.query.KeyValue;
import dev.slipway.security.Authenticator;
import dev.slipway.security.NewUser;
import dev.slipway.security.Role;
import dev.slipway.security.SlipwayAuthentication;
import dev.slipway.security.SlipwayPrincipal;
import dev.slipway.security.UserService;
import dev.slipway.web.HttpProbe;
import dev.slipway.web.TestAdmin;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.core.context.SecurityContextHolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test data for the registry pages: people of each role, runs logged through the MLflow
 * API as a client logs them, and models and versions made through the registry service as
 * a given person.
 */
final class ModelPagesFixture {

	static final String PASSWORD = "a-good-long-password";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final AtomicInteger NAMES = new AtomicInteger();

	private final int port;

	private final UserService users;

	private final Authenticator authenticator;

	private final RegistryService registry;

	ModelPagesFixture(int port, UserService users, Authenticator authenticator, RegistryService registry) {
		this.port = port;
		this.users = users;
		this.authenticator = authenticator;
		this.registry = registry;
	}

	/** A new account with the role and {@link #PASSWORD}. */
	String person(Role role) {
		String name = role.name().toLowerCase() + "-" + NAMES.incrementAndGet() + "-" + (System.nanoTime() % 100000);
		as(TestAdmin.USERNAME, () -> this.users.create(new NewUser(name, role, false, PASSWORD, null, null)));
		return name;
	}

	/** Runs {@code work} signed in as {@code username}. */
	<T> T as(String username, Supplier<T> work) {
		String password = TestAdmin.USERNAME.equals(username) ? TestAdmin.PASSWORD : PASSWORD;
		SlipwayPrincipal principal = this.authenticator.password(username, password, "test", "basic");
		SecurityContextHolder.getContext().setAuthentication(new SlipwayAuthentication(principal));
		try {
			return work.get();
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

	/** Runs {@code work} signed in as {@code username}. */
	void run(String username, Runnable work) {
		as(username, () -> {
			work.run();
			return null;
		});
	}

	/** A unique model name with {@code prefix}. */
	static String name(String prefix) {
		return prefix + "-" + NAMES.incrementAndGet() + "-" + System.nanoTime() % 1_000_000;
	}

	/** A registered model made by {@code username}. */
	RegisteredModel model(String username, String name) {
		return as(username, () -> this.registry.createModel(name, "Scores " + name, List.of()));
	}

	/** A version of the model made by {@code username} from a fresh run. */
	ModelVersion version(String username, String model) {
		String run = new Runs(this.port).run("reg-" + model, "train", "train.py", "abc1234");
		return as(username, () -> this.registry.createVersion(model, "runs:/" + run + "/model", null,
				List.of(new KeyValue("team", "risk")), null, null, null));
	}

	/** Moves a version to a stage as {@code username}, archiving the versions there. */
	void stage(String username, String model, int version, Stage stage) {
		run(username, () -> this.registry.transitionStage(model, Integer.toString(version), stage.wireName(),
				stage == Stage.PRODUCTION || stage == Stage.STAGING));
	}

	/** Runs logged through the MLflow REST API as the admin. */
	static final class Runs {

		private static final String API = "/api/2.0/mlflow/";

		private final HttpProbe http;

		Runs(int port) {
			this.http = TestAdmin.signedIn(new HttpProbe("http://localhost:" + port));
		}

		HttpProbe http() {
			return this.http;
		}

		/** A new experiment whose name starts with {@code prefix}. */
		String experiment(String prefix) {
			String name = prefix + "-" + System.nanoTime();
			return ok(this.http.postJson(API + "experiments/create", "{\"name\": \"" + name + "\"}"))
				.get("experiment_id")
				.asString();
		}

		/** A finished run with source tags and an rmse metric. */
		String run(String experimentName, String runName, String source, String commit) {
			String experiment = experiment(experimentName);
			String run = ok(this.http.postJson(API + "runs/create",
					"{\"experiment_id\": \"" + experiment + "\", \"run_name\": \"" + runName + "\", \"start_time\": "
							+ System.currentTimeMillis()
							+ ", \"tags\": [{\"key\": \"mlflow.source.name\", \"value\": \"" + source
							+ "\"}, {\"key\": \"mlflow.source.git.commit\", \"value\": \"" + commit + "\"}]}"))
				.get("run")
				.get("info")
				.get("run_id")
				.asString();
			ok(this.http.postJson(API + "runs/log-metric",
					"{\"run_id\": \"" + run + "\", \"key\": \"rmse\", \"value\": 0.125, \"timestamp\": "
							+ System.currentTimeMillis() + ", \"step\": 1}"));
			ok(this.http.postJson(API + "runs/update", "{\"run_id\": \"" + run
					+ "\", \"status\": \"FINISHED\", \"end_time\": " + System.currentTimeMillis() + "}"));
			return run;
		}

		private static JsonNode ok(HttpResponse<String> response) {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			return JSON.readTree(response.body());
		}

	}

}
