package dev.slipway.tracking;

import dev.slipway.tracking.RunsTablePagesTest.Seed;
import dev.slipway.web.EmbeddedServer;
import dev.slipway.web.HttpProbe;
import dev.slipway.web.PageSession;
import dev.slipway.web.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The experiments list through real HTTP: search by name or filter, run counts, create,
 * rename, delete and restore with CSRF-protected forms.
 */
@EmbeddedServer
class ExperimentsPagesTest {

	@LocalServerPort
	int port;

	PageSession admin;

	Seed seed;

	@BeforeEach
	void signIn() {
		this.admin = PageSession.signedIn(this.port, TestAdmin.USERNAME, TestAdmin.PASSWORD);
		this.seed = new Seed(TestAdmin.signedIn(new HttpProbe("http://localhost:" + this.port)));
	}

	@Test
	void listNeedsSignIn() {
		PageSession anonymous = new PageSession(this.port);
		PageSession.Page page = anonymous.get("/experiments");
		assertThat(page.status()).isEqualTo(302);
		assertThat(page.location()).isEqualTo("/login");
	}

	@Test
	void listsExperimentsWithRunCountsAndSearches() {
		String name = "churn-" + System.nanoTime();
		String experiment = this.seed.experiment(name);
		this.seed.run(experiment, "a", 1000, 0.1, "xgb", null);
		this.seed.run(experiment, "b", 2000, 0.1, "xgb", null);
		PageSession.Page list = this.admin.get("/experiments");
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.body()).contains("Default", name, "href=\"/experiments/" + experiment + "/runs\"",
				"aria-current=\"page\"", "class=\"breadcrumbs\"");
		assertThat(list.body())
			.containsPattern("data-experiment-id=\"" + experiment + "\"[\\s\\S]*?<td class=\"num\">2</td>");
		PageSession.Page byName = this.admin.get("/experiments?q=" + PageSession.encode(name.substring(0, 10)));
		assertThat(byName.body()).contains(name).doesNotContain(">Default<");
		PageSession.Page byFilter = this.admin.get("/experiments?q=" + PageSession.encode("name LIKE '" + name + "'"));
		assertThat(byFilter.body()).contains(name).doesNotContain(">Default<");
		PageSession.Page bad = this.admin.get("/experiments?q=" + PageSession.encode("name = "));
		assertThat(bad.status()).isEqualTo(200);
		assertThat(bad.body()).contains("id=\"search-error\"");
		PageSession.Page none = this.admin.get("/experiments?q=nothing-matches-this-" + System.nanoTime());
		assertThat(none.body()).contains("No experiment matches");
	}

	@Test
	void createRenameDeleteAndRestoreThroughForms() {
		String name = "forms-" + System.nanoTime();
		this.admin.get("/experiments");
		PageSession.Page created = this.admin.post("/experiments", "name", name);
		assertThat(created.status()).isEqualTo(302);
		assertThat(created.location()).matches("/experiments/[0-9]+/runs");
		String id = created.location().split("/")[2];
		assertThat(this.admin.get(created.location()).body()).contains("Created experiment " + name, "No runs yet");
		PageSession.Page duplicate = this.admin.post("/experiments", "name", name);
		assertThat(this.admin.get(duplicate.location()).body()).contains("role=\"alert\"", name);
		PageSession.Page renamed = this.admin.post("/experiments/" + id + "/rename", "name", name + "-renamed");
		assertThat(this.admin.get(renamed.location()).body()).contains("Renamed to " + name + "-renamed");
		PageSession.Page deleted = this.admin.post("/experiments/" + id + "/delete");
		assertThat(this.admin.get(deleted.location()).body()).contains("Deleted experiment " + id)
			.doesNotContain(">" + name + "-renamed<");
		assertThat(this.admin.get("/experiments?view=deleted").body()).contains(name + "-renamed", "Restore");
		PageSession.Page restored = this.admin.post("/experiments/" + id + "/restore");
		assertThat(this.admin.get(restored.location()).body()).contains("Restored experiment " + id);
		assertThat(this.admin.postWithoutCsrf("/experiments", "name", name + "-forged").status()).isEqualTo(403);
		assertThat(this.admin.post("/experiments/999999/delete").status()).isEqualTo(302);
	}

}
