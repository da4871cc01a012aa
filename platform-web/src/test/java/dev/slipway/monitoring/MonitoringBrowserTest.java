package dev.slipway.monitoring;

import dev.slipway.SlipwayApplication;
import dev.slipway.testsupport.Requirement;
import dev.slipway.testsupport.Requires;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.web.ChromeBrowser;
import dev.slipway.web.HttpProbe;
import dev.slipway.web.TestAdmin;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Monitoring in a real browser, under the strict CSP, after a client sent three weeks of
 * data that drift from day 10 ({@link MonitoringDemo}): the home shows the model
 * drifting, the dashboard draws its charts and lists the drifted features, a window can
 * be picked, and the drill-down overlays the reference and current distributions. Writes
 * {@code docs/images/monitoring-*.png}.
 */
@Requires(Requirement.CHROMIUM)
@SpringBootTest(classes = SlipwayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class MonitoringBrowserTest {

	@DynamicPropertySource
	static void server(DynamicPropertyRegistry registry) {
		TestFolders.registerDataDir(registry, "monitoring-browser");
		TestAdmin.register(registry);
	}

	@LocalServerPort
	int port;

	@Test
	void anOpsPersonFollowsTheDriftFromTheHomeToAFeature() {
		MonitoringDemo demo = MonitoringDemo.build(TestAdmin.signedIn(new HttpProbe("http://localhost:" + this.port)));
		try (ChromeBrowser browser = ChromeBrowser.start("http://localhost:" + this.port)) {
			WebDriver driver = browser.driver();
			browser.signIn(TestAdmin.USERNAME, TestAdmin.PASSWORD);
			browser.open("/monitoring");
			assertThat(driver.findElement(By.cssSelector("nav.nav a[aria-current=page]")).getText())
				.isEqualTo("Monitoring");
			String row = browser.visible(By.cssSelector("tr[data-monitor='" + demo.monitorId + "']")).getText();
			assertThat(row).contains(demo.model, "transactions", "Drifting", "100%", "accuracy");
			assertThat(driver.findElements(By.cssSelector("tr[data-monitor='" + demo.monitorId + "'] polyline")))
				.hasSize(2);
			browser.screenshot("monitoring-home");

			driver.findElement(By.linkText("transactions")).click();
			browser.until((d) -> d.getCurrentUrl().endsWith("/monitoring/" + demo.monitorId));
			waitForCharts(browser, 4);
			assertThat(browser.visible(By.id("features")).getText()).contains("Dataset drift", "amount", "country",
					"hour", "Drift");
			assertThat(driver.findElement(By.id("alert-rules")).getText()).contains("dataset drift", "FIRING");
			browser.screenshotPage("monitoring-dashboard");

			// An early, labelled window: no drift, and its confusion matrix.
			Select windows = new Select(driver.findElement(By.name("window")));
			windows.selectByIndex(MonitoringDemo.DAYS - 1);
			browser.until((d) -> d.getCurrentUrl().contains("window="));
			waitForCharts(browser, 4);
			assertThat(browser.visible(By.id("features")).getText()).contains("No dataset drift");
			assertThat(driver.findElement(By.id("confusion")).getText()).contains("0", "1");

			driver.findElement(By.cssSelector("#feature-table tr[data-column='amount'] a")).click();
			browser.until((d) -> d.getCurrentUrl().contains("/columns/amount"));
			waitForCharts(browser, 2);
			assertThat(browser.visible(By.id("latest-verdict")).getText()).contains("DRIFT", "wasserstein");
			assertThat(driver.findElement(By.id("summary")).getText()).contains("Mean", "Median");
			browser.screenshotPage("monitoring-feature");
		}
	}

	private static void waitForCharts(ChromeBrowser browser, int charts) {
		browser.until((d) -> d.findElements(By.cssSelector(".chart canvas")).size() >= charts);
	}

}
