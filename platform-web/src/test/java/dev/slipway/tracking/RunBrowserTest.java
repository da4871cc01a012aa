package dev.slipway.tracking;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.slipway.SlipwayApplication;
import dev.slipway.testsupport.Requirement;
import dev.slipway.testsupport.Requires;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.web.ChromeBrowser;
import dev.slipway.web.TestAdmin;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The run, artifact and compare pages in a real browser under the strict CSP: charts are
 * drawn, toggles work, previews show, tags are edited, runs compare, and a running run's
 * page follows it live without a reload.
 */
@Requires(Requirement.CHROMIUM)
@SpringBootTest(classes = SlipwayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class RunBrowserTest {

	@DynamicPropertySource
	static void server(DynamicPropertyRegistry registry) {
		TestFolders.registerDataDir(registry, "run-browser");
		TestAdmin.register(registry);
	}

	@LocalServerPort
	int port;

	@Test
	void runPageChartsPreviewsTagsCompareAndLiveUpdates() {
		RunPageTest.Seed seed = RunPageTest.Seed.of(this.port);
		String experiment = seed.experiment("browser");
		String run = seed.run(experiment, "resnet-baseline",
				Map.of("mlflow.source.name", "train.py", "mlflow.source.git.commit", "9f2c1e7", "team", "vision"));
		seed.params(run, Map.of("lr", "0.01", "batch_size", "64", "optimizer", "adam"));
		seed.points(run, "loss", 3000);
		seed.points(run, "accuracy", 2000);
		seed.points(run, "val_loss", 1000);
		seed.artifact(experiment, run, "predictions.csv",
				"id,label,score\n1,cat,0.91\n2,dog,0.87\n3,cat,0.55\n".getBytes(StandardCharsets.UTF_8));
		seed.artifact(experiment, run, "metrics.json", "{\"accuracy\": 0.93}".getBytes(StandardCharsets.UTF_8));
		seed.artifact(experiment, run, "confusion.png", RunPageTest.Seed.PNG);
		seed.artifact(experiment, run, "model/MLmodel",
				"flavors:\n  python_function:\n    loader_module: mlflow.sklearn\n  sklearn:\n    sklearn_version: 1.5.0\n"
					.getBytes(StandardCharsets.UTF_8));
		seed.finish(run);
		String other = seed.run(experiment, "resnet-wide", Map.of());
		seed.params(other, Map.of("lr", "0.003", "batch_size", "64", "optimizer", "adam"));
		seed.points(other, "loss", 2500);
		seed.finish(other);

		try (ChromeBrowser browser = ChromeBrowser.start("http://localhost:" + this.port)) {
			browser.signIn(TestAdmin.USERNAME, TestAdmin.PASSWORD);
			String runPage = RunPageTest.runPath(experiment, run);
			browser.open(runPage);
			assertThat(browser.visible(By.cssSelector("nav.nav a[aria-current=page]")).getText())
				.isEqualTo("Experiments");
			browser.visible(By.cssSelector("figure[data-key='loss'] canvas"));
			browser.until((d) -> canvasWidth(d, "loss") > 0);
			assertThat(browser.visible(By.cssSelector("figure[data-key='loss'] .chart")).getAttribute("data-series"))
				.isEqualTo("1");
			script(browser.driver(), "document.getElementById('metrics').scrollIntoView()");
			browser.screenshotPage("ui-run");

			browser.visible(By.id("log-scale")).click();
			browser.until((d) -> canvasWidth(d, "loss") > 0);
			browser.visible(By.id("x-time")).click();
			browser.until((d) -> canvasWidth(d, "loss") > 0);
			assertThat(script(browser.driver(),
					"return document.querySelector(\"figure[data-key='loss'] .u-legend\") !== null"))
				.isEqualTo(true);

			browser.visible(By.id("metric-filter")).sendKeys("acc");
			browser.until((d) -> !d.findElement(By.cssSelector("figure[data-key='loss']")).isDisplayed());
			assertThat(browser.visible(By.cssSelector("figure[data-key='accuracy']")).isDisplayed()).isTrue();

			browser.visible(By.linkText("predictions.csv")).click();
			assertThat(browser.visible(By.id("csv-table")).getText()).contains("label", "dog", "0.87");
			browser.screenshot("ui-artifact-preview");
			browser.visible(By.linkText("model/")).click();
			browser.visible(By.linkText("MLmodel")).click();
			assertThat(browser.visible(By.cssSelector(".pill.flavor")).getText()).isEqualTo("python_function");

			browser.open(runPage);
			browser.visible(By.id("tag-key")).sendKeys("stage");
			browser.visible(By.id("tag-value")).sendKeys("candidate");
			browser.visible(By.cssSelector("#tag-form button[type=submit]")).click();
			assertThat(browser.visible(By.cssSelector("tr[data-tag='stage']")).getText()).contains("candidate");

			browser.open("/experiments/" + experiment + "/compare?runIds=" + run + "&runIds=" + other);
			assertThat(browser.visible(By.cssSelector("#param-table tr.differs")).getText()).contains("lr", "0.01",
					"0.003");
			script(browser.driver(), "document.querySelector(\"figure[data-key='loss']\").scrollIntoView()");
			browser.until((d) -> "2"
				.equals(d.findElement(By.cssSelector("figure[data-key='loss'] .chart")).getAttribute("data-series")));
			browser.until((d) -> canvasWidth(d, "loss") > 0);
			assertThat(browser.visible(By.cssSelector("#scatter svg circle")).isDisplayed()).isTrue();
			browser.screenshotPage("ui-compare");
			browser.visible(By.id("only-differences")).click();
			browser.until((d) -> !d.findElement(By.cssSelector("#param-table tr.same")).isDisplayed());

			String live = seed.run(experiment, "live-run", Map.of());
			seed.metric(live, "live_metric", 1.0, 0);
			browser.open(RunPageTest.runPath(experiment, live));
			assertThat(browser.visible(By.id("run-status")).getText()).isEqualTo("RUNNING");
			browser.visible(By.cssSelector("figure[data-key='live_metric'] canvas"));
			seed.metric(live, "live_metric", 42.5, 1);
			seed.metric(live, "new_metric", 7.0, 0);
			browser.until((d) -> d.findElement(By.cssSelector("tr[data-metric='live_metric'] .metric-value"))
				.getText()
				.equals("42.5"));
			seed.finish(live);
			browser.until((d) -> d.findElement(By.id("run-status")).getText().equals("FINISHED"));
			assertThat(browser.visible(By.cssSelector("tr[data-metric='new_metric'] .metric-value")).getText())
				.isEqualTo("7");
			assertThat(browser.visible(By.id("run-ended")).getText()).isNotEmpty();
		}
	}

	private static long canvasWidth(WebDriver driver, String key) {
		Object width = script(driver,
				"const c = document.querySelector(\"figure[data-key='" + key + "'] canvas\"); return c ? c.width : 0;");
		return ((Number) width).longValue();
	}

	private static Object script(WebDriver driver, String script) {
		return ((JavascriptExecutor) driver).executeScript(script);
	}

}
