package dev.slipway.home.web;

import dev.slipway.SlipwayApplication;
import dev.slipway.registry.Stage;
import dev.slipway.security.Role;
import dev.slipway.testsupport.TestFolders;
import dev.slipway.web.PageSession;
import dev.slipway.web.PageSession.Page;
import dev.slipway.web.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The home page through real HTTP, signed in as a browser is: each feature's cards, only
 * what the user may read on them, requests only for those who may decide them, operations
 * links only where a browser session opens them, and links in the MLflow UI's form
 * landing on their pages.
 */
@SpringBootTest(classes = SlipwayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class HomePageTest {

	@DynamicPropertySource
	static void server(DynamicPropertyRegistry registry) {
		TestFolders.registerDataDir(registry, "home-page");
		TestAdmin.register(registry);
	}

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	HomeFixture fixture;

	@BeforeEach
	void setUp() {
		this.fixture = new HomeFixture(this.context);
	}

	@Test
	void theAdminSeesEveryCardInOrderAndOnlyOperationsLinksTheirSessionOpens() {
		String experimentName = HomeFixture.name("churn");
		String experiment = this.fixture.experiment(experimentName, false);
		String run = this.fixture.run(experiment, "xgb-baseline");
		String model = this.fixture.model(HomeFixture.name("fraud"), 2, false, null);
		this.fixture.stage(model, 1, Stage.PRODUCTION);
		this.fixture.stage(model, 2, Stage.STAGING);
		long request = this.fixture.request(TestAdmin.USERNAME, model, "champion", "Beats the baseline");

		Page home = PageSession.admin(this.port).get("/");
		assertThat(home.status()).isEqualTo(200);
		String body = home.body();
		assertThat(body).contains("<h1>Overview</h1>", "href=\"/experiments/" + experiment + "/runs/" + run + "\"",
				">xgb-baseline<", "badge status-finished", ">" + experimentName + "<",
				"href=\"/experiments/" + experiment + "/runs\"", "href=\"/models/" + model + "\"", "v1 Production",
				"v2 Staging", "href=\"/models/" + model + "/versions/2\"", "data-request=\"" + request + "\"",
				"alias @champion", "Beats the baseline", "href=\"/models/" + model + "#requests\"");
		assertThat(body).containsSubsequence("id=\"pending-decisions\"", "id=\"recent-runs\"",
				"id=\"recent-experiments\"", "id=\"live-models\"", "id=\"operations\"");
		// What the old start page showed, now on the operations card.
		assertThat(body).contains("Version", "Instance", "Database", "Artifacts", "href=\"/actuator/health\"",
				"href=\"/actuator/health/liveness\"", "href=\"/actuator/health/readiness\"",
				"<code>/actuator/info</code>", "<code>/api/v1/system</code>", "<code>/actuator/prometheus</code>");
		// The API chain takes tokens, not this session: its routes are named, not linked.
		assertThat(body).doesNotContain("href=\"/actuator/info\"", "href=\"/api/v1/system\"",
				"href=\"/actuator/prometheus\"");
		assertThat(body).contains("src=\"/js/mlflow-links.js\"", "data-target=\"/mlflow-link\"", "/css/home.css")
			.doesNotContain("style=\"", "onclick", "<script>");
	}

	@Test
	void aViewerWithoutPermissionsSeesOnlyWhatTheyMayRead() {
		String openName = HomeFixture.name("open-exp");
		String closedName = HomeFixture.name("closed-exp");
		String open = this.fixture.experiment(openName, false);
		String closed = this.fixture.experiment(closedName, true);
		String openRun = this.fixture.run(open, "visible-run");
		String closedRun = this.fixture.run(closed, "hidden-run");
		String openModel = this.fixture.model(HomeFixture.name("open-model"), 1, false, null);
		String closedModel = this.fixture.model(HomeFixture.name("closed-model"), 1, true, null);
		this.fixture.stage(openModel, 1, Stage.PRODUCTION);
		this.fixture.stage(closedModel, 1, Stage.PRODUCTION);
		this.fixture.request(TestAdmin.USERNAME, openModel, "champion", null);

		String admin = PageSession.admin(this.port).get("/").body();
		assertThat(admin).contains(closedName, closedRun, closedModel);

		String viewer = this.fixture.person(Role.VIEWER);
		Page home = PageSession.signedIn(this.port, viewer, HomeFixture.PASSWORD).get("/");
		assertThat(home.status()).isEqualTo(200);
		assertThat(home.body()).contains(openName, openRun, "visible-run", openModel, "id=\"recent-runs\"",
				"id=\"live-models\"");
		assertThat(home.body()).doesNotContain(closedName, closedRun, "hidden-run", closedModel);
		// Neither decisions nor operations are theirs.
		assertThat(home.body()).doesNotContain("id=\"pending-decisions\"", "id=\"operations\"", "/actuator/health",
				"Instance");
	}

	@Test
	void pendingRequestsShowOnlyToThoseWhoMayDecideThem() {
		String editor = this.fixture.person(Role.EDITOR);
		String maintainer = this.fixture.person(Role.MAINTAINER);
		String open = this.fixture.model(HomeFixture.name("requested"), 1, false, editor);
		String closed = this.fixture.model(HomeFixture.name("requested-closed"), 1, true, null);
		long onOpen = this.fixture.request(editor, open, "champion", "Please review");
		long onClosed = this.fixture.request(TestAdmin.USERNAME, closed, "champion", null);

		Page asMaintainer = PageSession.signedIn(this.port, maintainer, HomeFixture.PASSWORD).get("/");
		assertThat(asMaintainer.body())
			.contains("id=\"pending-decisions\"", "Waiting for your decision", "data-request=\"" + onOpen + "\"",
					"Please review", editor, "href=\"/models/" + open + "#requests\"")
			.doesNotContain("data-request=\"" + onClosed + "\"", closed);

		Page asEditor = PageSession.signedIn(this.port, editor, HomeFixture.PASSWORD).get("/");
		assertThat(asEditor.status()).isEqualTo(200);
		assertThat(asEditor.body()).doesNotContain("id=\"pending-decisions\"", "data-request=");

		assertThat(PageSession.admin(this.port).get("/").body()).contains("data-request=\"" + onOpen + "\"",
				"data-request=\"" + onClosed + "\"");
	}

	@Test
	void mlflowLinksLandOnTheirPagesEvenThroughSignIn() {
		String experiment = this.fixture.experiment(HomeFixture.name("linked"), false);
		String run = this.fixture.run(experiment, "linked-run");
		String model = this.fixture.model(HomeFixture.name("linked-model"), 1, false, null);
		PageSession admin = PageSession.admin(this.port);

		Page toRun = admin
			.get("/mlflow-link?fragment=" + PageSession.encode("/experiments/" + experiment + "/runs/" + run));
		assertThat(toRun.status()).isEqualTo(302);
		assertThat(toRun.location()).isEqualTo("/experiments/" + experiment + "/runs/" + run);
		assertThat(admin.get(toRun.location()).body()).contains("linked-run");
		Page toVersion = admin.get("/mlflow-link?fragment=" + PageSession.encode("/models/" + model + "/versions/1"));
		assertThat(toVersion.location()).isEqualTo("/models/" + model + "/versions/1");
		assertThat(admin.get(toVersion.location()).status()).isEqualTo(200);

		Page unknown = admin.get("/mlflow-link?fragment=" + PageSession.encode("/settings/<b>"));
		assertThat(unknown.location()).isEqualTo("/");
		assertThat(admin.get("/").body()).contains("Slipway has no page for the MLflow link #/settings/&lt;b&gt;");

		// Followed before signing in, the link waits for the sign-in and lands after it.
		assertThat(new PageSession(this.port).get("/login").body()).contains("src=\"/js/mlflow-links.js\"");
		PageSession browser = new PageSession(this.port);
		String link = "/mlflow-link?fragment=" + PageSession.encode("/experiments/" + experiment + "/runs/" + run);
		assertThat(browser.get(link).location()).isEqualTo("/login");
		Page signedIn = browser.signIn(TestAdmin.USERNAME, TestAdmin.PASSWORD);
		assertThat(signedIn.location()).startsWith("/mlflow-link?fragment=");
		assertThat(browser.get(signedIn.location()).location())
			.isEqualTo("/experiments/" + experiment + "/runs/" + run);
	}

}
