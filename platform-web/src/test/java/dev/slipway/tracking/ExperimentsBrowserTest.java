package dev.slipway.tracking;

import java.util.ArrayList;
import java.util.List;

import dev.slipway.SlipwayApplication;
import dev.slipway.testsupport.Requirement;
import dev.slipway.testsupport.Requires;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.tracking.RunsTablePagesTest.Seed;
import dev.slipway.web.ChromeBrowser;
import dev.slipway.web.HttpProbe;
import dev.slipway.web.TestAdmin;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The experiment tracking pages in a real browser, under the strict CSP: the experiments
 * list and its forms, then the runs table: filter, inline errors, sorting, remembered
 * columns, nested runs, live refresh of a running run, bulk delete and compare.
 */
@Requires(Requirement.CHROMIUM)
@SpringBootTest(classes = SlipwayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ExperimentsBrowserTest {

	@DynamicPropertySource
	static void server(DynamicPropertyRegistry registry) {
		TestFolders.registerDataDir(registry, "experiments-browser");
		TestAdmin.register(registry);
	}

	@LocalServerPort
	int port;

	@Test
	void findInspectAndCompareRuns() {
		Seed seed = new Seed(TestAdmin.signedIn(new HttpProbe("http://localhost:" + this.port)));
		String experiment = seed.experiment("churn-model");
		long start = System.currentTimeMillis() - 3_600_000L;
		List<String> expected = new ArrayList<>();
		List<String> plain = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			double rmse = 0.05 + i * 0.03;
			String model = (i % 2 == 0) ? "xgb" : "lgbm";
			String run = seed.run(experiment, "trial-" + i, start + i * 1000L, rmse, model, null);
			seed.finish(run);
			plain.add(run);
			if (model.equals("xgb") && rmse < 0.5) {
				expected.add(run);
			}
		}
		String parent = seed.run(experiment, "sweep", start + 40_000L, 0.6, "nest", null);
		String childA = seed.run(experiment, "sweep-child-1", start + 41_000L, 0.61, "nest", parent);
		String childB = seed.run(experiment, "sweep-child-2", start + 42_000L, 0.62, "nest", parent);
		for (String run : List.of(parent, childA, childB)) {
			seed.finish(run);
		}
		String live = seed.run(experiment, "live-run", start + 50_000L, 0.7, "live", null);
		try (ChromeBrowser browser = ChromeBrowser.start("http://localhost:" + this.port)) {
			WebDriver driver = browser.driver();
			browser.signIn(TestAdmin.USERNAME, TestAdmin.PASSWORD);

			// The experiments list, and its create and rename forms.
			browser.open("/experiments");
			assertThat(browser.visible(By.id("experiments")).getText()).contains("churn-model", "Default");
			assertThat(driver.findElement(By.cssSelector("nav.nav a[aria-current=page]")).getText())
				.isEqualTo("Experiments");
			browser.screenshotPage("ui-experiments");
			browser.visible(By.cssSelector(".page-head details.menu summary")).click();
			browser.visible(By.id("new-name")).sendKeys("made-in-the-browser");
			driver.findElement(By.cssSelector("#create-experiment button[type=submit]")).click();
			browser.until((d) -> d.getCurrentUrl().matches(".*/experiments/[0-9]+/runs$"));
			String created = driver.getCurrentUrl().replaceAll(".*/experiments/([0-9]+)/runs$", "$1");
			assertThat(browser.visible(By.cssSelector("p.notice")).getText())
				.contains("Created experiment made-in-the-browser");
			assertThat(driver.getPageSource()).contains("No runs yet");
			browser.open("/experiments");
			String row = "tr[data-experiment-id='" + created + "']";
			browser.visible(By.cssSelector(row + " td.actions details summary")).click();
			WebElement newName = browser.visible(By.cssSelector(row + " td.actions input[name=name]"));
			newName.clear();
			newName.sendKeys("renamed-in-the-browser", Keys.ENTER);
			assertThat(browser.visible(By.cssSelector("p.notice")).getText())
				.contains("Renamed to renamed-in-the-browser");
			assertThat(browser.visible(By.id("experiments")).getText()).contains("renamed-in-the-browser");

			// The runs table: filter, then a bad filter.
			String runs = "/experiments/" + experiment + "/runs";
			browser.open(runs);
			assertThat(rowIds(driver)).hasSize(34);
			WebElement filter = browser.visible(By.id("filter"));
			filter.sendKeys("metrics.rmse < 0.5 and params.model = 'xgb'", Keys.ENTER);
			browser.until((d) -> d.getCurrentUrl().contains("filter="));
			assertThat(rowIds(driver)).containsExactlyInAnyOrderElementsOf(expected);
			filter = browser.visible(By.id("filter"));
			filter.clear();
			filter.sendKeys("metrics.rmse <> 'x' and", Keys.ENTER);
			assertThat(browser.visible(By.id("filter-error")).getText()).isNotBlank();
			assertThat(driver.findElement(By.id("filter")).getDomAttribute("aria-invalid")).isEqualTo("true");

			// Choose the rmse column; it stays after a reload, and sorts.
			browser.open(runs);
			browser.visible(By.cssSelector("#column-picker summary")).click();
			browser.visible(By.cssSelector("#column-picker input[value='metrics.rmse']")).click();
			driver.findElement(By.id("save-columns")).click();
			browser.visible(By.cssSelector("th[data-col='metrics.rmse']"));
			driver.navigate().refresh();
			browser.visible(By.cssSelector("th[data-col='metrics.rmse'] a")).click();
			browser.until((d) -> d.getCurrentUrl().contains("orderBy=metrics.rmse"));
			assertThat(browser.visible(By.cssSelector("th[data-col='metrics.rmse']")).getDomAttribute("aria-sort"))
				.isEqualTo("descending");
			assertThat(driver.findElement(By.cssSelector("#runs tbody tr td[data-col='metrics.rmse']")).getText())
				.isEqualTo("0.92");

			// Nested runs follow their parent, indented.
			browser.open(runs);
			List<String> order = rowIds(driver);
			int parentAt = order.indexOf(parent);
			assertThat(order.subList(parentAt + 1, parentAt + 3)).containsExactlyInAnyOrder(childA, childB);
			assertThat(driver.findElement(By.cssSelector("tr[data-run-id='" + childA + "']")).getDomAttribute("class"))
				.contains("depth-1");
			assertThat(driver.findElement(By.cssSelector("tr[data-run-id='" + live + "']")).getDomAttribute("class"))
				.contains("running");
			browser.screenshotPage("ui-runs");

			// The running run updates in place when it logs and finishes.
			seed.logMetric(live, "rmse", 0.123, 1);
			seed.finish(live);
			String liveRow = "tr[data-run-id='" + live + "']";
			browser.until((d) -> d.findElement(By.cssSelector(liveRow + " td[data-col='metrics.rmse']"))
				.getText()
				.equals("0.123"));
			browser.until((d) -> d.findElement(By.cssSelector(liveRow + " td[data-col='status']"))
				.getText()
				.equals("FINISHED"));

			// Bulk delete two runs.
			check(driver, plain.get(0));
			check(driver, plain.get(1));
			browser.visible(By.cssSelector("#delete-menu summary")).click();
			browser.visible(By.id("delete-runs")).click();
			assertThat(browser.visible(By.cssSelector("p.notice")).getText()).contains("Deleted 2 runs");
			assertThat(rowIds(driver)).hasSize(32).doesNotContain(plain.get(0), plain.get(1));

			// Compare two runs.
			check(driver, plain.get(2));
			check(driver, plain.get(3));
			browser.until((d) -> d.findElement(By.id("compare-runs")).isEnabled());
			driver.findElement(By.id("compare-runs")).click();
			browser.until((d) -> d.getCurrentUrl().contains("/compare"));
			assertThat(driver.getCurrentUrl()).contains("/experiments/" + experiment + "/compare", plain.get(2),
					plain.get(3));
		}
	}

	private static List<String> rowIds(WebDriver driver) {
		return driver.findElements(By.cssSelector("#runs tbody tr"))
			.stream()
			.map((row) -> row.getDomAttribute("data-run-id"))
			.toList();
	}

	private static void check(WebDriver driver, String runId) {
		driver.findElement(By.cssSelector("tr[data-run-id='" + runId + "'] input[name=runIds]")).click();
	}

}
