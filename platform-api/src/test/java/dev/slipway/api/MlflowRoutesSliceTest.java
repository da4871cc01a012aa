package dev.slipway.api;

import java.util.List;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.query.KeyValue;
import dev.slipway.security.api.ApiSlice;
import dev.slipway.tracking.MetricInput;
import dev.slipway.tracking.RunService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;

/**
 * MLflow's routes at the edge: a failure answers MLflow's {@code {error_code, message}}
 * with MLflow's status, a body MLflow refuses is refused in MLflow's words before any
 * service is called, and a valid body reaches the service as typed values.
 */
class MlflowRoutesSliceTest extends ApiSlice {

	@Autowired
	RunService runs;

	private MvcTestResult post(String path, String body) {
		return this.mvc.post()
			.uri(path)
			.header("Authorization", "Bearer " + TOKEN)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();
	}

	private MvcTestResult get(String path) {
		return this.mvc.get().uri(path).header("Authorization", "Bearer " + TOKEN).exchange();
	}

	@ParameterizedTest
	@CsvSource({ "NOT_FOUND, 404, RESOURCE_DOES_NOT_EXIST", "PERMISSION_DENIED, 403, PERMISSION_DENIED",
			"INVALID_ARGUMENT, 400, INVALID_PARAMETER_VALUE", "ALREADY_EXISTS, 400, RESOURCE_ALREADY_EXISTS",
			"INVALID_STATE, 400, INVALID_PARAMETER_VALUE", "SERVICE_UNAVAILABLE, 503, TEMPORARILY_UNAVAILABLE" })
	void serviceFailuresAnswerInMlflowsShape(ErrorCode code, int status, String mlflowCode) {
		failWith(new SlipwayException(code, "injected"));
		for (MvcTestResult result : List.of(get("/api/2.0/mlflow/runs/get?run_id=r1"),
				get("/ajax-api/2.0/mlflow/registered-models/get?name=fraud"),
				get("/api/2.0/mlflow/model-versions/get?name=fraud&version=1"),
				post("/api/2.0/mlflow/experiments/create", "{\"name\": \"e\"}"),
				post("/api/2.0/mlflow/logged-models/search", "{}"), get("/api/2.0/mlflow/users/get?username=bob"),
				get("/api/2.0/mlflow/experiments/permissions/get?experiment_id=1&username=bob"),
				get("/api/2.0/mlflow-artifacts/artifacts/0/r1/artifacts/model.pkl"))) {
			assertThat(result).hasStatus(status);
			assertThat(result).bodyJson().extractingPath("$.error_code").isEqualTo(mlflowCode);
			assertThat(result).bodyJson().extractingPath("$.message").isEqualTo("injected");
		}
	}

	@Test
	void wrongTypesAreRefusedInMlflowsWordsBeforeAnyServiceIsCalled() {
		Mockito.clearInvocations(this.runs);
		MvcTestResult name = post("/api/2.0/mlflow/experiments/create", "{\"name\": 123}");
		assertThat(name).hasStatus(400).bodyJson().extractingPath("$.error_code").isEqualTo("INVALID_PARAMETER_VALUE");
		assertThat(name).bodyJson()
			.extractingPath("$.message")
			.asString()
			.startsWith("Invalid value 123 for parameter 'name' supplied: Hint: Value was of type 'int'.");
		assertThat(post("/api/2.0/mlflow/runs/log-metric", "{\"key\": \"m\", \"value\": 1, \"timestamp\": 2}"))
			.bodyJson()
			.extractingPath("$.message")
			.asString()
			.startsWith("Missing value for required parameter 'run_id'.");
		assertThat(post("/api/2.0/mlflow/runs/create", "{not json")).hasStatus(400)
			.bodyJson()
			.extractingPath("$.error_code")
			.isEqualTo("BAD_REQUEST");
		Mockito.verifyNoInteractions(this.runs);
	}

	@Test
	void aValidBatchReachesTheServiceTyped() {
		Mockito.clearInvocations(this.runs);
		MvcTestResult result = post("/api/2.0/mlflow/runs/log-batch",
				"{\"run_uuid\": \"r1\", \"metrics\": [{\"key\": \"loss\", \"value\": \"NaN\", \"timestamp\": \"5\"}],"
						+ " \"params\": [{\"key\": \"lr\", \"value\": \"0.1\"}], \"tags\": [{\"key\": \"t\"}]}");
		assertThat(result).hasStatusOk().bodyJson().isEqualTo("{}");
		@SuppressWarnings("unchecked")
		ArgumentCaptor<List<MetricInput>> metrics = ArgumentCaptor.forClass(List.class);
		Mockito.verify(this.runs)
			.logBatch(eq("r1"), metrics.capture(), eq(List.of(new KeyValue("lr", "0.1"))),
					eq(List.of(new KeyValue("t", ""))));
		assertThat(metrics.getValue()).singleElement().satisfies((input) -> {
			assertThat(input.metric().value()).isNaN();
			assertThat(input.metric().timestamp()).isEqualTo(5);
			assertThat(input.metric().step()).isZero();
		});
		Mockito.verify(this.runs, Mockito.never()).logMetric(any(), any());
	}

}
