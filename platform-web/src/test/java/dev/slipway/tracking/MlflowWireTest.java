package dev.slipway.tracking;

import java.net.http.HttpResponse;
import java.util.Map;

import dev.slipway.web.EmbeddedServer;
import dev.slipway.web.HttpProbe;
import dev.slipway.web.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MLflow's wire quirks over real HTTP on the embedded default: what the real clients send
 * must be understood, and what they parse must be answered.
 */
@EmbeddedServer
class MlflowWireTest {

	private static final String API = "/api/2.0/mlflow/";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	HttpProbe http;

	@BeforeEach
	void connect() {
		this.http = TestAdmin.signedIn(new HttpProbe("http://localhost:" + this.port));
	}

	@Test
	void defaultExperimentExistsWithIdZero() {
		JsonNode experiment = ok(this.http.getJson(API + "experiments/get?experiment_id=0")).get("experiment");
		assertThat(experiment.get("name").asString()).isEqualTo("Default");
		assertThat(experiment.get("artifact_location").asString()).isEqualTo("mlflow-artifacts:/0");
	}

	@Test
	void int64AsStringsNanAndInfinityAndRunUuidAreUnderstood() {
		String runId = createRun("{\"experiment_id\": \"0\", \"start_time\": \"1700000000000\"}");
		ok(this.http.postJson(API + "runs/log-batch",
				"{\"run_uuid\": \"" + runId + "\", \"metrics\": ["
						+ "{\"key\": \"a\", \"value\": \"NaN\", \"timestamp\": \"5\", \"step\": \"-3\"},"
						+ "{\"key\": \"b\", \"value\": \"Infinity\", \"timestamp\": 5, \"step\": 1},"
						+ "{\"key\": \"c\", \"value\": \"-Infinity\", \"timestamp\": -7, \"step\": 0},"
						+ "{\"key\": \"d\", \"value\": NaN, \"timestamp\": 1}]}"));
		JsonNode run = ok(this.http.getJson(API + "runs/get?run_uuid=" + runId)).get("run");
		assertThat(run.get("info").get("start_time").asLong()).isEqualTo(1700000000000L);
		Map<String, JsonNode> metrics = byKey(run.get("data").get("metrics"));
		assertThat(metrics.get("a").get("value").asString()).isEqualTo("NaN");
		assertThat(metrics.get("a").get("step").asLong()).isEqualTo(-3);
		assertThat(metrics.get("b").get("value").asString()).isEqualTo("Infinity");
		assertThat(metrics.get("c").get("value").asString()).isEqualTo("-Infinity");
		assertThat(metrics.get("c").get("timestamp").asLong()).isEqualTo(-7);
		assertThat(metrics.get("d").get("step").asLong()).as("absent step is 0").isZero();
	}

	@Test
	void latestMetricIsHighestStepThenTimestampThenValue() {
		String runId = createRun("{}");
		ok(this.http.postJson(API + "runs/log-batch",
				"{\"run_id\": \"" + runId + "\", \"metrics\": ["
						+ "{\"key\": \"m\", \"value\": 9, \"timestamp\": 100, \"step\": 1},"
						+ "{\"key\": \"m\", \"value\": 1, \"timestamp\": 50, \"step\": 2},"
						+ "{\"key\": \"m\", \"value\": 2, \"timestamp\": 50, \"step\": 2},"
						+ "{\"key\": \"m\", \"value\": 0, \"timestamp\": 10, \"step\": 2}]}"));
		ok(this.http.postJson(API + "runs/log-metric",
				"{\"run_id\": \"" + runId + "\", \"key\": \"m\", \"value\": 7, \"timestamp\": 40, \"step\": 2}"));
		JsonNode latest = byKey(
				ok(this.http.getJson(API + "runs/get?run_id=" + runId)).get("run").get("data").get("metrics"))
			.get("m");
		assertThat(latest.get("value").asDouble()).isEqualTo(2.0);
		assertThat(latest.get("timestamp").asLong()).isEqualTo(50);
	}

	@Test
	void aResentBatchStoresEachPointOnce() {
		String runId = createRun("{}");
		String batch = "{\"run_id\": \"" + runId + "\", \"metrics\": [{\"key\": \"loss\", \"value\": 0.5, "
				+ "\"timestamp\": 1, \"step\": 1}, {\"key\": \"loss\", \"value\": 0.4, \"timestamp\": 2, \"step\": 2}],"
				+ " \"params\": [{\"key\": \"lr\", \"value\": \"0.1\"}], \"tags\": [{\"key\": \"t\", \"value\": \"v\"}]}";
		ok(this.http.postJson(API + "runs/log-batch", batch));
		ok(this.http.postJson(API + "runs/log-batch", batch));
		JsonNode history = ok(this.http.getJson(API + "metrics/get-history?run_id=" + runId + "&metric_key=loss"));
		assertThat(history.get("metrics")).hasSize(2);
	}

	@Test
	void getFieldsComeFromQueryParametersWithRepeatedKeys() {
		String experiment = ok(this.http.postJson(API + "experiments/create",
				"{\"name\": \"wire-repeated-" + System.nanoTime() + "\"}"))
			.get("experiment_id")
			.asString();
		String runId = createRun("{\"experiment_id\": \"" + experiment + "\"}");
		JsonNode found = ok(this.http
			.getJson(API + "runs/search?experiment_ids=0&experiment_ids=" + experiment + "&max_results=10"));
		assertThat(found.get("runs").findValuesAsString("run_id")).contains(runId);
	}

	@Test
	void deleteCarriesAJsonBody() {
		String runId = createRun("{}");
		ok(this.http.postJson(API + "runs/set-tag",
				"{\"run_id\": \"" + runId + "\", \"key\": \"k\", \"value\": \"v\"}"));
		ok(this.http.sendJson("POST", API + "runs/delete-tag", "{\"run_id\": \"" + runId + "\", \"key\": \"k\"}"));
		String model = ok(this.http.postJson(API + "logged-models",
				"{\"experiment_id\": \"0\", \"name\": \"m\", \"tags\": [{\"key\": \"x\", \"value\": \"1\"}]}"))
			.get("model")
			.get("info")
			.get("model_id")
			.asString();
		ok(this.http.sendJson("DELETE", API + "logged-models/" + model + "/tags/x", "{}"));
		ok(this.http.sendJson("DELETE", API + "logged-models/" + model, "{\"model_id\": \"" + model + "\"}"));
		HttpResponse<String> gone = this.http.getJson(API + "logged-models/" + model);
		assertThat(gone.statusCode()).isEqualTo(404);
	}

	@Test
	void unknownFieldsAreIgnored() {
		String runId = createRun("{\"experiment_id\": \"0\", \"some_future_field\": {\"nested\": [1, 2]}}");
		assertThat(runId).hasSize(32);
	}

	@Test
	void errorsUseMlflowCodesAndNeverFiveHundredForBadInput() {
		assertError(this.http.getJson(API + "runs/get?run_id=0123456789abcdef0123456789abcdef"), 404,
				"RESOURCE_DOES_NOT_EXIST");
		assertError(this.http.getJson(API + "experiments/get-by-name?experiment_name=nope-" + System.nanoTime()), 404,
				"RESOURCE_DOES_NOT_EXIST");
		assertError(this.http.postJson(API + "runs/create", "{not json"), 400, "BAD_REQUEST");
		assertError(
				this.http.postJson(API + "runs/log-metric",
						"{\"run_id\": \"x\", \"key\": \"k\", \"value\": " + "\"abc\", \"timestamp\": 1}"),
				400, "INVALID_PARAMETER_VALUE");
		assertError(this.http.postJson(API + "experiments/create", "{\"name\": \"Default\"}"), 400,
				"RESOURCE_ALREADY_EXISTS");
		assertError(this.http.getJson(API + "no/such/endpoint"), 404, "ENDPOINT_NOT_FOUND");
		assertError(this.http.postJson(API + "runs/get", "{}"), 404, "ENDPOINT_NOT_FOUND");
	}

	@Test
	void validationNamesTheFieldAndWritesNothing() {
		String runId = createRun("{}");
		String longValue = "x".repeat(6001);
		HttpResponse<String> refused = this.http.postJson(API + "runs/log-batch", "{\"run_id\": \"" + runId
				+ "\", \"metrics\": [{\"key\": \"ok\", \"value\": 1, \"timestamp\": 1}], \"params\": [{\"key\": \"p\", \"value\": \""
				+ longValue + "\"}]}");
		assertError(refused, 400, "INVALID_PARAMETER_VALUE");
		assertThat(refused.body()).contains("params.value");
		JsonNode data = ok(this.http.getJson(API + "runs/get?run_id=" + runId)).get("run").get("data");
		assertThat(data.get("metrics")).as("nothing half-written").isEmpty();
		assertError(
				this.http.postJson(API + "runs/log-metric",
						"{\"run_id\": \"" + runId + "\", \"key\": \"../escape\", \"value\": 1, \"timestamp\": 1}"),
				400, "INVALID_PARAMETER_VALUE");
		assertError(this.http.getJson(API + "runs/get?run_id=../../etc"), 400, "INVALID_PARAMETER_VALUE");
	}

	@Test
	void bodiesOverOneMegabyteAreRefused() {
		String runId = createRun("{}");
		String huge = "{\"run_id\": \"" + runId + "\", \"key\": \"t\", \"value\": \"" + "y".repeat(1_100_000) + "\"}";
		assertError(this.http.postJson(API + "runs/set-tag", huge), 400, "INVALID_PARAMETER_VALUE");
	}

	@Test
	void artifactsStreamThroughTheProxy() {
		String runId = createRun("{}");
		String base = "/api/2.0/mlflow-artifacts/artifacts/0/" + runId + "/artifacts";
		byte[] content = "a,b\n1,2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
		assertThat(this.http.put(base + "/data/table.csv", content, "application/x-www-form-urlencoded").statusCode())
			.isEqualTo(200);
		HttpResponse<String> download = this.http.get(base + "/data/table.csv", "*/*");
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.body()).isEqualTo("a,b\n1,2\n");
		JsonNode listing = ok(this.http.getJson("/api/2.0/mlflow-artifacts/artifacts?path=0/" + runId + "/artifacts"));
		assertThat(listing.get("files").get(0).get("path").asString()).isEqualTo("data");
		assertThat(listing.get("files").get(0).get("is_dir").asBoolean()).isTrue();
		JsonNode runListing = ok(this.http.getJson(API + "artifacts/list?run_id=" + runId + "&path=data"));
		assertThat(runListing.get("files").get(0).get("path").asString()).isEqualTo("data/table.csv");
		assertThat(runListing.get("files").get(0).get("file_size").asLong()).isEqualTo(content.length);
		// Spring Security's firewall refuses the traversal before any controller sees it.
		assertError(this.http.put("/api/2.0/mlflow-artifacts/artifacts/0/../../x", content, "text/plain"), 400,
				"BAD_REQUEST");
		assertError(this.http.put("/api/2.0/mlflow-artifacts/artifacts/0/%2E%2E/x", content, "text/plain"), 400,
				"BAD_REQUEST");
		HttpResponse<String> multipart = this.http.postJson(
				"/api/2.0/mlflow-artifacts/mpu/create/0/" + runId + "/artifacts/big.bin",
				"{\"path\": \"big.bin\", \"num_parts\": 2}");
		assertError(multipart, 501, "NOT_IMPLEMENTED");
		assertThat(multipart.body()).contains("Multipart upload is not supported");
	}

	@Test
	void legacyLogModelAndBulkAndSampledHistories() {
		String runId = createRun("{}");
		ok(this.http.postJson(API + "runs/log-model",
				"{\"run_id\": \"" + runId + "\", \"model_json\": \"{\\\"artifact_path\\\": \\\"model\\\"}\"}"));
		ok(this.http.postJson(API + "runs/log-model",
				"{\"run_id\": \"" + runId + "\", \"model_json\": \"{\\\"artifact_path\\\": \\\"m2\\\"}\"}"));
		Map<String, JsonNode> tags = byKey(
				ok(this.http.getJson(API + "runs/get?run_id=" + runId)).get("run").get("data").get("tags"));
		assertThat(JSON.readTree(tags.get("mlflow.log-model.history").get("value").asString())).hasSize(2);
		StringBuilder batch = new StringBuilder("{\"run_id\": \"" + runId + "\", \"metrics\": [");
		for (int step = 0; step < 1000; step++) {
			batch.append((step == 0) ? "" : ",")
				.append("{\"key\": \"acc\", \"value\": ")
				.append(step % 7)
				.append(", \"timestamp\": ")
				.append(step)
				.append(", \"step\": ")
				.append(step)
				.append('}');
		}
		ok(this.http.postJson(API + "runs/log-batch", batch.append("]}").toString()));
		JsonNode bulk = ok(
				this.http.getJson(API + "metrics/get-history-bulk?run_id=" + runId + "&metric_key=acc&max_results=10"));
		assertThat(bulk.get("metrics")).hasSize(10);
		assertThat(bulk.get("metrics").get(0).get("run_id").asString()).isEqualTo(runId);
		JsonNode sampled = ok(this.http.getJson("/ajax-api/2.0/mlflow/metrics/get-history-bulk-interval?run_ids="
				+ runId + "&metric_key=acc&max_results=100"));
		assertThat(sampled.get("metrics").size()).as("never fewer points than asked").isBetween(100, 301);
		assertThat(sampled.get("metrics").findValues("step").stream().map(JsonNode::asLong).toList()).contains(0L, 990L,
				999L);
		assertThat(sampled.get("metrics").findValuesAsString("run_id")).containsOnly(runId);
	}

	@Test
	void wrongJsonTypesAreRefusedInMlflowsWordsAndNothingIsWritten() {
		String name = "typed-" + System.nanoTime();
		assertRefused(this.http.postJson(API + "experiments/create", "{\"name\": 123}"),
				"Invalid value 123 for parameter 'name' supplied");
		assertRefused(this.http.postJson(API + "experiments/create", "{}"),
				"Missing value for required parameter 'name'");
		assertRefused(
				this.http.postJson(API + "experiments/create",
						"{\"name\": \"" + name + "\", \"artifact_location\": 9.0}"),
				"Invalid value 9.0 for parameter 'artifact_location'");
		assertRefused(this.http.postJson(API + "experiments/create", "{\"name\": \"" + name + "\", \"tags\": \"5\"}"),
				"Invalid value \\\"5\\\" for parameter 'tags'");
		assertRefused(
				this.http.postJson(API + "experiments/create",
						"{\"name\": \"" + name + "\", \"artifact_location\": \"s3://b/x/..%2f..%2fother\"}"),
				"artifact_location: it contains a '..' path segment");
		assertError(this.http.getJson(API + "experiments/get-by-name?experiment_name=" + name), 404,
				"RESOURCE_DOES_NOT_EXIST");
		String runId = createRun("{}");
		assertRefused(
				this.http.postJson(API + "runs/log-metric",
						"{\"run_id\": 31, \"key\": \"m\", \"value\": 41, \"timestamp\": 59, \"step\": 26}"),
				"Invalid value 31 for parameter 'run_id' supplied");
		assertRefused(
				this.http.postJson(API + "runs/log-metric",
						"{\"run_id\": \"" + runId + "\", \"key\": 31, \"value\": 41, \"timestamp\": 59}"),
				"Invalid value 31 for parameter 'key' supplied");
		assertRefused(
				this.http.postJson(API + "runs/log-metric",
						"{\"run_id\": \"" + runId
								+ "\", \"key\": \"m\", \"value\": 1, \"timestamp\": 59, \"step\": \"foo\"}"),
				"for parameter 'step' supplied");
		assertRefused(
				this.http.postJson(API + "runs/log-parameter",
						"{\"run_id\": \"" + runId + "\", \"key\": 31, \"value\": \"v\"}"),
				"Invalid value 31 for parameter 'key' supplied");
		assertRefused(
				this.http.postJson(API + "runs/log-metric",
						"{\"run_id\": null, \"key\": \"m\", \"value\": 1, \"timestamp\": 59}"),
				"Missing value for required parameter 'run_id'");
		JsonNode data = ok(this.http.getJson(API + "runs/get?run_id=" + runId)).get("run").get("data");
		assertThat(data.get("metrics")).isEmpty();
		assertThat(data.get("params")).isEmpty();
		// A body sent JSON-encoded twice, as older clients do, is read all the same.
		String twice = JSON.writeValueAsString("{\"run_id\": \"" + runId + "\", \"key\": \"p\", \"value\": \"1\"}");
		ok(this.http.postJson(API + "runs/log-parameter", twice));
	}

	@Test
	void loggedModelsTakeGeneratedNamesExternalRunsAndServeTheirFiles() {
		String elsewhere = "feedfacefeedfacefeedfacefeedface";
		JsonNode first = ok(this.http.postJson(API + "logged-models",
				"{\"experiment_id\": \"0\", \"source_run_id\": \"" + elsewhere + "\"}"))
			.get("model");
		JsonNode second = ok(this.http.postJson(API + "logged-models", "{\"experiment_id\": \"0\"}")).get("model");
		assertThat(first.get("info").get("source_run_id").asString()).isEqualTo(elsewhere);
		assertThat(first.get("info").get("name").asString()).isNotEqualTo("model")
			.isNotEqualTo(second.get("info").get("name").asString());
		String modelId = first.get("info").get("model_id").asString();
		String root = first.get("info").get("artifact_uri").asString().replaceFirst("^mlflow-artifacts:/", "");
		byte[] content = "flavors: {}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
		assertThat(this.http.put("/api/2.0/mlflow-artifacts/artifacts/" + root + "/MLmodel", content, "text/plain")
			.statusCode()).isEqualTo(200);
		HttpResponse<String> file = this.http.get(
				"/ajax-api/2.0/mlflow/logged-models/" + modelId + "/artifacts/files?artifact_file_path=MLmodel", "*/*");
		assertThat(file.statusCode()).isEqualTo(200);
		assertThat(file.body()).isEqualTo("flavors: {}\n");
		assertError(this.http.get(API + "logged-models/" + modelId + "/artifacts/files?artifact_file_path=../x", "*/*"),
				400, "INVALID_PARAMETER_VALUE");
		assertError(this.http.get(API + "logged-models/" + modelId + "/artifacts/files?artifact_file_path=nope", "*/*"),
				404, "RESOURCE_DOES_NOT_EXIST");
		JsonNode found = ok(this.http.postJson(API + "logged-models/search",
				"{\"experiment_ids\": [\"0\"], \"filter\": \"source_run_id = '" + elsewhere + "'\"}"));
		assertThat(found.get("models")).hasSize(1);
	}

	@Test
	void sampledHistoriesPickWhatMlflowPicks() {
		String runId = createRun("{}");
		StringBuilder batch = new StringBuilder("{\"run_id\": \"" + runId + "\", \"metrics\": [");
		for (int step = 0; step < 10; step++) {
			batch.append((step == 0) ? "" : ",")
				.append("{\"key\": \"metricA\", \"value\": 10.0, \"timestamp\": 1, \"step\": ")
				.append(step)
				.append('}');
		}
		ok(this.http.postJson(API + "runs/log-batch", batch.append("]}").toString()));
		JsonNode sampled = ok(this.http
			.getJson(API + "metrics/get-history-bulk-interval?run_ids=" + runId + "&metric_key=metricA&max_results=5"));
		assertThat(sampled.get("metrics").findValues("step").stream().map(JsonNode::asLong).toList())
			.containsExactly(0L, 2L, 4L, 6L, 8L, 9L);
	}

	@Test
	void probesAnswerAsMlflowsServerDoes() {
		assertThat(this.http.get("/health", "*/*").body()).isEqualTo("OK");
		assertThat(this.http.get("/version", "*/*").statusCode()).isEqualTo(200);
		JsonNode info = ok(this.http.getJson("/api/3.0/mlflow/server-info"));
		assertThat(info.get("store_type").asString()).isEqualTo("SqlStore");
		assertThat(info.get("multipart_uploads_enabled").asBoolean()).isFalse();
	}

	private String createRun(String body) {
		return ok(this.http.postJson(API + "runs/create", body)).get("run").get("info").get("run_id").asString();
	}

	private static JsonNode ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private static void assertError(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(JSON.readTree(response.body()).get("error_code").asString()).isEqualTo(code);
	}

	private static void assertRefused(HttpResponse<String> response, String message) {
		assertError(response, 400, "INVALID_PARAMETER_VALUE");
		assertThat(response.body()).contains(message);
	}

	private static Map<String, JsonNode> byKey(JsonNode items) {
		Map<String, JsonNode> map = new java.util.LinkedHashMap<>();
		for (JsonNode item : items) {
			map.put(item.get("key").asString(), item);
		}
		return map;
	}

}
