package dev.slipway.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What is refused before any service runs answers in the API's JSON with a stable code,
 * never Tomcat's HTML page, a stack trace or a 500: requests Tomcat itself refuses, the
 * error path requested directly, NUL characters in parameters and bodies, queries that
 * are not UTF-8, multipart bodies (which no route reads) and bodies of the wrong shape.
 */
@EmbeddedServer
@ExtendWith(OutputCaptureExtension.class)
class EdgeRefusalsTest {

	@LocalServerPort
	int port;

	HttpProbe admin;

	@BeforeEach
	void connect() {
		this.admin = TestAdmin.signedIn(new HttpProbe("http://localhost:" + this.port));
	}

	@Test
	void requestsTomcatRefusesAnswerTheCataloguesJson() throws IOException {
		String encodedSlash = raw("GET /api/2.0/mlflow/experiments/get%2Fx HTTP/1.1\r\nHost: localhost\r\n"
				+ "Connection: close\r\n\r\n");
		assertThat(encodedSlash).startsWith("HTTP/1.1 400")
			.contains("Content-Type: application/json", "\"error_code\":\"BAD_REQUEST\"")
			.doesNotContainIgnoringCase("<html")
			.doesNotContain("Tomcat");

		String encodedNul = raw(
				"GET /api/v1/experiments/a%00b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
		assertThat(encodedNul).startsWith("HTTP/1.1 400")
			.contains("application/problem+json", "\"code\":\"MALFORMED_REQUEST\"")
			.doesNotContainIgnoringCase("<html");

		String hugeHeader = raw("GET /api/v1/system HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(100_000)
				+ "\r\nConnection: close\r\n\r\n");
		assertThat(hugeHeader).startsWith("HTTP/1.1 400").doesNotContainIgnoringCase("<html");
	}

	@Test
	void theErrorPathRequestedDirectlyIsNotFound() {
		HttpResponse<String> error = this.admin.getJson("/error");
		assertThat(error.statusCode()).isEqualTo(404);
		assertThat(error.body()).contains("\"code\":\"NOT_FOUND\"");
	}

	@Test
	void aNulCharacterInAParameterIsRefusedNamingIt() {
		HttpResponse<String> mlflow = this.admin.getJson("/api/2.0/mlflow/experiments/search?filter=name%3D%27a%00%27");
		assertThat(mlflow.statusCode()).isEqualTo(400);
		assertThat(mlflow.body()).contains("\"error_code\":\"INVALID_PARAMETER_VALUE\"", "parameter 'filter'",
				"NUL character");

		HttpResponse<String> nativeApi = this.admin.getJson("/api/v1/models?filter=a%00");
		assertThat(nativeApi.statusCode()).isEqualTo(400);
		assertThat(nativeApi.body()).contains("\"code\":\"INVALID_ARGUMENT\"", "parameter 'filter'");
	}

	@Test
	void aNulCharacterInAJsonBodyIsRefusedNamingTheField() {
		HttpResponse<String> experiment = this.admin.postJson("/api/2.0/mlflow/experiments/create",
				"{\"name\": \"nul\\u0000name\"}");
		assertThat(experiment.statusCode()).isEqualTo(400);
		assertThat(experiment.body()).contains("INVALID_PARAMETER_VALUE", "parameter 'name'");

		HttpResponse<String> token = this.admin.postJson("/api/v1/tokens", "{\"name\": \"t\\u0000\"}");
		assertThat(token.statusCode()).isEqualTo(400);
		assertThat(token.body()).contains("\"code\":\"INVALID_ARGUMENT\"", "name: contains a NUL character");
	}

	@Test
	void aQueryThatIsNotUtf8IsMalformedNotAFailure() {
		HttpResponse<String> mlflow = this.admin.getJson("/api/2.0/mlflow/experiments/get?experiment_id=%FF%FE");
		assertThat(mlflow.statusCode()).isEqualTo(400);
		assertThat(mlflow.body()).contains("\"error_code\":\"BAD_REQUEST\"", "not valid UTF-8");

		HttpResponse<String> nativeApi = this.admin.getJson("/api/v1/audit?model=%ED%A0%80");
		assertThat(nativeApi.statusCode()).isEqualTo(400);
		assertThat(nativeApi.body()).contains("\"code\":\"MALFORMED_REQUEST\"");
	}

	@Test
	void aMultipartBodyWithoutBoundaryIsNotAFailure(CapturedOutput output) throws IOException {
		String credentials = java.util.Base64.getEncoder()
			.encodeToString((TestAdmin.USERNAME + ":" + TestAdmin.PASSWORD).getBytes(StandardCharsets.UTF_8));
		String answer = raw("POST /api/2.0/mlflow/experiments/create HTTP/1.1\r\nHost: localhost\r\n"
				+ "Authorization: Basic " + credentials + "\r\nContent-Type: multipart/form-data\r\n"
				+ "Content-Length: 2\r\nConnection: close\r\n\r\n{}");
		assertThat(answer).matches("(?s)HTTP/1.1 4\\d\\d .*")
			.contains("\"error_code\"")
			.doesNotContain("INTERNAL_ERROR");
		assertThat(output.getOut()).doesNotContain("Failed to parse multipart");
	}

	@Test
	void aSketchOfTheWrongShapeNamesTheFieldNotAJavaType() {
		String model = "edge-sketch-" + System.nanoTime();
		assertThat(this.admin.postJson("/api/2.0/mlflow/registered-models/create", "{\"name\": \"" + model + "\"}")
			.statusCode()).isEqualTo(200);
		String monitor = this.admin
			.postJson("/api/v1/models/" + model + "/monitors",
					"{\"name\": \"m\", \"schema\": {\"columns\": [{\"name\": \"x\", \"kind\": \"numerical\"}]}}")
			.body()
			.replaceAll("(?s).*\"id\"\\s*:\\s*(\\d+).*", "$1");
		HttpResponse<String> sketch = this.admin.postJson("/api/v1/monitors/" + monitor + "/sketches",
				"{\"time\": [], \"columns\": {\"x\": {\"nulls\": 1}}}");
		assertThat(sketch.statusCode()).isEqualTo(400);
		assertThat(sketch.body()).contains("\"code\":\"MALFORMED_REQUEST\"", "time").doesNotContain("java.");
	}

	@Test
	void aClientThatHangsUpDuringADownloadCostsOneLogLine(CapturedOutput output) throws Exception {
		String experiment = this.admin
			.postJson("/api/2.0/mlflow/experiments/create", "{\"name\": \"hang-up-" + System.nanoTime() + "\"}")
			.body()
			.replaceAll("(?s).*\"experiment_id\"\\s*:\\s*\"(\\d+)\".*", "$1");
		String run = this.admin.postJson("/api/2.0/mlflow/runs/create", "{\"experiment_id\": \"" + experiment + "\"}")
			.body()
			.replaceAll("(?s).*\"run_id\"\\s*:\\s*\"([0-9a-f]+)\".*", "$1");
		String path = "/api/2.0/mlflow-artifacts/artifacts/" + experiment + "/" + run + "/artifacts/big.bin";
		assertThat(this.admin.put(path, new byte[64 << 20], "application/octet-stream").statusCode()).isEqualTo(200);
		int before = output.getOut().length();

		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.getOutputStream()
				.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic "
						+ java.util.Base64.getEncoder()
							.encodeToString(
									(TestAdmin.USERNAME + ":" + TestAdmin.PASSWORD).getBytes(StandardCharsets.UTF_8))
						+ "\r\n\r\n")
					.getBytes(StandardCharsets.ISO_8859_1));
			byte[] some = new byte[65536];
			assertThat(socket.getInputStream().readNBytes(some, 0, some.length)).isEqualTo(some.length);
			socket.setSoLinger(true, 0);
		}
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(20))
			.until(() -> output.getOut().substring(before).contains("The client disconnected"));
		Thread.sleep(500);
		String logged = output.getOut().substring(before);
		assertThat(logged.lines().filter((line) -> line.contains("The client disconnected"))).hasSize(1);
		assertThat(logged).doesNotContain("\tat ", "Unexpected failure", "ClientAbortException:");
	}

	private String raw(String request) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream answer = new ByteArrayOutputStream();
			in.transferTo(answer);
			return answer.toString(StandardCharsets.ISO_8859_1);
		}
	}

}
