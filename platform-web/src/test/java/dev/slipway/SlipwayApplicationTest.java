package dev.slipway;

import java.net.http.HttpResponse;

import dev.slipway.testsupport.TestFolders;
import dev.slipway.web.HttpProbe;
import dev.slipway.web.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole application on the embedded default (H2 file database, local artifact
 * folder), answering real HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SlipwayApplicationTest {

	@DynamicPropertySource
	static void embeddedDefault(DynamicPropertyRegistry registry) {
		TestFolders.registerDataDir(registry, "app");
		TestAdmin.register(registry);
	}

	@LocalServerPort
	int port;

	HttpProbe http;

	@BeforeEach
	void connect() {
		this.http = TestAdmin.signedIn(new HttpProbe("http://localhost:" + this.port));
	}

	@Test
	void healthIsUpWithDatabaseAndArtifactStore() {
		HttpResponse<String> health = this.http.anonymous().getJson("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"", "\"db\"", "\"artifactStore\"");
	}

	@Test
	void livenessAndReadinessGroups() {
		HttpResponse<String> liveness = this.http.anonymous().getJson("/actuator/health/liveness");
		assertThat(liveness.statusCode()).isEqualTo(200);
		assertThat(liveness.body()).contains("\"status\":\"UP\"").doesNotContain("\"db\"");
		HttpResponse<String> readiness = this.http.anonymous().getJson("/actuator/health/readiness");
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(readiness.body()).contains("\"db\"", "\"artifactStore\"", "\"readinessState\"");
	}

	@Test
	void infoCarriesBuildAndInstance() {
		HttpResponse<String> info = this.http.getJson("/actuator/info");
		assertThat(info.statusCode()).isEqualTo(200);
		assertThat(info.body()).contains("\"build\"", "\"artifact\":\"platform-web\"", "\"instance\"", "\"database\"",
				"\"kind\":\"h2\"", "\"java\"");
	}

	@Test
	void prometheusScrapesJvmAndHttpMetrics() {
		this.http.getJson("/api/v1/system");
		HttpResponse<String> metrics = this.http.get("/actuator/prometheus", "text/plain");
		assertThat(metrics.statusCode()).isEqualTo(200);
		assertThat(metrics.body()).contains("jvm_memory_used_bytes", "http_server_requests_seconds_count",
				"hikaricp_connections", "application=\"slipway\"");
	}

	@Test
	void systemApiDescribesTheEmbeddedDefault() {
		HttpResponse<String> system = this.http.getJson("/api/v1/system");
		assertThat(system.statusCode()).isEqualTo(200);
		assertThat(system.body()).contains("\"database\":\"h2\"", "\"artifactStore\":\"local\"", "\"instanceId\"");
	}

	@Test
	void unknownApiRouteAnswersProblemDetails() {
		HttpResponse<String> missing = this.http.getJson("/api/v1/nothing-here");
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(missing.body()).contains("\"code\":\"NOT_FOUND\"").doesNotContain("trace", "Exception");
	}

	@Test
	void wrongMethodAnswersProblemDetails() {
		HttpResponse<String> answer = this.http.send("DELETE", "/api/v1/system");
		assertThat(answer.statusCode()).isEqualTo(405);
		assertThat(answer.body()).contains("\"code\":\"METHOD_NOT_ALLOWED\"");
	}

	@Test
	void everythingButHealthNeedsCredentials() {
		HttpProbe anonymous = this.http.anonymous();
		for (String path : new String[] { "/actuator/info", "/actuator/prometheus", "/api/v1/system",
				"/api/2.0/mlflow/experiments/get?experiment_id=0", "/version" }) {
			assertThat(anonymous.getJson(path).statusCode()).as(path).isEqualTo(401);
		}
		assertThat(this.http.basic(TestAdmin.USERNAME, "wrong-password-here").getJson("/api/v1/system").statusCode())
			.isEqualTo(401);
		HttpResponse<String> page = anonymous.get("/", "text/html");
		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(page.headers().firstValue("Location")).hasValueSatisfying((to) -> assertThat(to).endsWith("/login"));
	}

}
