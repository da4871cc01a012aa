package dev.slipway.system;

import java.util.List;

import dev.slipway.web.EmbeddedServer;
import dev.slipway.web.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mlflow.api.proto.ModelRegistry.ModelVersion;
import org.mlflow.api.proto.ModelRegistry.RegisteredModel;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.tracking.MlflowClient;
import org.mlflow.tracking.MlflowHttpException;
import org.mlflow.tracking.ModelVersionsPage;
import org.mlflow.tracking.creds.BasicMlflowHostCreds;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * MLflow's own Java client ({@code org.mlflow:mlflow-client}) against the server: the
 * tracking calls it makes, and the registry calls section 8 of the MLflow spec lists (raw
 * create calls, get-latest-versions for "None", transition to Staging, download URI).
 */
@EmbeddedServer
class MlflowJavaClientTest {

	@LocalServerPort
	int port;

	MlflowClient client;

	@BeforeEach
	void connect() {
		this.client = new MlflowClient(
				new BasicMlflowHostCreds("http://localhost:" + this.port, TestAdmin.USERNAME, TestAdmin.PASSWORD));
	}

	@Test
	void trackingCallsWorkUnchanged() {
		String experimentId = this.client.createExperiment("java-client-" + System.nanoTime());
		RunInfo info = this.client.createRun(experimentId);
		this.client.logParam(info.getRunId(), "alpha", "0.5");
		this.client.logMetric(info.getRunId(), "rmse", Double.NaN);
		this.client.logMetric(info.getRunId(), "loss", 0.25);
		this.client.setTag(info.getRunId(), "team", "risk");
		this.client.setTerminated(info.getRunId());
		Run run = this.client.getRun(info.getRunId());
		assertThat(run.getInfo().getStatus().name()).isEqualTo("FINISHED");
		assertThat(run.getData().getParamsList()).anyMatch((p) -> p.getKey().equals("alpha"));
		assertThat(run.getData().getMetricsList())
			.anyMatch((m) -> m.getKey().equals("rmse") && Double.isNaN(m.getValue()));
		assertThat(this.client.searchRuns(List.of(experimentId), "metrics.loss < 0.5")).hasSize(1);
		assertThat(this.client.getExperimentByName("no-such-experiment-" + System.nanoTime())).isEmpty();
	}

	@Test
	void registryCallsWorkUnchanged() {
		String name = "java-model-" + System.nanoTime();
		RunInfo run = this.client.createRun("0");
		this.client.sendPost("registered-models/create", "{\"name\": \"" + name + "\"}");
		this.client.sendPost("model-versions/create", "{\"name\": \"" + name + "\", \"source\": \"runs:/"
				+ run.getRunId() + "/model\", \"run_id\": \"" + run.getRunId() + "\"}");

		List<ModelVersion> latest = this.client.getLatestVersions(name, List.of("None"));
		assertThat(latest).hasSize(1);
		assertThat(latest.get(0).getVersion()).isEqualTo("1");
		assertThat(latest.get(0).getCurrentStage()).isEqualTo("None");
		assertThat(latest.get(0).getRunId()).isEqualTo(run.getRunId());

		this.client.sendPatch("model-versions/update",
				"{\"name\": \"" + name + "\", \"version\": \"1\", \"description\": \"from java\"}");
		this.client.sendPost("model-versions/transition-stage", "{\"name\": \"" + name
				+ "\", \"version\": \"1\", \"stage\": \"staging\", \"archive_existing_versions\": false}");
		ModelVersion staged = this.client.getModelVersion(name, "1");
		assertThat(staged.getCurrentStage()).isEqualTo("Staging");
		assertThat(staged.getDescription()).isEqualTo("from java");
		assertThat(this.client.getLatestVersions(name)).extracting(ModelVersion::getCurrentStage)
			.containsExactly("Staging");

		assertThat(this.client.getModelVersionDownloadUri(name, "1")).isEqualTo("runs:/" + run.getRunId() + "/model");
		RegisteredModel model = this.client.getRegisteredModel(name);
		assertThat(model.getName()).isEqualTo(name);
		assertThat(model.getLatestVersionsList()).hasSize(1);

		ModelVersionsPage page = this.client.searchModelVersions("name = '" + name + "'");
		assertThat(page.getItems()).extracting(ModelVersion::getVersion).containsExactly("1");

		MlflowHttpException unknown = catchThrowableOfType(MlflowHttpException.class,
				() -> this.client.getModelVersion(name, "9"));
		assertThat(unknown.getStatusCode()).isEqualTo(404);
		assertThat(unknown.getBodyMessage()).contains("RESOURCE_DOES_NOT_EXIST");
	}

}
