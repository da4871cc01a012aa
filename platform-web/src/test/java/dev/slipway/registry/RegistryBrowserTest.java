package dev.slipway.registry;

import java.net.http.HttpResponse;
import java.util.List;

import dev.slipway.SlipwayApplication;
import dev.slipway.security.Authenticator;
import dev.slipway.security.Role;
import dev.slipway.security.UserService;
import dev.slipway.testsupport.Requirement;
import dev.slipway.testsupport.Requires;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.web.ChromeBrowser;
import dev.slipway.web.HttpProbe;
import dev.slipway.web.TestAdmin;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry in a real browser, under the strict CSP: an editor registers a version
 * through the MLflow REST API and asks for Production on its page; a maintainer approves
 * it; the admin promotes version 2 directly, then rolls Production back to version 1 with
 * a reason. Every step passes its confirmation page, and the model page's audit trail
 * records each one.
 */
@Requires(Requirement.CHROMIUM)
@SpringBootTest(classes = SlipwayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class RegistryBrowserTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String API = "/api/2.0/mlflow/";

	@DynamicPropertySource
	static void server(DynamicPropertyRegistry registry) {
		TestFolders.registerDataDir(registry, "registry-browser");
		TestAdmin.register(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@Autowired
	Authenticator authenticator;

	@Autowired
	RegistryService registry;

	@Test
	void requestApprovePromoteAndRollBack() {
		ModelPagesFixture fixture = new ModelPagesFixture(this.port, this.users, this.authenticator, this.registry);
		String editor = fixture.person(Role.EDITOR);
		String maintainer = fixture.person(Role.MAINTAINER);
		HttpProbe asEditor = new HttpProbe("http://localhost:" + this.port).basic(editor, ModelPagesFixture.PASSWORD);
		String model = "fraud-detector-" + (System.nanoTime() % 100_000);
		ok(asEditor.postJson(API + "registered-models/create",
				"{\"name\": \"" + model + "\", \"description\": \"Scores card transactions for fraud.\"}"));
		String firstRun = run(asEditor, "xgb-baseline", 0.142);
		ok(asEditor.postJson(API + "model-versions/create", "{\"name\": \"" + model + "\", \"source\": \"runs:/"
				+ firstRun + "/model\", \"run_id\": \"" + firstRun + "\"}"));
		String modelPath = "/models/" + model;

		try (ChromeBrowser browser = ChromeBrowser.start("http://localhost:" + this.port)) {
			WebDriver driver = browser.driver();

			// The editor finds the model and asks for Production on version 1's page.
			browser.signIn(editor, ModelPagesFixture.PASSWORD);
			browser.open("/models");
			assertThat(browser.visible(By.id("models")).getText()).contains(model, "v1", "None");
			assertThat(driver.findElement(By.cssSelector("nav.nav a[aria-current=page]")).getText())
				.isEqualTo("Models");
			driver.findElement(By.linkText(model)).click();
			browser.visible(By.cssSelector("#version-table a")).click();
			browser.until((d) -> d.getCurrentUrl().endsWith(modelPath + "/versions/1"));
			assertThat(browser.visible(By.id("lineage-run")).getText()).isEqualTo("xgb-baseline");
			new Select(driver.findElement(By.id("request-target"))).selectByVisibleText("stage Production");
			driver.findElement(By.id("request-comment")).sendKeys("Baseline beats the rules engine");
			driver.findElement(By.cssSelector("#request-form button[type=submit]")).click();
			assertThat(browser.visible(By.id("changes")).getText())
				.contains("Version 1 will move from None to Production.");
			browser.screenshotPage("registry-confirm");
			driver.findElement(By.id("confirm-button")).click();
			assertThat(browser.visible(By.cssSelector("p.notice")).getText())
				.contains("Requested stage Production for version 1");
			assertThat(driver.findElement(By.id("requests")).getText()).contains("PENDING", "Withdraw");
			signOut(browser);

			// The maintainer approves it from the model page.
			browser.signIn(maintainer, ModelPagesFixture.PASSWORD);
			browser.open(modelPath);
			WebElement pending = browser.visible(By.cssSelector("#requests tr[data-request]"));
			pending.findElement(By.name("comment")).sendKeys("Approved after review");
			pending.findElement(By.cssSelector("button.approve")).click();
			assertThat(browser.visible(By.id("confirm-title")).getText()).startsWith("Approve request #");
			assertThat(driver.findElement(By.id("changes")).getText())
				.contains("Version 1 will move from None to Production.");
			driver.findElement(By.id("confirm-button")).click();
			assertThat(browser.visible(By.cssSelector("p.notice")).getText()).contains("Approved request #");
			assertThat(stageOf(driver, 1)).isEqualTo("Production");
			assertThat(driver.findElement(By.cssSelector("tr[data-version='1'] .promoted-by")).getText())
				.isEqualTo(maintainer);
			assertThat(auditActions(driver)).containsSubsequence("model_version.stage_transitioned",
					"transition_request.approved", "transition_request.created");
			signOut(browser);

			// Version 2, promoted by the admin directly, then rolled back with a reason.
			String secondRun = run(asEditor, "xgb-tuned", 0.118);
			ok(asEditor.postJson(API + "model-versions/create", "{\"name\": \"" + model + "\", \"source\": \"runs:/"
					+ secondRun + "/model\", \"run_id\": \"" + secondRun + "\"}"));
			browser.signIn(TestAdmin.USERNAME, TestAdmin.PASSWORD);
			browser.open(modelPath + "/versions/2");
			new Select(browser.visible(By.id("direct-stage"))).selectByVisibleText("Production");
			driver.findElement(By.cssSelector("#transition-form button[type=submit]")).click();
			assertThat(browser.visible(By.id("changes")).getText()).contains(
					"Version 2 will move from None to Production.", "Version 1 (now Production) will be archived.");
			driver.findElement(By.id("confirm-button")).click();
			assertThat(browser.visible(By.cssSelector("p.notice")).getText()).contains("Version 2 moved to Production");
			assertThat(driver.findElement(By.id("version-stage")).getText()).isEqualTo("Production");
			assertThat(driver.findElement(By.id("lineage-metrics")).getText()).contains("rmse", "0.118");
			browser.screenshotPage("registry-version");

			browser.open(modelPath);
			assertThat(stageOf(driver, 1)).isEqualTo("Archived");
			browser.visible(By.cssSelector("#rollback form[data-target='Production'] button")).click();
			assertThat(browser.visible(By.id("changes")).getText())
				.contains("Version 2 (now Production) will be archived.", "Version 1 will move back to Production.");
			driver.findElement(By.name("reason")).sendKeys("Tuned model doubles false positives");
			driver.findElement(By.id("confirm-button")).click();
			assertThat(browser.visible(By.cssSelector("p.notice")).getText()).contains("Rolled back stage Production");
			assertThat(stageOf(driver, 1)).isEqualTo("Production");
			assertThat(stageOf(driver, 2)).isEqualTo("Archived");
			List<String> actions = auditActions(driver);
			assertThat(actions.get(0)).isEqualTo("registered_model.rolled_back");
			assertThat(actions).contains("model_version.created", "transition_request.created",
					"transition_request.approved", "model_version.stage_transitioned");
			assertThat(driver.findElement(By.cssSelector("#audit tr[data-action='registered_model.rolled_back']"))
				.getText()).contains("Tuned model doubles false positives", TestAdmin.USERNAME);
			browser.screenshotPage("registry-model");

			// The list shows each model's newest version per stage and its aliases.
			String other = "churn-predictor-" + (System.nanoTime() % 100_000);
			fixture.model(TestAdmin.USERNAME, other);
			fixture.version(TestAdmin.USERNAME, other);
			fixture.version(TestAdmin.USERNAME, other);
			fixture.stage(TestAdmin.USERNAME, other, 1, Stage.PRODUCTION);
			fixture.stage(TestAdmin.USERNAME, other, 2, Stage.STAGING);
			fixture.run(TestAdmin.USERNAME, () -> this.registry.setAlias(other, "challenger", "2"));
			browser.open("/models");
			String models = browser.visible(By.id("models")).getText();
			assertThat(models).contains(model, other, "@challenger → v2", "Staging");
			assertThat(driver.findElement(By.cssSelector("tr[data-model='" + model + "'] td.versions"))
				.getText()
				.replaceAll("\\s+", " ")).contains("v1 Production", "v2 Archived");
			browser.screenshotPage("registry-models");

			// The trail across models answers who put which version into production, and
			// on
			// whose approval.
			driver.findElement(By.id("audit-link")).click();
			browser.visible(By.id("audit-filters"));
			new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("f-action")))
				.selectByValue("model_version.stage_transitioned");
			driver.findElement(By.id("f-model")).sendKeys(model);
			driver.findElement(By.cssSelector("#audit-filters button[type='submit']")).click();
			browser.until((d) -> d.getCurrentUrl().contains("action=model_version.stage_transitioned"));
			String trail = browser.visible(By.cssSelector("table.audit-table")).getText();
			assertThat(trail).contains(model, "stage: None → Production", "request #",
					"Tuned model doubles false positives");
			assertThat(driver.findElements(By.cssSelector("table.audit-table tr[data-action]")))
				.allSatisfy((row) -> assertThat(row.getDomAttribute("data-action"))
					.isEqualTo("model_version.stage_transitioned"));
			browser.screenshotPage("registry-audit");
		}
	}

	private static void signOut(ChromeBrowser browser) {
		browser.driver().findElement(By.cssSelector("header .who button")).click();
		browser.until((d) -> d.getCurrentUrl().contains("/login"));
	}

	private static String stageOf(WebDriver driver, int version) {
		return driver.findElement(By.cssSelector("tr[data-version='" + version + "'] td:nth-child(2) .badge"))
			.getText();
	}

	private static List<String> auditActions(WebDriver driver) {
		return driver.findElements(By.cssSelector("#audit tr[data-action]"))
			.stream()
			.map((row) -> row.getDomAttribute("data-action"))
			.toList();
	}

	/**
	 * A finished run of the editor with an rmse metric, logged as an MLflow client logs
	 * it.
	 */
	private static String run(HttpProbe http, String name, double rmse) {
		String experiment = ok(
				http.postJson(API + "experiments/create", "{\"name\": \"registry-browser-" + System.nanoTime() + "\"}"))
			.get("experiment_id")
			.asString();
		long now = System.currentTimeMillis();
		String run = ok(http.postJson(API + "runs/create",
				"{\"experiment_id\": \"" + experiment + "\", \"run_name\": \"" + name + "\", \"start_time\": " + now
						+ ", \"tags\": [{\"key\": \"mlflow.source.name\", \"value\": \"train.py\"},"
						+ " {\"key\": \"mlflow.source.git.commit\", \"value\": \"9f1c2ab\"}]}"))
			.get("run")
			.get("info")
			.get("run_id")
			.asString();
		ok(http.postJson(API + "runs/log-metric", "{\"run_id\": \"" + run + "\", \"key\": \"rmse\", \"value\": " + rmse
				+ ", \"timestamp\": " + now + ", \"step\": 1}"));
		ok(http.postJson(API + "runs/update",
				"{\"run_id\": \"" + run + "\", \"status\": \"FINISHED\", \"end_time\": " + (now + 1000) + "}"));
		return run;
	}

	private static JsonNode ok(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

}
