package dev.slipway.serving.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import dev.slipway.error.DependencyOutages;
import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.error.api.FailureAnswers;
import dev.slipway.security.AccountKind;
import dev.slipway.security.Authenticator;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.Role;
import dev.slipway.security.SlipwayPrincipal;
import dev.slipway.serving.Predictions;
import dev.slipway.serving.ServedPrediction;
import dev.slipway.serving.ServingService;
import dev.slipway.serving.ServingSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The fast lane answers the calls it can answer as the regular route would, as the
 * token's principal, and hands every other request on down the chain untouched.
 * ({@code ServingApiTest} compares its answers with the regular route's over HTTP.)
 */
class PredictionLaneTest {

	private static final String TOKEN = "slw_valid";

	private static final SlipwayPrincipal EDITOR = new SlipwayPrincipal(7, "editor", Role.EDITOR, AccountKind.HUMAN,
			false, 0, "token");

	private final Authenticator authenticator = mock(Authenticator.class);

	private final ServingService serving = mock(ServingService.class);

	private final FilterChain chain = mock(FilterChain.class);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final PredictionLane lane = new PredictionLane(this.authenticator, new PredictionCalls(this.serving,
			new ServingSettings(DataSize.ofMegabytes(16), DataSize.ofGigabytes(2), Duration.ofSeconds(60), "python3",
					Duration.ofSeconds(180), 5, Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(5),
					Duration.ofSeconds(2), 20_000, 1000, Duration.ofSeconds(2), 500, Duration.ofMinutes(5))),
			new FailureAnswers(new StaticListableBeanFactory().getBeanProvider(DependencyOutages.class)), this.meters);

	@Test
	void takesOnlyTheTwoPredictionRoutesWithAWellFormedName() {
		assertThat(PredictionLane.Call.of("/serve/iris-2/invocations"))
			.isEqualTo(new PredictionLane.Call(PredictionLane.INVOCATIONS_ROUTE, "iris-2", false));
		assertThat(PredictionLane.Call.of("/v2/models/iris/infer"))
			.isEqualTo(new PredictionLane.Call(PredictionLane.INFER_ROUTE, "iris", true));
		assertThat(PredictionLane.Call.of("/v2/models/iris/versions/12/infer"))
			.isEqualTo(new PredictionLane.Call(PredictionLane.INFER_VERSION_ROUTE, "iris", true));
		for (String path : List.of("/serve/iris/ping", "/serve/Iris/invocations", "/serve/a%2Fb/invocations",
				"/serve//invocations", "/serve/a/b/invocations", "/serve/../invocations", "/serve/iris/invocations/",
				"/serve/iris;x=1/invocations", "/v2/models/iris/versions/1a/infer", "/v2/models/iris/versions//infer",
				"/v2/models/iris/ready", "/v2/models//infer", "/api/2.0/mlflow/runs/search",
				"/serve/" + "a".repeat(64) + "/invocations")) {
			assertThat(PredictionLane.Call.of(path)).as(path).isNull();
		}
	}

	@Test
	void answersAValidTokensPredictionAsItsPrincipalWithTheApiHeaders() throws Exception {
		given(this.authenticator.validToken(TOKEN)).willReturn(Optional.of(EDITOR));
		AtomicReference<SlipwayPrincipal> caller = new AtomicReference<>();
		given(this.serving.predict(eq("iris"), any(), any())).willAnswer((call) -> {
			caller.set(CurrentUser.require());
			return new ServedPrediction("iris", "iris-model", 3, new Predictions(null, "[0]", 1, List.of(0L)), "p-1");
		});
		MockHttpServletResponse response = call("/serve/iris/invocations", "Bearer " + TOKEN, null);

		verify(this.chain, never()).doFilter(any(), any());
		assertThat(caller.get()).isEqualTo(EDITOR);
		assertThat(SecurityContextHolder.getContext().getAuthentication()).as("cleared afterwards").isNull();
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentAsString()).isEqualTo("{\"predictions\":[0]}");
		assertThat(response.getContentType()).isEqualTo("application/json");
		assertThat(response.getHeader("X-Model-Version")).isEqualTo("3");
		assertThat(response.getHeader("X-Prediction-Id")).isEqualTo("p-1");
		assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(response.getHeader("Strict-Transport-Security")).as("over plain HTTP").isNull();
		assertThat(this.meters.get("http.server.requests")
			.tags("uri", "/serve/{name}/invocations", "status", "200", "outcome", "SUCCESS", "method", "POST", "error",
					"none", "exception", "none")
			.timer()
			.count()).isEqualTo(1);
	}

	@Test
	void answersAnyOtherFailureAsTheFailureBarrierDoes() throws Exception {
		given(this.authenticator.validToken(TOKEN)).willReturn(Optional.of(EDITOR));
		given(this.serving.predict(anyString(), any(), any())).willThrow(new IllegalStateException("broken"));

		MockHttpServletRequest request = request("/serve/iris/invocations", "Bearer " + TOKEN, null);
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.lane.doFilter(request, response, this.chain);

		assertThat(response.getStatus()).isEqualTo(500);
		assertThat(response.getErrorMessage()).isNull();
		assertThat(request.getAttribute(FailureAnswers.ANSWER_ATTRIBUTE)).isInstanceOfSatisfying(
				FailureAnswers.Answer.class, (answer) -> assertThat(answer.code()).isEqualTo(ErrorCode.INTERNAL_ERROR));
		assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
		assertThat(this.meters.get("http.server.requests").tags("status", "500").timer().count()).isEqualTo(1);
		verify(this.chain, never()).doFilter(any(), any());
	}

	@Test
	void writesARefusalInItsProtocolsShape() throws Exception {
		given(this.authenticator.validToken(TOKEN)).willReturn(Optional.of(EDITOR));
		given(this.serving.predict(anyString(), any(), any()))
			.willThrow(new SlipwayException(ErrorCode.NOT_FOUND, "Deployment 'iris' not found"));

		MockHttpServletResponse mlflow = call("/serve/iris/invocations", "Bearer " + TOKEN, null);
		assertThat(mlflow.getStatus()).isEqualTo(404);
		assertThat(mlflow.getContentAsString()).contains("\"error_code\":\"RESOURCE_DOES_NOT_EXIST\"")
			.contains("Deployment 'iris' not found");

		MockHttpServletResponse v2 = call("/v2/models/iris/infer", "Bearer " + TOKEN,
				"{\"inputs\": [{\"name\": \"x\", \"shape\": [1], \"datatype\": \"FP32\", \"data\": [1]}]}");
		assertThat(v2.getStatus()).isEqualTo(404);
		assertThat(v2.getContentAsString()).isEqualTo("{\"error\":\"Deployment 'iris' not found\"}");
		verify(this.chain, never()).doFilter(any(), any());
	}

	@Test
	void aTokenThatCannotBeCheckedIsA503AsOnTheRegularRoute() throws Exception {
		given(this.authenticator.validToken(TOKEN))
			.willThrow(new DataAccessResourceFailureException("Connection refused"));

		MockHttpServletRequest request = request("/serve/iris/invocations", "Bearer " + TOKEN, null);
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.lane.doFilter(request, response, this.chain);

		assertThat(response.getStatus()).isEqualTo(503);
		assertThat(response.getHeader("Retry-After")).isNotNull();
		assertThat(request.getAttribute(FailureAnswers.ANSWER_ATTRIBUTE)).isInstanceOfSatisfying(
				FailureAnswers.Answer.class,
				(answer) -> assertThat(answer.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
		verify(this.chain, never()).doFilter(any(), any());
		verifyNoInteractions(this.serving);
		assertThat(this.meters.get("http.server.requests").tags("status", "503").timer().count()).isEqualTo(1);
	}

	@Test
	void leavesEveryOtherRequestToTheRegularRoute() throws Exception {
		given(this.authenticator.validToken(TOKEN)).willReturn(Optional.of(EDITOR));
		given(this.authenticator.validToken("slw_refused")).willReturn(Optional.empty());
		SlipwayPrincipal oneTime = new SlipwayPrincipal(8, "new", Role.EDITOR, AccountKind.HUMAN, true, 0, "token");
		given(this.authenticator.validToken("slw_one_time")).willReturn(Optional.of(oneTime));

		int passed = 0;
		for (String authorization : new String[] { null, "Basic YTpi", "Bearer slw_refused", "Bearer slw_one_time",
				"Bearer" }) {
			call("/serve/iris/invocations", authorization, null);
			verify(this.chain, times(++passed)).doFilter(any(), any());
		}
		MockHttpServletRequest csv = request("/serve/iris/invocations", "Bearer " + TOKEN, null);
		csv.addHeader("Accept", "text/csv");
		this.lane.doFilter(csv, new MockHttpServletResponse(), this.chain);
		verify(this.chain, times(++passed)).doFilter(any(), any());

		MockHttpServletRequest get = request("/serve/iris/invocations", "Bearer " + TOKEN, null);
		get.setMethod("GET");
		this.lane.doFilter(get, new MockHttpServletResponse(), this.chain);
		verify(this.chain, times(++passed)).doFilter(any(), any());

		call("/serve/iris/ping", "Bearer " + TOKEN, null);
		verify(this.chain, times(++passed)).doFilter(any(), any());
		verifyNoInteractions(this.serving);
	}

	@Test
	void acceptsJsonUnderAnyAcceptThatAllowsIt() {
		for (String accept : List.of("*/*", "application/json", "application/*", "text/csv, application/json;q=0.5",
				"application/json; charset=utf-8")) {
			MockHttpServletRequest request = new MockHttpServletRequest();
			request.addHeader("Accept", accept);
			assertThat(PredictionLane.acceptsJson(request)).as(accept).isTrue();
		}
		for (String accept : List.of("text/csv", "application/json;q=0", "text/html, application/xml", "???")) {
			MockHttpServletRequest request = new MockHttpServletRequest();
			request.addHeader("Accept", accept);
			assertThat(PredictionLane.acceptsJson(request)).as(accept).isFalse();
		}
		assertThat(PredictionLane.acceptsJson(new MockHttpServletRequest())).isTrue();
	}

	private MockHttpServletResponse call(String path, String authorization, String body) throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.lane.doFilter(request(path, authorization, body), response, this.chain);
		return response;
	}

	private static MockHttpServletRequest request(String path, String authorization, String body) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
		request.setContentType("application/json");
		request.setContent(((body != null) ? body : "{\"dataframe_split\": {\"columns\": [\"a\"], \"data\": [[1.0]]}}")
			.getBytes(StandardCharsets.UTF_8));
		if (authorization != null) {
			request.addHeader("Authorization", authorization);
		}
		return request;
	}

}
