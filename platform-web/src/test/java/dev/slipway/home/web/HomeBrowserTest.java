package dev.slipway.home.web;

import java.time.Duration;

import dev.slipway.SlipwayApplication;
import dev.slipway.registry.Stage;
import dev.slipway.security.Role;
import dev.slipway.testsupport.Requirement;
import dev.slipway.testsupport.Requires;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.tracking.RunStatus;
import dev.slipway.web.ChromeBrowser;
import dev.slipway.web.TestAdmin;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The home page in a real browser, under the strict CSP: links in the MLflow UI's form
 * (what {@code mlflow} prints after a run) land on the run and the model version, also
 * when followed before signing in; other fragments stay on the page; and the overview
 * with its cards, written to {@code docs/images/home.png}.
 */
@SpringBootTest(classes = SlipwayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
@Requires(Requirement.CHROMIUM)
class HomeBrowserTest {

	@DynamicPropertySource
	static void server(DynamicPropertyRegistry registry) {
		TestFolders.registerDataDir(registry, "home-browser");
		TestAdmin.register(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	/**
	 * Whether this run writes the screenshot: only on a database of its own, so it shows
	 * this test's data alone.
	 */
	boolean screenshots() {
		return true;
	}

	@Test
	void mlflowLinksLandOnTheirPagesAndTheOverviewShowsEachCard() {
		HomeFixture fixture = new HomeFixture(this.context);
		long now = System.currentTimeMillis();
		String churn = fixture.experiment(name("churn-prediction"), false);
		String fraud = fixture.experiment(name("fraud-features"), false);
		String forecast = fixture.experiment(name("demand-forecast"), false);
		fixture.run(forecast, "prophet-weekly", ago(now, Duration.ofDays(3)), RunStatus.FINISHED);
		String forest = fixture.run(fraud, "isolation-forest", ago(now, Duration.ofDays(2)), RunStatus.FINISHED);
		String boosted = fixture.run(fraud, "xgb-fraud", ago(now, Duration.ofHours(20)), RunStatus.FINISHED);
		fixture.run(churn, "xgb-baseline", ago(now, Duration.ofHours(5)), RunStatus.FAILED);
		String tuned = fixture.run(churn, "xgb-tuned", ago(now, Duration.ofMinutes(40)), RunStatus.FINISHED);
		fixture.run(churn, "lgbm-depth-8", ago(now, Duration.ofMinutes(6)), RunStatus.RUNNING);
		String editor = fixture.person(Role.EDITOR, name("maria"));
		String detector = fixture.modelOf(name("fraud-detector"), editor, forest, boosted);
		String churnModel = fixture.modelOf(name("churn-model"), null, tuned);
		fixture.stage(detector, 1, Stage.PRODUCTION);
		fixture.stage(churnModel, 1, Stage.STAGING);
		fixture.stage(detector, 2, Stage.STAGING);
		fixture.request(editor, detector, "champion", "Version 1 beats the rules engine on last month's data");
		String runPath = "/experiments/" + churn + "/runs/" + tuned;

		try (ChromeBrowser browser = ChromeBrowser.start(base())) {
			browser.signIn(TestAdmin.USERNAME, TestAdmin.PASSWORD);

			// What mlflow prints after a run: "🏃 View run xgb-tuned at:
			// http://host/#/experiments/<id>/runs/<run>".
			// Opened from elsewhere, the home page loads with the fragment.
			browser.open("/experiments");
			browser.open("/#" + runPath);
			landsOn(browser, runPath);
			assertThat(browser.visible(By.tagName("h1")).getText()).contains("xgb-tuned");
			// Pasted over the home page's address, only the fragment changes.
			browser.open("/");
			browser.visible(By.id("recent-runs"));
			browser.open("/#/models/" + detector + "/versions/1");
			landsOn(browser, "/models/" + detector + "/versions/1");
			assertThat(browser.visible(By.tagName("h1")).getText()).contains(detector + " v1");
			// The skip link's fragment, like any other, stays on the page.
			browser.open("/#main");
			assertThat(browser.visible(By.tagName("h1")).getText()).isEqualTo("Overview");
			assertThat(browser.driver().getCurrentUrl()).isEqualTo(base() + "/#main");

			// Followed before signing in, the link waits for the sign-in and lands after
			// it.
			browser.driver().findElement(By.cssSelector("header .who button")).click();
			browser.until((d) -> d.getCurrentUrl().contains("/login"));
			browser.open("/#" + runPath);
			landsOn(browser, "/login");
			browser.signIn(TestAdmin.USERNAME, TestAdmin.PASSWORD);
			landsOn(browser, runPath);

			browser.open("/");
			assertThat(browser.visible(By.id("pending-decisions")).getText()).contains("Waiting for your decision",
					detector + " v1", "alias @champion", editor);
			assertThat(browser.visible(By.id("live-models")).getText()).contains(detector, "v1 Production",
					"v2 Staging", churnModel, "v1 Staging");
			assertThat(browser.visible(By.id("recent-runs")).getText()).contains("Recent runs");
			assertThat(browser.visible(By.id("recent-experiments")).getText()).contains("Recent experiments");
			assertThat(browser.visible(By.id("operations")).getText()).contains("Health", "API token");
			Object styled = ((org.openqa.selenium.JavascriptExecutor) browser.driver())
				.executeScript("return getComputedStyle(document.querySelector('.home-grid')).display");
			assertThat(styled).as("home.css loaded under the CSP").isEqualTo("grid");
			if (screenshots()) {
				assertThat(browser.driver().findElement(By.id("recent-runs")).getText()).contains("lgbm-depth-8",
						"RUNNING", "xgb-tuned", "FAILED", "prophet-weekly");
				browser.screenshotPage("home");
			}
		}
	}

	/**
	 * A name for this test's data: as it is on a database of its own (for the
	 * screenshot), made unique on a shared one.
	 */
	private String name(String name) {
		return screenshots() ? name : HomeFixture.name(name);
	}

	private static long ago(long now, Duration age) {
		return now - age.toMillis();
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

	/** Waits until the browser shows {@code path}, with no fragment left over. */
	private void landsOn(ChromeBrowser browser, String path) {
		browser.until((d) -> d.getCurrentUrl().equals(base() + path));
	}

}
