package dev.slipway.serving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.slipway.web.HttpProbe;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Models registered and deployed through the REST API as a client would: the tiny
 * scikit-learn models converted with skl2onnx that platform-core's serving tests keep
 * ({@code platform-core/src/test/resources/serving}), uploaded as a run's artifacts and
 * registered from {@code runs:/}.
 */
final class ServingDemo {

	/** The folder of the test models. */
	static final Path MODELS = Path.of("..", "platform-core", "src", "test", "resources", "serving");

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** Four iris rows as MLflow's split orientation. */
	static final String IRIS_SPLIT = """
			{"dataframe_split": {"columns": ["sepal_length", "sepal_width", "petal_length", "petal_width"],
			 "data": [[5.1, 3.5, 1.4, 0.2], [7.0, 3.2, 4.7, 1.4], [6.3, 3.3, 6.0, 2.5], [5.0, 3.0, 1.6, 0.2]]}}""";

	private ServingDemo() {
	}

	/** A registered model with a unique name. */
	static String model(HttpProbe api, String prefix) {
		String name = prefix + "-" + (System.nanoTime() % 1_000_000_000L);
		ok(api.postJson("/api/2.0/mlflow/registered-models/create", "{\"name\": \"" + name + "\"}"));
		return name;
	}

	/**
	 * Uploads the test model folder {@code folder} (such as {@code lr_plain}) as a run's
	 * {@code model/} artifacts and registers it as the next version of {@code model}.
	 * @return the version number
	 */
	static int register(HttpProbe api, String model, String folder) {
		JsonNode run = json(api.postJson("/api/2.0/mlflow/runs/create", "{\"experiment_id\": \"0\"}")).get("run")
			.get("info");
		String runId = run.get("run_id").asString();
		String root = run.get("artifact_uri").asString().replaceFirst("^mlflow-artifacts:/+", "");
		Path source = MODELS.resolve(folder);
		try (Stream<Path> files = Files.list(source)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				if (file.getFileName().toString().equals("expected.json")) {
					continue;
				}
				ok(api.put("/api/2.0/mlflow-artifacts/artifacts/" + root + "/model/" + file.getFileName(),
						Files.readAllBytes(file), "application/octet-stream"));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		JsonNode version = json(api.postJson("/api/2.0/mlflow/model-versions/create", "{\"name\": \"" + model
				+ "\", \"source\": \"runs:/" + runId + "/model\", \"run_id\": \"" + runId + "\"}"))
			.get("model_version");
		return Integer.parseInt(version.get("version").asString());
	}

	/** Creates a deployment of a version and waits until it answers. */
	static JsonNode deploy(HttpProbe api, String name, String model, int version, String extra) {
		JsonNode deployment = json(api.postJson("/api/v1/deployments", "{\"name\": \"" + name + "\", \"model\": \""
				+ model + "\", \"version\": \"" + version + "\"" + ((extra != null) ? ", " + extra : "") + "}"));
		awaitReady(api, name);
		return deployment;
	}

	static void awaitReady(HttpProbe api, String name) {
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(60))
			.pollInterval(java.time.Duration.ofMillis(100))
			.until(() -> api.get("/serve/" + name + "/ping", "*/*").statusCode() == 200);
	}

	static JsonNode json(HttpResponse<String> response) {
		ok(response);
		return JSON.readTree(response.body());
	}

	static HttpResponse<String> ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
		return response;
	}

	/** The predicted labels of an /invocations answer. */
	static List<Long> labels(HttpResponse<String> response) {
		JsonNode predictions = json(response).get("predictions");
		JsonNode labels = predictions.isObject() ? predictions.get(predictions.propertyNames().iterator().next())
				: predictions;
		return labels.valueStream().map(JsonNode::asLong).toList();
	}

}
