package dev.slipway.system;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.slipway.testsupport.Requirement;
import dev.slipway.testsupport.Requires;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.web.SlipwayProcess;
import dev.slipway.web.TestAdmin;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitoring example ({@code examples/monitoring/send_demo_data.py}) run as its
 * README says against the packaged jar on the embedded default: it must finish, and the
 * monitor it built must show 30 days that drift after day 10, labels up to day 20 and a
 * firing drift alert, which is what the dashboards of a fresh install then show.
 */
@Requires(Requirement.PYTHON)
class MonitoringExampleIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern SECRET = Pattern.compile("\"secret\"\\s*:\\s*\"([^\"]+)\"");

	@Test
	void theDemoBuildsAMonitorThatDriftsAfterDayTen() throws Exception {
		int port = SlipwayProcess.freePort();
		Path workDir = TestFolders.fresh("it-monitoring-example");
		try (SlipwayProcess slipway = SlipwayProcess
			.start(workDir,
					java.util.Map.of("SLIPWAY_PORT", String.valueOf(port), "SLIPWAY_ADMIN_PASSWORD",
							TestAdmin.PASSWORD),
					port)
			.awaitReady()) {
			HttpResponse<String> token = TestAdmin.signedIn(slipway.http())
				.postJson("/api/v1/tokens", "{\"name\":\"monitoring-example\",\"expiresInDays\":1}");
			Matcher secret = SECRET.matcher(token.body());
			assertThat(secret.find()).as(token.body()).isTrue();

			Path script = example();
			Path output = workDir.resolve("example.log");
			ProcessBuilder builder = new ProcessBuilder(Requirement.python().orElseThrow().toString(),
					script.toString(), "--model", "fraud-demo-it")
				.redirectErrorStream(true)
				.redirectOutput(output.toFile());
			builder.environment().put("SLIPWAY_URL", "http://127.0.0.1:" + port);
			builder.environment().put("SLIPWAY_TOKEN", secret.group(1));
			Process process = builder.start();
			assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("the example finished").isTrue();
			String log = Files.readString(output);
			assertThat(process.exitValue()).as(log).isZero();
			assertThat(log).contains("day 30:", "alert dataset drift: FIRING", "/monitoring/");

			Matcher monitor = Pattern.compile("Monitor (\\d+):").matcher(log);
			assertThat(monitor.find()).isTrue();
			JsonNode windows = JSON
				.readTree(TestAdmin.signedIn(slipway.http())
					.getJson("/api/v1/monitors/" + monitor.group(1) + "/drift")
					.body())
				.get("windows");
			assertThat(windows.size()).isEqualTo(30);
			for (int day = 0; day < 30; day++) {
				JsonNode window = windows.get(day);
				assertThat(window.get("verdict").asString()).as("day %d", day + 1)
					.isEqualTo((day >= 10) ? "DRIFT" : "NO_DRIFT");
				assertThat(window.get("performance").get("label_coverage").asDouble()).as("day %d", day + 1)
					.isEqualTo((day < 20) ? 1.0 : 0.0);
			}
			assertThat(windows.get(25).get("features").toString()).contains("\"country\"");
		}
	}

	private static Path example() throws IOException {
		for (Path candidate : List.of(Path.of("examples/monitoring/send_demo_data.py"),
				Path.of("../examples/monitoring/send_demo_data.py"))) {
			if (Files.isRegularFile(candidate)) {
				return candidate.toAbsolutePath();
			}
		}
		throw new IOException("examples/monitoring/send_demo_data.py not found from " + Path.of("").toAbsolutePath());
	}

}
