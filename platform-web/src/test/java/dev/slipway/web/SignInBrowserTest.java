package dev.slipway.web;

import dev.slipway.SlipwayApplication;
import dev.slipway.testsupport.Requirement;
import dev.slipway.testsupport.Requires;
import dev.slipway.testsupport.TestFolders;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in page in a real browser: the form works, the CSP lets the page's own script
 * and styles load, and a signed-in user sees the navigation; the pages fit a laptop
 * screen and the keyboard reaches the skip link first.
 */
@Requires(Requirement.CHROMIUM)
@SpringBootTest(classes = SlipwayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class SignInBrowserTest {

	@DynamicPropertySource
	static void server(DynamicPropertyRegistry registry) {
		TestFolders.registerDataDir(registry, "sign-in-browser");
		TestAdmin.register(registry);
	}

	@LocalServerPort
	int port;

	@Test
	void pagesFitALaptopScreenAndStartWithASkipLink() {
		HttpProbe api = TestAdmin.signedIn(new HttpProbe("http://localhost:" + this.port));
		String experiment = json(
				api.postJson("/api/2.0/mlflow/experiments/create", "{\"name\": \"laptop-" + System.nanoTime() + "\"}"))
			.get("experiment_id")
			.asString();
		String run = json(api.postJson("/api/2.0/mlflow/runs/create",
				"{\"experiment_id\": \"" + experiment
						+ "\", \"run_name\": \"a-rather-long-run-name-to-see-how-the-table-copes-with-it\"}"))
			.get("run")
			.get("info")
			.get("run_id")
			.asString();
		api.postJson("/api/2.0/mlflow/runs/log-batch",
				"{\"run_id\": \"" + run + "\", \"metrics\": "
						+ "[{\"key\": \"loss\", \"value\": 0.5, \"timestamp\": 1, \"step\": 1}], \"params\": "
						+ "[{\"key\": \"model\", \"value\": \"xgb\"}]}");
		try (ChromeBrowser browser = ChromeBrowser.start("http://localhost:" + this.port)) {
			browser.signIn(TestAdmin.USERNAME, TestAdmin.PASSWORD);
			org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) browser.driver();
			browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1024, 768));
			for (String page : new String[] { "/experiments", "/experiments/" + experiment + "/runs",
					"/experiments/" + experiment + "/runs/" + run, "/account" }) {
				browser.open(page);
				browser.visible(By.tagName("main"));
				Object overflow = js.executeScript(
						"return document.documentElement.scrollWidth - document.documentElement.clientWidth");
				assertThat(((Number) overflow).intValue()).as("horizontal overflow of %s at 1024 px", page)
					.isLessThanOrEqualTo(0);
			}
			browser.open("/experiments");
			browser.driver().findElement(By.tagName("body")).sendKeys(org.openqa.selenium.Keys.TAB);
			Object focused = js.executeScript("return document.activeElement.textContent.trim()");
			assertThat(focused).as("the first stop of the keyboard").asString().containsIgnoringCase("skip");
		}
	}

	private static tools.jackson.databind.JsonNode json(java.net.http.HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return tools.jackson.databind.json.JsonMapper.builder().build().readTree(response.body());
	}

	@Test
	void signingInShowsTheNavigationAndWhoIsSignedIn() {
		try (ChromeBrowser browser = ChromeBrowser.start("http://localhost:" + this.port)) {
			browser.open("/login");
			assertThat(browser.visible(By.name("username")).isDisplayed()).isTrue();
			browser.screenshot("login");
			browser.signIn(TestAdmin.USERNAME, TestAdmin.PASSWORD);
			String header = browser.visible(By.tagName("header")).getText();
			assertThat(header).contains("Experiments", "Models", "Admin", TestAdmin.USERNAME);
			Object styled = ((org.openqa.selenium.JavascriptExecutor) browser.driver())
				.executeScript("return getComputedStyle(document.querySelector('header')).backgroundColor");
			assertThat(styled).as("the stylesheet loaded under the CSP").isNotEqualTo("rgba(0, 0, 0, 0)");
			for (String[] page : new String[][] { { "/admin/users", "Admin" }, { "/models", "Models" },
					{ "/experiments", "Experiments" } }) {
				browser.open(page[0]);
				assertThat(browser.visible(By.cssSelector("nav.nav a[aria-current=page]")).getText()).as(page[0])
					.isEqualTo(page[1]);
			}
		}
	}

}
