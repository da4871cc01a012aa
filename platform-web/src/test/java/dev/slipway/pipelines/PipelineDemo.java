package dev.slipway.pipelines;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.slipway.web.HttpProbe;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.context.DynamicPropertyRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pipelines for the page tests, uploaded through the REST API as a client would: a
 * five-step demo (prepare, then profile and a two-second train, then evaluate by
 * condition, then a report of the score) whose training passes only while the file its
 * {@code gate} parameter names exists, and a step that sleeps for five minutes, to
 * cancel.
 */
final class PipelineDemo {

	static final String API = "/api/v1";

	static final Duration WAIT = Duration.ofSeconds(90);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final AtomicInteger COUNTER = new AtomicInteger();

	private PipelineDemo() {
	}

	/** Quick pipeline settings: the engine and the queue poll often, stops are short. */
	static void settings(DynamicPropertyRegistry registry) {
		registry.add("db-scheduler.polling-interval", () -> "200ms");
		registry.add("db-scheduler.shutdown-max-wait", () -> "2s");
		registry.add("slipway.pipelines.poll-interval", () -> "200ms");
		registry.add("slipway.pipelines.stop-grace-period", () -> "1s");
	}

	static String unique(String prefix) {
		return prefix + "-" + (System.nanoTime() % 1_000_000) + "-" + COUNTER.incrementAndGet();
	}

	/** The demo's definition; {@code description} as given (YAML-quoted here). */
	static String demo(String name, String description) {
		return """
				# The page tests' demo.
				name: %s
				description: "%s"
				params:
				  rows: {type: int, default: 3, description: rows to prepare}
				  lr: {type: float, default: 0.05}
				  gate: {type: string, description: a file that must exist for training to pass}
				  verbose: {type: bool, default: true}
				steps:
				  - name: prepare
				    command: [sh, -c, "seq 1 {{params.rows}} > {{outputs.data}}; if {{params.verbose}}; then echo prepared {{params.rows}} rows; fi"]
				    outputs: {data: {type: dataset}}
				  - name: profile
				    dependsOn: [prepare]
				    command: [sh, -c, "echo profiling with lr {{params.lr}}; wc -l < {{inputs.data}}"]
				    inputs: {data: "{{steps.prepare.outputs.data}}"}
				  - name: train
				    dependsOn: [prepare]
				    command: [sh, -c, "for i in 1 2 3 4; do echo epoch $i loss 0.$((9 - i)); sleep 0.5; done; test -e '{{params.gate}}' || { echo gate closed >&2; exit 1; }; echo 0.91 > {{outputs.score}}"]
				    inputs: {data: "{{steps.prepare.outputs.data}}"}
				    outputs: {score: {type: value}}
				    retry: {maxAttempts: 2, backoff: 1s}
				    timeout: 10m
				  - name: evaluate
				    dependsOn: [train]
				    when: "{{steps.train.outputs.score}} > 0.5"
				    command: [sh, -c, "echo score $SCORE"]
				    env: {SCORE: "{{steps.train.outputs.score}}"}
				  - name: report
				    dependsOn: [evaluate, profile]
				    command: [sh, -c, "echo report for score {{inputs.score}}"]
				    inputs: {score: "{{steps.train.outputs.score}}"}
				"""
			.formatted(name, description);
	}

	/** One step that sleeps for five minutes, printing a line first. */
	static String slow(String name) {
		return """
				name: %s
				description: Waits, to be cancelled
				steps:
				  - name: wait
				    command: [sh, -c, "echo waiting; sleep 300"]
				""".formatted(name);
	}

	/** Uploads a definition as the probe's user; the answer's JSON. */
	static JsonNode upload(HttpProbe api, String yaml) {
		HttpResponse<String> response = api.post(API + "/pipelines", yaml.getBytes(StandardCharsets.UTF_8),
				"application/yaml");
		assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
		return JSON.readTree(response.body());
	}

	/** Starts a run through the API; its id. */
	static long start(HttpProbe api, String name, String parametersJson) {
		HttpResponse<String> response = api.postJson(API + "/pipelines/" + name + "/runs",
				"{\"parameters\": " + parametersJson + "}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return JSON.readTree(response.body()).get("id").asLong();
	}

	/** A run as the API shows it. */
	static JsonNode run(HttpProbe api, long id) {
		HttpResponse<String> response = api.getJson(API + "/pipeline-runs/" + id);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	/** Waits until the run is in one of {@code states}; the run then. */
	static JsonNode awaitState(HttpProbe api, long id, String... states) {
		await().atMost(WAIT)
			.pollInterval(Duration.ofMillis(200))
			.until(() -> List.of(states).contains(run(api, id).get("state").asString()));
		return run(api, id);
	}

	/** A step of a run, from the API's JSON. */
	static JsonNode step(JsonNode run, String name) {
		for (JsonNode step : run.get("steps")) {
			if (step.get("name").asString().equals(name)) {
				return step;
			}
		}
		throw new AssertionError("no step " + name + " in " + run);
	}

}
