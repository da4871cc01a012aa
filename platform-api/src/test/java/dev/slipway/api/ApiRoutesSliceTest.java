package dev.slipway.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.error.api.MlflowErrors;
import dev.slipway.security.api.ApiSlice;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route this module serves, found in Spring MVC's own mapping, checked at the edge:
 * an anonymous caller is refused in the route's shape (MLflow's JSON on MLflow routes,
 * Problem Details everywhere else), and each native route answers a service's failure
 * with its catalogue status and a Problem body carrying the stable {@code code}. A new
 * route is covered the day it is added; one without a sample body here fails until it has
 * one.
 */
class ApiRoutesSliceTest extends ApiSlice {

	/** Valid bodies for the native routes that read one. */
	private static final Map<String, String> BODIES = Map.ofEntries(
			Map.entry("POST /api/v1/models/{name}/requests",
					"{\"version\": \"1\", \"target_kind\": \"stage\", \"target\": \"Production\"}"),
			Map.entry("POST /api/v1/requests/{id}/approve", "{\"comment\": \"ok\"}"),
			Map.entry("POST /api/v1/requests/{id}/reject", "{\"comment\": \"no\"}"),
			Map.entry("POST /api/v1/requests/{id}/cancel", "{\"comment\": \"never mind\"}"),
			Map.entry("PUT /api/v1/models/{name}/policy/rules",
					"{\"target_kind\": \"stage\", \"target\": \"Production\", \"approval_required\": true,"
							+ " \"separate_approver\": true, \"direct_role\": \"ADMIN\"}"),
			Map.entry("POST /api/v1/models/{name}/rollback",
					"{\"target_kind\": \"stage\", \"target\": \"Production\", \"reason\": \"bad canary\"}"),
			Map.entry("POST /api/v1/tokens", "{\"name\": \"ci\", \"expiresInDays\": 30}"),
			Map.entry("POST /api/v1/users",
					"{\"username\": \"bob\", \"role\": \"VIEWER\", \"password\": \"a-long-enough-password\"}"),
			Map.entry("POST /api/v1/users/me/password",
					"{\"currentPassword\": \"old-password-1\", \"newPassword\": \"a-much-better-password\"}"),
			Map.entry("PATCH /api/v1/users/{username}", "{\"role\": \"EDITOR\"}"),
			Map.entry("POST /api/v1/users/{username}/password", "{\"password\": \"a-long-enough-password\"}"),
			Map.entry("POST /api/v1/models/{name}/webhooks",
					"{\"name\": \"hook\", \"url\": \"https://hooks.example.com/x\", \"events\": [\"MODEL_VERSION_CREATED\"]}"),
			Map.entry("POST /api/v1/webhooks",
					"{\"name\": \"hook\", \"url\": \"https://hooks.example.com/x\", \"events\": [\"MODEL_VERSION_CREATED\"]}"),
			Map.entry("PATCH /api/v1/webhooks/{id}", "{\"active\": false}"),
			Map.entry("PUT /api/v1/models/{resource}/permissions/users/{username}", "{\"permission\": \"READ\"}"),
			Map.entry("PUT /api/v1/models/{resource}/permissions/default", "{\"permission\": \"READ\"}"),
			Map.entry("PUT /api/v1/experiments/{resource}/permissions/users/{username}", "{\"permission\": \"READ\"}"),
			Map.entry("PUT /api/v1/experiments/{resource}/permissions/default", "{\"permission\": \"READ\"}"),
			Map.entry("POST /api/v1/models/{name}/monitors",
					"{\"name\": \"data\", \"schema\": {\"columns\": [{\"name\": \"x\", \"kind\": \"numerical\"}]}}"),
			Map.entry("PATCH /api/v1/monitors/{id}", "{\"description\": \"watch x\"}"),
			Map.entry("PUT /api/v1/monitors/{id}/reference", "{\"records\": [{\"x\": 1.5}]}"),
			Map.entry("POST /api/v1/monitors/{id}/data", "{\"records\": [{\"x\": 1.5}]}"),
			Map.entry("POST /api/v1/monitors/{id}/sketches",
					"{\"time\": \"2026-11-01T00:00:00Z\", \"columns\": {\"x\": {\"nulls\": 0}}}"),
			Map.entry("POST /api/v1/monitors/{id}/alerts", "{\"name\": \"drift\", \"metric\": \"dataset_drift\"}"),
			Map.entry("POST /api/v1/monitors/{id}/labels", "{\"records\": [{\"id\": \"a\", \"label\": 1}]}"),
			Map.entry("POST /api/v1/monitors/{id}/reference/dataset", "{\"run_id\": \"abc\", \"name\": \"train\"}"),
			Map.entry("POST /api/v1/monitors/{id}/reference/production",
					"{\"from\": \"2026-11-01\", \"to\": \"2026-11-08\"}"),
			Map.entry("POST /api/v1/pipelines/{name}/schedules", "{\"name\": \"nightly\", \"cron\": \"0 9 * * *\"}"),
			Map.entry("PATCH /api/v1/pipelines/{name}/schedules/{schedule}", "{\"enabled\": false}"),
			Map.entry("POST /api/v1/pipelines/{name}/triggers",
					"{\"name\": \"retrain\", \"kind\": \"ALERT\", \"source_name\": \"fraud\"}"),
			Map.entry("PATCH /api/v1/pipelines/{name}/triggers/{trigger}", "{\"enabled\": false}"));

	/** Query parameters a native route requires. */
	private static final Map<String, String> QUERIES = Map.of("GET /api/v1/models/{name}/rollback",
			"?target_kind=stage&target=Production");

	/** Failures a service may raise, and what a native route must answer. */
	private static final List<ErrorCode> FAILURES = List.of(ErrorCode.NOT_FOUND, ErrorCode.PERMISSION_DENIED,
			ErrorCode.INVALID_STATE, ErrorCode.SERVICE_UNAVAILABLE);

	@Autowired
	RequestMappingHandlerMapping mappings;

	/** Every served route as "METHOD /pattern", sorted. */
	private Set<String> routes() {
		Set<String> routes = new TreeSet<>();
		for (RequestMappingInfo info : this.mappings.getHandlerMethods().keySet()) {
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			for (String pattern : info.getPatternValues()) {
				if (pattern.startsWith("/error")) {
					continue;
				}
				if (methods.isEmpty()) {
					routes.add("GET " + pattern);
				}
				methods.forEach((method) -> routes.add(method.name() + " " + pattern));
			}
		}
		return routes;
	}

	private static String path(String pattern) {
		return pattern.replace("{*path}", "0/run/artifacts/model.pkl")
			.replace("{name}", "fraud")
			.replace("{version}", "1")
			.replace("{id}", "7")
			.replace("{resource}", "fraud")
			.replace("{username}", "bob")
			.replace("{targetKind}", "stage")
			.replace("{target}", "Production")
			.replace("{modelId}", "m-0123456789abcdef0123456789abcdef")
			.replace("{key}", "t")
			.replace("{column}", "x")
			.replace("{ruleId}", "3")
			.replace("{schedule}", "nightly")
			.replace("{trigger}", "retrain")
			.replace("{step}", "train")
			.replace("{attempt}", "1");
	}

	private MvcTestResult call(String route, String token) {
		String method = route.substring(0, route.indexOf(' '));
		String pattern = route.substring(route.indexOf(' ') + 1);
		var request = this.mvc.method(HttpMethod.valueOf(method)).uri(path(pattern) + QUERIES.getOrDefault(route, ""));
		if (token != null) {
			request = request.header("Authorization", "Bearer " + token);
		}
		String body = BODIES.get(route);
		if (body != null || !method.equals("GET")) {
			request = request.contentType(MediaType.APPLICATION_JSON).content((body != null) ? body : "{}");
		}
		return request.exchange();
	}

	@Test
	void theSliceServesTheWholeEdge() {
		Set<String> routes = routes();
		assertThat(routes).contains("GET /api/v1/audit", "POST /api/2.0/mlflow/runs/log-batch",
				"GET /api/v1/models/{name}/versions/{version}/lineage",
				"PUT /api/2.0/mlflow-artifacts/artifacts/{*path}",
				"GET /api/2.0/mlflow/logged-models/{modelId}/artifacts/files");
		assertThat(routes.stream().filter((route) -> route.contains(" /api/v1/")).count()).isGreaterThan(40);
	}

	@TestFactory
	Stream<DynamicTest> everyRouteRefusesAnAnonymousCallerInItsShape() {
		return routes().stream().map((route) -> DynamicTest.dynamicTest(route, () -> {
			MvcTestResult result = call(route, null);
			if (route.equals("GET /health") || route.equals("GET /v2/health/live")
					|| route.equals("GET /v2/health/ready")) {
				// The open routes: liveness and readiness probes (MLflow's, the inference
				// protocol's), which say nothing else.
				assertThat(result.getResponse().getStatus()).as(route).isNotIn(401, 403);
				return;
			}
			assertThat(result.getResponse().getStatus()).as(route).isEqualTo(401);
			if (MlflowErrors.isMlflowPath(route.substring(route.indexOf(' ') + 1))) {
				assertThat(result).bodyJson().extractingPath("$.error_code").isEqualTo("UNAUTHENTICATED");
			}
			else {
				assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
				assertThat(result).bodyJson().extractingPath("$.code").isEqualTo("UNAUTHENTICATED");
			}
		}));
	}

	@TestFactory
	Stream<DynamicTest> everyNativeRouteAnswersServiceFailuresWithTheirCode() {
		List<DynamicTest> tests = new ArrayList<>();
		for (String route : routes()) {
			if (!route.contains(" /api/v1/")) {
				continue;
			}
			for (ErrorCode code : FAILURES) {
				tests.add(DynamicTest.dynamicTest(route + " → " + code, () -> {
					failWith(new SlipwayException(code, "injected " + code));
					MvcTestResult result = call(route, TOKEN);
					assertThat(result).as(route + ": " + result.getResponse().getContentAsString())
						.hasStatus(code.httpStatus());
					assertThat(result.getResponse().getContentType()).startsWith("application/problem+json");
					assertThat(result).bodyJson().extractingPath("$.code").isEqualTo(code.name());
					assertThat(result).bodyJson().extractingPath("$.detail").isEqualTo("injected " + code);
				}));
			}
		}
		return tests.stream();
	}

}
