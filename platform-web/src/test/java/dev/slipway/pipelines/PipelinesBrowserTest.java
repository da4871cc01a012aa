package dev.slipway.pipelines;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import dev.slipway.SlipwayApplication;
import dev.slipway.testsupport.Requirement;
import dev.slipway.testsupport.Requires;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.web.ChromeBrowser;
import dev.slipway.web.HttpProbe;
import dev.slipway.web.TestAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pipelines in a real browser, under the strict CSP: the empty list says how to upload; a
 * pipeline's page draws its graph and builds the start form from the parameters; a run
 * started there is followed live (the graph's boxes turn SUCCEEDED, the training log
 * grows in its viewer); a second run fails with a mixed graph (cached, succeeded, failed,
 * skipped) and Retry finishes it; a long step is cancelled. Writes
 * {@code docs/images/pipelines-*.png}.
 */
@Requires(Requirement.CHROMIUM)
@SpringBootTest(classes = SlipwayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class PipelinesBrowserTest {

	/**
	 * Long enough for a run of the demo (a two-second step, tried twice when it fails).
	 */
	private static final Duration RUN_WAIT = Duration.ofSeconds(90);

	@DynamicPropertySource
	static void server(DynamicPropertyRegistry registry) {
		TestFolders.registerDataDir(registry, "pipelines-browser");
		TestAdmin.register(registry);
		PipelineDemo.settings(registry);
	}

	@LocalServerPort
	int port;

	@Test
	void aRunIsStartedFollowedRetriedAndCancelledFromThePages(@TempDir Path gates) throws Exception {
		HttpProbe api = TestAdmin.signedIn(new HttpProbe("http://localhost:" + this.port));
		try (ChromeBrowser browser = ChromeBrowser.start("http://localhost:" + this.port)) {
			WebDriver driver = browser.driver();
			browser.signIn(TestAdmin.USERNAME, TestAdmin.PASSWORD);
			browser.open("/pipelines");
			assertThat(driver.findElement(By.cssSelector("nav.nav a[aria-current=page]")).getText())
				.isEqualTo("Pipelines");
			assertThat(browser.visible(By.id("no-pipelines")).getText()).contains("No pipelines yet",
					"--data-binary @pipeline.yaml", "/api/v1/pipelines");

			String name = "churn-train";
			PipelineDemo.upload(api, PipelineDemo.demo(name, "Prepares the churn data, trains a model on it"));
			PipelineDemo.upload(api,
					PipelineDemo.demo(name, "Prepares the churn data, trains a model on it and reports on both"));
			browser.open("/pipelines/" + name);
			assertThat(driver.findElements(By.cssSelector("#graph svg.dag g.dag-node"))).hasSize(5);
			assertThat(driver.findElement(By.cssSelector("#graph g.dag-node[data-node=train]")).getText())
				.contains("retries 1, timeout 10m");
			assertThat(driver.findElements(By.cssSelector("#versions-table tbody tr"))).hasSize(2);
			browser.screenshotPage("pipelines-pipeline");

			// A run from the form, followed live.
			Path gate = Files.createFile(gates.resolve("open"));
			replace(driver, "param-rows", "5");
			replace(driver, "param-gate", gate.toString());
			driver.findElement(By.id("start-button")).click();
			browser.until((d) -> d.getCurrentUrl().matches(".*/pipeline-runs/\\d+$"));
			assertThat(browser.visible(By.cssSelector("p.notice")).getText()).contains("started");
			WebElement trainLog = waitFor(browser,
					(d) -> d.findElements(By.cssSelector("#log-train-1 pre.log[data-stream=stdout]"))
						.stream()
						.filter((pre) -> pre.getText().contains("epoch 1"))
						.findFirst()
						.orElse(null));
			assertThat(trainLog.getText()).startsWith("epoch 1 loss 0.8");
			waitFor(browser,
					(d) -> d.findElement(By.cssSelector("#log-train-1 pre.log[data-stream=stdout]"))
						.getText()
						.contains("epoch 4"));
			waitFor(browser, (d) -> d.findElements(By.cssSelector("#dag g.dag-node.state-succeeded")).size() == 5);
			waitFor(browser, (d) -> d.findElement(By.id("run-state")).getText().equals("SUCCEEDED"));
			assertThat(driver.findElement(By.cssSelector("#step-train")).getText()).contains("SUCCEEDED", "1/2",
					"score", "0.91");

			// A second run: prepare comes from the cache, training fails on both
			// attempts.
			browser.open("/pipelines/" + name);
			replace(driver, "param-rows", "5");
			replace(driver, "param-lr", "0.2");
			Path closed = gates.resolve("closed");
			replace(driver, "param-gate", closed.toString());
			driver.findElement(By.id("start-button")).click();
			browser.until((d) -> d.getCurrentUrl().matches(".*/pipeline-runs/\\d+$"));
			String runUrl = driver.getCurrentUrl();
			waitFor(browser, (d) -> d.findElement(By.id("run-state")).getText().equals("FAILED"));
			assertThat(states(driver)).containsExactly("state-cached", "state-succeeded", "state-failed",
					"state-skipped", "state-skipped");
			assertThat(driver.findElement(By.cssSelector("#dag g.dag-node[data-node=prepare]")).getText())
				.contains("cached from run");
			assertThat(driver.findElement(By.cssSelector("#step-prepare a.cached-from")).getText())
				.startsWith("cached from run");
			assertThat(driver.findElement(By.cssSelector("#dag g.dag-node[data-node=train]")).getText())
				.contains("attempt 2/2");
			driver.findElement(By.cssSelector("#log-train-2 .log-tab[data-stream=stderr]")).click();
			waitFor(browser,
					(d) -> d.findElement(By.cssSelector("#log-train-2 pre.log[data-stream=stderr]"))
						.getText()
						.contains("gate closed"));
			driver.findElement(By.cssSelector("#log-train-2 .log-tab[data-stream=stdout]")).click();
			browser.screenshotPage("pipelines-run");

			// Retry, once the gate is open: the failed and skipped steps run again (the
			// two after training find the first run's results for the same score).
			Files.createFile(closed);
			driver.findElement(By.id("retry-button")).click();
			browser.until((d) -> d.getCurrentUrl().equals(runUrl));
			waitFor(browser, (d) -> d.findElement(By.id("run-state")).getText().equals("SUCCEEDED"));
			assertThat(states(driver)).containsExactly("state-cached", "state-succeeded", "state-succeeded",
					"state-cached", "state-cached");
			assertThat(driver.findElement(By.id("history-table")).getText()).contains("retry of train");

			// A long step, cancelled from its page.
			PipelineDemo.upload(api, PipelineDemo.slow("long-wait"));
			browser.open("/pipelines/long-wait");
			driver.findElement(By.id("start-button")).click();
			browser.until((d) -> d.getCurrentUrl().matches(".*/pipeline-runs/\\d+$"));
			waitFor(browser,
					(d) -> d.findElements(By.cssSelector("#log-wait-1 pre.log[data-stream=stdout]"))
						.stream()
						.anyMatch((pre) -> pre.getText().contains("waiting")));
			driver.findElement(By.id("cancel-button")).click();
			waitFor(browser, (d) -> d.findElement(By.id("run-state")).getText().equals("CANCELED"));
			assertThat(driver.findElements(By.cssSelector("#dag g.dag-node.state-canceled"))).hasSize(1);
			assertThat(driver.findElements(By.id("retry-button"))).hasSize(1);

			browser.open("/pipelines");
			assertThat(browser.visible(By.id("pipelines")).getText()).contains(name, "long-wait", "CANCELED",
					"SUCCEEDED");
			browser.screenshot("pipelines-list");
		}
	}

	private static void replace(WebDriver driver, String id, String value) {
		WebElement input = driver.findElement(By.id(id));
		input.clear();
		input.sendKeys(value);
	}

	/** The state class of each box of the run's graph, in the definition's order. */
	private static List<String> states(WebDriver driver) {
		return driver.findElements(By.cssSelector("#dag g.dag-node"))
			.stream()
			.map((node) -> node.getDomAttribute("class").replace("dag-node", "").strip())
			.toList();
	}

	private static <T> T waitFor(ChromeBrowser browser, Function<WebDriver, T> condition) {
		return new WebDriverWait(browser.driver(), RUN_WAIT)
			.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
			.ignoring(org.openqa.selenium.NoSuchElementException.class)
			.until(condition::apply);
	}

}
