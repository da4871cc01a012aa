package dev.slipway.registry;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.slipway.SlipwayApplication;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.web.HttpProbe;
import dev.slipway.web.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry under concurrent MLflow requests over real HTTP: 20 simultaneous
 * {@code model-versions/create} calls get versions 1..20 with no gap or duplicate, and
 * two simultaneous promotions to Production with {@code archive_existing_versions} leave
 * exactly one version there.
 */
@SpringBootTest(classes = SlipwayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class RegistryConcurrencyTest {

	private static final String MLFLOW = "/api/2.0/mlflow/";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void server(DynamicPropertyRegistry registry) {
		TestFolders.registerDataDir(registry, "registry-concurrency");
		TestAdmin.register(registry);
	}

	@LocalServerPort
	int port;

	HttpProbe admin;

	@BeforeEach
	void connect() {
		this.admin = TestAdmin.signedIn(new HttpProbe("http://localhost:" + this.port));
	}

	@Test
	void twentyConcurrentRegistrationsGetVersionsOneToTwenty() throws Exception {
		String name = "concurrent-" + System.nanoTime();
		ok(this.admin.postJson(MLFLOW + "registered-models/create", "{\"name\": \"" + name + "\"}"));
		String run = ok(this.admin.postJson(MLFLOW + "runs/create", "{\"experiment_id\": \"0\"}")).get("run")
			.get("info")
			.get("run_id")
			.asString();
		String body = "{\"name\": \"" + name + "\", \"source\": \"runs:/" + run + "/model\", \"run_id\": \"" + run
				+ "\"}";
		List<Callable<String>> calls = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			calls.add(() -> ok(this.admin.postJson(MLFLOW + "model-versions/create", body)).get("model_version")
				.get("version")
				.asString());
		}

		List<String> versions = together(calls);

		assertThat(versions)
			.containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 20).mapToObj(Integer::toString).toList());
		JsonNode found = ok(this.admin.getJson(MLFLOW + "model-versions/search?filter=name%3D%27" + name + "%27"));
		assertThat(found.get("model_versions")).hasSize(20);
	}

	@Test
	void twoConcurrentPromotionsToProductionLeaveExactlyOneThere() throws Exception {
		String name = "race-" + System.nanoTime();
		ok(this.admin.postJson(MLFLOW + "registered-models/create", "{\"name\": \"" + name + "\"}"));
		for (int i = 0; i < 2; i++) {
			ok(this.admin.postJson(MLFLOW + "model-versions/create",
					"{\"name\": \"" + name + "\", \"source\": \"s3://bucket/model-" + i + "\"}"));
		}
		for (int round = 0; round < 5; round++) {
			List<Callable<String>> promotions = new ArrayList<>();
			for (String version : List.of("1", "2")) {
				promotions.add(() -> ok(this.admin.postJson(MLFLOW + "model-versions/transition-stage",
						"{\"name\": \"" + name + "\", \"version\": \"" + version
								+ "\", \"stage\": \"Production\", \"archive_existing_versions\": true}"))
					.get("model_version")
					.get("current_stage")
					.asString());
			}
			assertThat(together(promotions)).containsOnly("Production");

			JsonNode latest = ok(this.admin
				.getJson(MLFLOW + "registered-models/get-latest-versions?name=" + name + "&stages=Production"));
			assertThat(latest.get("model_versions")).hasSize(1);
			JsonNode all = ok(this.admin.getJson(MLFLOW + "model-versions/search?filter=name%3D%27" + name + "%27"));
			long inProduction = 0;
			for (JsonNode version : all.get("model_versions")) {
				if (version.get("current_stage").asString().equals("Production")) {
					inProduction++;
				}
			}
			assertThat(inProduction).as("versions in Production after round %d", round).isEqualTo(1);
		}
	}

	/** Runs the calls at the same moment and returns their results. */
	private static <T> List<T> together(List<Callable<T>> calls) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(calls.size());
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<T>> futures = new ArrayList<>();
			for (Callable<T> call : calls) {
				futures.add(pool.submit(() -> {
					start.await();
					return call.call();
				}));
			}
			start.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get(60, TimeUnit.SECONDS));
			}
			return results;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static JsonNode ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

}
