package dev.slipway.serving;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.slipway.SlipwayApplication;
import dev.slipway.testsupport.Requirement;
import dev.slipway.testsupport.Requires;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.web.ChromeBrowser;
import dev.slipway.web.HttpProbe;
import dev.slipway.web.TestAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deployments in a real browser, under the strict CSP, with traffic flowing: a canary's
 * page draws its split and charts, reloads itself when the rollout takes its next step,
 * and its Abort button stops it; a candidate that fails every request is rolled back by
 * its error-rate gate without anyone. Writes {@code docs/images/deployments-list.png},
 * {@code deployment-canary.png} and {@code deployment-rolled-back.png}.
 */
@Requires(Requirement.CHROMIUM)
@SpringBootTest(classes = SlipwayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class DeploymentsBrowserTest {

	/**
	 * Long enough for a canary step to pass and the page to notice (it polls every 5 s).
	 */
	private static final Duration WAIT = Duration.ofSeconds(90);

	/** How long the canary's first step holds: time for two chart buckets and a look. */
	private static final int FIRST_STEP_SECONDS = 30;

	@DynamicPropertySource
	static void server(DynamicPropertyRegistry registry) {
		TestFolders.registerDataDir(registry, "deployments-browser");
		TestAdmin.register(registry);
		registry.add("slipway.serving.stats-interval", () -> "200ms");
		registry.add("slipway.serving.rollout-interval", () -> "200ms");
	}

	@LocalServerPort
	int port;

	private HttpServer failing;

	private ScheduledExecutorService traffic;

	@AfterEach
	void stop() {
		if (this.traffic != null) {
			this.traffic.shutdownNow();
		}
		if (this.failing != null) {
			this.failing.stop(0);
		}
	}

	@Test
	void aCanaryIsFollowedLiveAndAbortedWhileAFailingCandidateIsRolledBackByItsGate() throws Exception {
		HttpProbe api = TestAdmin.signedIn(new HttpProbe("http://localhost:" + this.port));
		ServingDemo.ok(api.postJson("/api/2.0/mlflow/registered-models/create", "{\"name\": \"iris\"}"));
		int stable = ServingDemo.register(api, "iris", "lr_plain");
		int candidate = ServingDemo.register(api, "iris", "lr_zipmap");
		for (String name : List.of("iris-canary", "iris-guarded", "iris-steady")) {
			ServingDemo.deploy(api, name, "iris", stable,
					"\"description\": \"Iris species, " + name.substring(5) + " rollout\"");
		}
		this.failing = failingModelServer();
		ServingDemo.ok(api.postJson("/api/v1/deployments/iris-guarded/rollouts", """
				{"version": "%d", "strategy": "canary",
				 "backend": {"runtime": "external", "url": "http://127.0.0.1:%d", "protocol": "mlflow"},
				 "steps": [{"weight": 50, "pause_seconds": 600}],
				 "gates": {"interval_seconds": 1, "min_requests": 5, "max_error_rate": 0.05}}""".formatted(candidate,
				this.failing.getAddress().getPort())));
		this.traffic = Executors.newSingleThreadScheduledExecutor();
		this.traffic.scheduleWithFixedDelay(() -> {
			for (String name : List.of("iris-canary", "iris-guarded", "iris-steady")) {
				api.postJson("/serve/" + name + "/invocations", ServingDemo.IRIS_SPLIT);
			}
		}, 0, 100, TimeUnit.MILLISECONDS);
		await().atMost(WAIT).until(() -> phase(api, "iris-guarded").equals("aborted"));

		try (ChromeBrowser browser = ChromeBrowser.start("http://localhost:" + this.port)) {
			WebDriver driver = browser.driver();
			browser.signIn(TestAdmin.USERNAME, TestAdmin.PASSWORD);
			// The canary starts once the browser is up, so its first step is still under
			// way when the list is looked at.
			ServingDemo.ok(api.postJson("/api/v1/deployments/iris-canary/rollouts", """
					{"version": "%d", "strategy": "canary",
					 "steps": [{"weight": 25, "pause_seconds": %d}, {"weight": 50, "pause_seconds": 3600},
					           {"weight": 100, "pause_seconds": 0}],
					 "gates": {"interval_seconds": 1, "min_requests": 5, "max_error_rate": 0.05, "max_p99_ms": 1000}}"""
				.formatted(candidate, FIRST_STEP_SECONDS)));

			browser.open("/deployments");
			assertThat(driver.findElement(By.cssSelector("nav.nav a[aria-current=page]")).getText())
				.isEqualTo("Deployments");
			assertThat(row(driver, "iris-canary")).contains("Canary of v" + candidate + " at 25%", "progressing");
			assertThat(row(driver, "iris-guarded")).contains("aborted");
			assertThat(row(driver, "iris-steady")).contains("stable");
			browser.screenshot("deployments-list");

			// Rolled back by its gate: the error rate read, the history says who.
			browser.open("/deployments/iris-guarded");
			assertThat(driver.findElement(By.id("phase")).getText()).isEqualTo("aborted");
			assertThat(driver.findElement(By.id("deployment-message")).getText())
				.startsWith("rolled back automatically");
			assertThat(driver.findElement(By.cssSelector("#gates tr.failing")).getText()).startsWith("Error rate");
			assertThat(driver.findElement(By.cssSelector("#history tbody tr")).getText())
				.contains("Slipway (automatic)", "aborted");
			assertThat(driver.findElements(By.id("split-candidate"))).isEmpty();
			assertThat(driver.findElements(By.id("rollback-button"))).isEmpty();
			waitFor(browser, (d) -> d.findElements(By.cssSelector("#chart-errors canvas")).size() == 1);
			browser.screenshotPage("deployment-rolled-back");

			// A canary mid-rollout: the split drawn to scale, a chart per measure.
			await().atMost(WAIT).until(() -> bucketsOf(api, "iris-canary", candidate) >= 2);
			browser.open("/deployments/iris-canary");
			assertThat(driver.findElement(By.id("phase")).getText()).isEqualTo("progressing");
			double bar = driver.findElement(By.id("split-bar")).getRect().getWidth();
			assertThat(driver.findElement(By.id("split-candidate")).getRect().getWidth() / bar).isCloseTo(0.25,
					org.assertj.core.data.Offset.offset(0.01));
			assertThat(driver.findElement(By.id("split-candidate-label")).getText())
				.isEqualTo("v" + candidate + " · 25%");
			assertThat(driver.findElement(By.cssSelector("#steps li.current")).getText()).startsWith("25%");
			for (String chart : List.of("chart-rate", "chart-errors", "chart-p99")) {
				waitFor(browser, (d) -> d.findElements(By.cssSelector("#" + chart + " canvas")).size() == 1);
				assertThat(driver.findElement(By.id(chart)).getText()).contains("v" + stable + " (stable)",
						"v" + candidate + " (candidate)");
			}
			browser.screenshotPage("deployment-canary");

			// The page reloads by itself when the rollout takes its next step.
			JavascriptExecutor js = (JavascriptExecutor) driver;
			js.executeScript("window.slipwayTestMark = true");
			waitFor(browser, (d) -> js.executeScript("return window.slipwayTestMark === undefined"));
			assertThat(driver.findElement(By.id("split-candidate-label")).getText())
				.isEqualTo("v" + candidate + " · 50%");
			assertThat(driver.findElement(By.cssSelector("#steps li.current")).getText()).startsWith("50%");
			assertThat(driver.findElement(By.cssSelector("#steps li.done")).getText()).startsWith("25%");
			assertThat(driver.findElement(By.cssSelector("#history tbody tr")).getText()).contains("step advanced");

			// Abort: all traffic back on the stable version.
			driver.findElement(By.id("abort-button")).click();
			WebElement notice = browser.visible(By.cssSelector("p.notice[role=status]"));
			assertThat(notice.getText()).isEqualTo("Aborted: all traffic is back on the stable version");
			assertThat(driver.findElement(By.id("phase")).getText()).isEqualTo("aborted");
			assertThat(driver.findElements(By.id("split-candidate"))).isEmpty();
			assertThat(driver.findElement(By.cssSelector("#history tbody tr")).getText()).contains(TestAdmin.USERNAME,
					"aborted");
			assertThat(phase(api, "iris-canary")).isEqualTo("aborted");
		}
	}

	/**
	 * An MLflow scoring server that is up ({@code GET /ping}) and fails every prediction.
	 */
	private static HttpServer failingModelServer() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", (exchange) -> {
			boolean ping = exchange.getRequestMethod().equals("GET")
					&& exchange.getRequestURI().getPath().equals("/ping");
			answer(exchange, ping ? 200 : 500,
					ping ? "" : "{\"error_code\": \"INTERNAL_ERROR\", \"message\": \"boom\"}");
		});
		server.start();
		return server;
	}

	private static void answer(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getRequestBody().readAllBytes();
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static String phase(HttpProbe api, String name) {
		return ServingDemo.json(api.getJson("/api/v1/deployments/" + name)).get("phase").asString();
	}

	/** How many ten-second buckets of the current step the candidate has requests in. */
	private static long bucketsOf(HttpProbe api, String name, int version) {
		JsonNode series = ServingDemo.json(api.getJson("/api/v1/deployments/" + name + "/traffic")).get("series");
		return series.valueStream().filter((p) -> p.get("version").asInt() == version).count();
	}

	private static String row(WebDriver driver, String name) {
		return driver.findElement(By.cssSelector("#deployments tr[data-deployment='" + name + "']")).getText();
	}

	private static <T> T waitFor(ChromeBrowser browser, Function<WebDriver, T> condition) {
		return new WebDriverWait(browser.driver(), WAIT)
			.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
			.ignoring(org.openqa.selenium.NoSuchElementException.class)
			.until(condition::apply);
	}

}
