package dev.slipway.registry;

import java.util.ArrayList;
import java.util.List;

import dev.slipway.registry.web.ModelsPageController;
import dev.slipway.security.Authenticator;
import dev.slipway.security.ResourcePermissionService;
import dev.slipway.security.ResourceType;
import dev.slipway.security.Role;
import dev.slipway.security.UserService;
import dev.slipway.web.EmbeddedServer;
import dev.slipway.web.PageSession;
import dev.slipway.web.TestAdmin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry pages through real HTTP, signed in as a browser is: the models list with
 * search and paging, the model and version pages, every action's confirmation step and
 * its effect in the audit trail, who sees which buttons, and refusals (403, CSRF, the
 * policy's separate approver).
 */
@EmbeddedServer
class ModelPagesTest {

	@LocalServerPort
	int port;

	@Autowired
	UserService users;

	@Autowired
	Authenticator authenticator;

	@Autowired
	RegistryService registry;

	@Autowired
	GovernanceService governanceService;

	@Autowired
	ResourcePermissionService permissions;

	ModelPagesFixture fixture;

	PageSession admin;

	@BeforeEach
	void setUp() {
		this.fixture = new ModelPagesFixture(this.port, this.users, this.authenticator, this.registry);
		this.admin = PageSession.admin(this.port);
	}

	@Test
	void theTrailAcrossModelsFiltersAndExports() {
		String editor = this.fixture.person(Role.EDITOR);
		String first = ModelPagesFixture.name("trail-a");
		String second = ModelPagesFixture.name("trail-b");
		this.fixture.model(editor, first);
		this.fixture.model(TestAdmin.USERNAME, second);
		this.fixture.version(editor, first);
		this.fixture.stage(TestAdmin.USERNAME, first, 1, Stage.STAGING);

		PageSession.Page all = this.admin.get("/audit");
		assertThat(all.status()).isEqualTo(200);
		assertThat(all.body()).contains("Audit trail", first, second, "model_version.stage_transitioned");
		assertThat(this.admin.get("/models").body()).contains("href=\"/audit\"");

		PageSession.Page ofFirst = this.admin.get("/audit?model=" + first);
		assertThat(ofFirst.body()).contains("registered_model.created", "model_version.created",
				"stage: None → Staging");
		assertThat(ofFirst.body()).doesNotContain(">" + second + "<");
		PageSession.Page byEditor = this.admin.get("/audit?actor=" + editor + "&action=model_version.created");
		assertThat(byEditor.body()).contains(first).doesNotContain("registered_model.created</code>");
		String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
		assertThat(this.admin.get("/audit?model=" + first + "&from=" + today + "&to=" + today).body())
			.contains("model_version.created");
		assertThat(this.admin.get("/audit?model=" + first + "&to=2000-01-01").body()).contains("No audit records.");

		PageSession.Page badDate = this.admin.get("/audit?from=yesterday");
		assertThat(badDate.status()).isEqualTo(200);
		assertThat(badDate.body()).contains("id=\"filter-error\"", "is not a date");

		PageSession.Page csv = this.admin.get("/audit/export.csv?model=" + first);
		assertThat(csv.status()).isEqualTo(200);
		String[] lines = csv.body().split("\r\n");
		assertThat(lines[0]).startsWith("id,occurred_at,actor,action");
		assertThat(lines).hasSize(4);
		assertThat(lines[3]).contains("model_version.stage_transitioned");

		// A viewer who may not read the second model sees none of its records, and naming
		// it
		// is refused like every other read of it.
		this.fixture.run(TestAdmin.USERNAME, () -> this.permissions.setDefaultPermission(ResourceType.REGISTERED_MODEL,
				second, dev.slipway.security.Permission.NONE));
		PageSession viewer = PageSession.signedIn(this.port, this.fixture.person(Role.VIEWER),
				ModelPagesFixture.PASSWORD);
		assertThat(viewer.get("/audit").body()).contains(first).doesNotContain(">" + second + "<");
		assertThat(viewer.get("/audit?model=" + second).status()).isEqualTo(403);
	}

	@Test
	void pagesNeedSignIn() {
		PageSession anonymous = new PageSession(this.port);
		for (String path : List.of("/models", "/models/any", "/models/any/versions/1", "/models/any/webhooks", "/audit",
				"/audit/export.csv")) {
			PageSession.Page page = anonymous.get(path);
			assertThat(page.status()).as(path).isEqualTo(302);
			assertThat(page.location()).as(path).isEqualTo("/login");
		}
	}

	@Test
	void listShowsStagesAliasesAndSearches() {
		String name = ModelPagesFixture.name("fraud");
		this.fixture.model(TestAdmin.USERNAME, name);
		this.fixture.version(TestAdmin.USERNAME, name);
		this.fixture.version(TestAdmin.USERNAME, name);
		this.fixture.stage(TestAdmin.USERNAME, name, 1, Stage.PRODUCTION);
		this.fixture.run(TestAdmin.USERNAME, () -> this.registry.setAlias(name, "challenger", "2"));
		PageSession.Page list = this.admin.get("/models");
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.body()).contains("data-model=\"" + name + "\"", "href=\"/models/" + name + "\"",
				"badge stage-production", "@challenger → v2", "Scores " + name, "aria-current=\"page\"",
				"class=\"breadcrumbs\"", "/css/models.css", "New model");
		assertThat(list.body()).doesNotContain("style=\"", "onclick", "<script>");
		PageSession.Page byName = this.admin.get("/models?q=" + PageSession.encode(name.substring(0, 12)));
		assertThat(byName.body()).contains("data-model=\"" + name + "\"");
		PageSession.Page byFilter = this.admin.get("/models?q=" + PageSession.encode("name LIKE '" + name + "'"));
		assertThat(byFilter.body()).contains("data-model=\"" + name + "\"");
		PageSession.Page bad = this.admin.get("/models?q=" + PageSession.encode("name = "));
		assertThat(bad.status()).isEqualTo(200);
		assertThat(bad.body()).contains("id=\"search-error\"", "aria-invalid=\"true\"");
		PageSession.Page none = this.admin.get("/models?q=nothing-matches-" + System.nanoTime());
		assertThat(none.body()).contains("No model matches");
	}

	@Test
	void listPagesThroughManyModels() {
		String prefix = ModelPagesFixture.name("paged");
		List<String> names = new ArrayList<>();
		for (int i = 0; i < ModelsPageController.PAGE_SIZE + 3; i++) {
			String name = prefix + "-" + String.format("%03d", i);
			names.add(name);
			this.fixture.model(TestAdmin.USERNAME, name);
		}
		String query = "/models?q=" + PageSession.encode(prefix + "-");
		PageSession.Page first = this.admin.get(query);
		assertThat(first.body()).contains("data-model=\"" + names.get(0) + "\"")
			.doesNotContain("data-model=\"" + names.get(names.size() - 1) + "\"", "id=\"previous-page\"");
		PageSession.Page second = this.admin.get(first.link("next-page"));
		assertThat(second.body()).contains("data-model=\"" + names.get(names.size() - 1) + "\"")
			.doesNotContain("data-model=\"" + names.get(0) + "\"", "id=\"next-page\"");
		PageSession.Page back = this.admin.get(second.link("previous-page"));
		assertThat(back.body()).contains("data-model=\"" + names.get(0) + "\"");
	}

	@Test
	void createModelThroughTheForm() {
		String name = ModelPagesFixture.name("created");
		this.admin.get("/models");
		PageSession.Page created = this.admin.post("/models", "name", name, "description", "Made on the page");
		assertThat(created.status()).isEqualTo(302);
		assertThat(created.location()).isEqualTo("/models/" + name);
		PageSession.Page page = this.admin.get(created.location());
		assertThat(page.body()).contains("Created model " + name, "Made on the page", "registered_model.created");
		PageSession.Page duplicate = this.admin.post("/models", "name", name);
		assertThat(duplicate.location()).isEqualTo("/models");
		assertThat(this.admin.get("/models").body()).contains("role=\"alert\"", name);
		assertThat(this.admin.postWithoutCsrf("/models", "name", name + "-forged").status()).isEqualTo(403);
		String viewer = this.fixture.person(Role.VIEWER);
		PageSession reader = PageSession.signedIn(this.port, viewer, ModelPagesFixture.PASSWORD);
		assertThat(reader.get("/models").body()).doesNotContain("New model");
		assertThat(reader.post("/models", "name", name + "-viewer").status()).isEqualTo(403);
	}

	@Test
	void requestApproveAndAuditThroughConfirmations() {
		String editor = this.fixture.person(Role.EDITOR);
		String maintainer = this.fixture.person(Role.MAINTAINER);
		String name = ModelPagesFixture.name("governed");
		this.fixture.model(editor, name);
		this.fixture.version(editor, name);
		PageSession asEditor = PageSession.signedIn(this.port, editor, ModelPagesFixture.PASSWORD);
		String version = "/models/" + name + "/versions/1";

		PageSession.Page page = asEditor.get(version);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"request-form\"", "STAGE:Production", "id=\"transition-form\"",
				"id=\"alias-form\"", "train.py", "abc1234", "rmse", "/artifacts\"");
		assertThat(page.body()).as("Production needs a request: not among the direct moves")
			.doesNotContain("<option value=\"Production\">");

		// Moving to Production directly turns into a request; the request is confirmed
		// first.
		PageSession.Page direct = asEditor.post(version + "/stage", "stage", "Production", "archiveExisting", "true");
		assertThat(direct.status()).isEqualTo(200);
		assertThat(direct.body()).contains("id=\"confirm-form\"", "needs an approved request",
				"Version 1 will move from None to Production.", "action=\"" + version + "/requests\"");
		PageSession.Page asked = asEditor.post(version + "/requests", "target", "STAGE:Production", "archiveExisting",
				"true");
		assertThat(asked.status()).isEqualTo(200);
		assertThat(asked.body()).contains("Request stage Production for version 1",
				"Version 1 will move from None to Production.", "name=\"confirmed\" value=\"true\"");
		PageSession.Page sent = asEditor.post(version + "/requests", "targetKind", "STAGE", "target", "Production",
				"archiveExisting", "true", "comment", "Ready for traffic", "confirmed", "true");
		assertThat(sent.status()).isEqualTo(302);
		assertThat(sent.location()).isEqualTo(version + "#requests");
		PageSession.Page after = asEditor.get(version);
		assertThat(after.body()).contains("Requested stage Production for version 1", "Ready for traffic", "PENDING",
				"Withdraw…");
		assertThat(after.body()).doesNotContain("Approve…");

		// The maintainer approves from the model page, after the confirmation.
		PageSession asMaintainer = PageSession.signedIn(this.port, maintainer, ModelPagesFixture.PASSWORD);
		String modelPath = "/models/" + name;
		PageSession.Page model = asMaintainer.get(modelPath);
		assertThat(model.body()).contains("Approve…", "Reject…", "Ready for traffic").doesNotContain("Withdraw…");
		long request = this.fixture.as(editor, () -> this.fixtureRequests(name)).get(0).id();
		PageSession.Page confirm = asMaintainer.post(modelPath + "/requests/" + request + "/approve", "from", "model",
				"comment", "Looks good");
		assertThat(confirm.status()).isEqualTo(200);
		assertThat(confirm.body()).contains("Approve request #" + request, "will be approved and applied",
				"Version 1 will move from None to Production.", "Looks good");
		PageSession.Page approved = asMaintainer.post(modelPath + "/requests/" + request + "/approve", "from", "model",
				"comment", "Looks good", "confirmed", "true");
		assertThat(approved.status()).isEqualTo(302);
		assertThat(approved.location()).isEqualTo(modelPath + "#requests");
		PageSession.Page done = asMaintainer.get(modelPath);
		assertThat(done.body()).contains("Approved request #" + request, "badge stage-production",
				"transition_request.created", "transition_request.approved", "model_version.stage_transitioned",
				"Looks good");
		assertThat(done.body())
			.containsPattern("data-version=\"1\"[\\s\\S]*?class=\"promoted-by\">" + maintainer + "<");
		assertThat(done.body()).contains("No pending requests.");

		// Deciding again is refused for the request itself, shown on the page.
		PageSession.Page again = asMaintainer.post(modelPath + "/requests/" + request + "/approve", "confirmed",
				"true");
		assertThat(again.status()).isEqualTo(302);
		assertThat(asMaintainer.get(again.location()).body()).contains("role=\"alert\"", "already approved");
	}

	@Test
	void rejectAndWithdrawRequests() {
		String editor = this.fixture.person(Role.EDITOR);
		String maintainer = this.fixture.person(Role.MAINTAINER);
		String name = ModelPagesFixture.name("rejected");
		this.fixture.model(editor, name);
		this.fixture.version(editor, name);
		String modelPath = "/models/" + name;
		List<TransitionRequest> made = new ArrayList<>();
		this.fixture.run(editor, () -> {
			made.add(this.governance().request(name, "1", TargetKind.STAGE, "Production", true, "first"));
			made.add(this.governance().request(name, "1", TargetKind.ALIAS, "champion", false, "second"));
		});
		PageSession asMaintainer = PageSession.signedIn(this.port, maintainer, ModelPagesFixture.PASSWORD);
		asMaintainer.get(modelPath);
		PageSession.Page reject = asMaintainer.post(modelPath + "/requests/" + made.get(0).id() + "/reject", "comment",
				"Not yet");
		assertThat(reject.body()).contains("will be rejected. Nothing else changes.", "Reject request");
		asMaintainer.post(modelPath + "/requests/" + made.get(0).id() + "/reject", "comment", "Not yet", "confirmed",
				"true");
		assertThat(asMaintainer.get(modelPath).body()).contains("Rejected request #" + made.get(0).id(), "REJECTED",
				"transition_request.rejected");
		assertThat(asMaintainer.post(modelPath + "/requests/" + made.get(1).id() + "/cancel").status())
			.as("only the requester withdraws")
			.isEqualTo(403);

		PageSession asEditor = PageSession.signedIn(this.port, editor, ModelPagesFixture.PASSWORD);
		asEditor.get(modelPath);
		assertThat(asEditor.post(modelPath + "/requests/" + made.get(1).id() + "/approve").status())
			.as("editors do not decide")
			.isEqualTo(403);
		PageSession.Page withdraw = asEditor.post(modelPath + "/requests/" + made.get(1).id() + "/cancel", "from",
				"version");
		assertThat(withdraw.body()).contains("will be withdrawn");
		PageSession.Page withdrawn = asEditor.post(modelPath + "/requests/" + made.get(1).id() + "/cancel", "from",
				"version", "confirmed", "true");
		assertThat(withdrawn.location()).isEqualTo(modelPath + "/versions/1#requests");
		assertThat(asEditor.get(withdrawn.location()).body()).contains("Withdrew request #" + made.get(1).id(),
				"CANCELLED", "transition_request.cancelled");
		String other = ModelPagesFixture.name("other");
		this.fixture.model(editor, other);
		assertThat(asEditor.post("/models/" + other + "/requests/" + made.get(1).id() + "/cancel").status())
			.as("a request of another model")
			.isEqualTo(404);
	}

	@Test
	void approvingYourOwnRequestIsRefusedWithThePolicysMessage() {
		String maintainer = this.fixture.person(Role.MAINTAINER);
		String name = ModelPagesFixture.name("own");
		this.fixture.model(maintainer, name);
		this.fixture.version(maintainer, name);
		TransitionRequest request = this.fixture.as(maintainer,
				() -> this.governance().request(name, "1", TargetKind.STAGE, "Production", true, null));
		PageSession session = PageSession.signedIn(this.port, maintainer, ModelPagesFixture.PASSWORD);
		String path = "/models/" + name + "/requests/" + request.id() + "/approve";
		session.get("/models/" + name);
		PageSession.Page refused = session.post(path, "confirmed", "true");
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.body()).contains("needs someone other than the requester to approve");
		assertThat(session.get("/models/" + name).body()).contains("PENDING");
	}

	@Test
	void viewersSeeNoActionsAndArePostedAway() {
		String name = ModelPagesFixture.name("readonly");
		this.fixture.model(TestAdmin.USERNAME, name);
		this.fixture.version(TestAdmin.USERNAME, name);
		this.fixture.version(TestAdmin.USERNAME, name);
		this.fixture.stage(TestAdmin.USERNAME, name, 1, Stage.PRODUCTION);
		this.fixture.stage(TestAdmin.USERNAME, name, 2, Stage.PRODUCTION);
		this.fixture.run(TestAdmin.USERNAME, () -> this.registry.setModelTag(name, "team", "risk"));
		TransitionRequest request = this.fixture.as(TestAdmin.USERNAME,
				() -> this.governance().request(name, "1", TargetKind.ALIAS, "champion", false, null));
		String viewer = this.fixture.person(Role.VIEWER);
		PageSession reader = PageSession.signedIn(this.port, viewer, ModelPagesFixture.PASSWORD);
		String modelPath = "/models/" + name;
		PageSession.Page model = reader.get(modelPath);
		assertThat(model.status()).isEqualTo(200);
		assertThat(model.body()).contains(name, "team", "risk", "PENDING", "model_version.stage_transitioned");
		assertThat(model.body()).doesNotContain("Approve…", "Withdraw…", "Roll back", "Add or replace a rule",
				"Set tag…", "Edit description", "Remove…", "id=\"tag-form\"");
		PageSession.Page version = reader.get(modelPath + "/versions/1");
		assertThat(version.status()).isEqualTo(200);
		assertThat(version.body()).doesNotContain("id=\"actions\"", "Set tag…", "Edit description");
		String[][] posts = { { modelPath + "/description", "description", "x" }, { modelPath + "/tags", "key", "k" },
				{ modelPath + "/tags/delete", "key", "team" }, { modelPath + "/policy", "target", "Staging" },
				{ modelPath + "/policy/delete", "targetKind", "STAGE", "target", "Production" },
				{ modelPath + "/rollback", "targetKind", "STAGE", "target", "Production" },
				{ modelPath + "/requests/" + request.id() + "/approve" },
				{ modelPath + "/requests/" + request.id() + "/cancel" },
				{ modelPath + "/versions/1/stage", "stage", "Staging" },
				{ modelPath + "/versions/1/requests", "target", "STAGE:Production" },
				{ modelPath + "/versions/1/aliases", "alias", "x" },
				{ modelPath + "/versions/2/aliases/delete", "alias", "x" },
				{ modelPath + "/versions/1/description", "description", "x" },
				{ modelPath + "/versions/1/tags", "key", "k" } };
		for (String[] post : posts) {
			String[] fields = java.util.Arrays.copyOfRange(post, 1, post.length);
			assertThat(reader.post(post[0], fields).status()).as("confirmation of " + post[0]).isEqualTo(403);
			String[] confirmed = java.util.Arrays.copyOf(fields, fields.length + 4);
			confirmed[fields.length] = "confirmed";
			confirmed[fields.length + 1] = "true";
			confirmed[fields.length + 2] = "reason";
			confirmed[fields.length + 3] = "because";
			assertThat(reader.post(post[0], confirmed).status()).as(post[0]).isEqualTo(403);
		}
		assertThat(this.admin.get(modelPath).body()).contains("PENDING", "badge stage-production");
	}

	@Test
	void formsNeedTheirCsrfToken() {
		String name = ModelPagesFixture.name("csrf");
		this.fixture.model(TestAdmin.USERNAME, name);
		this.fixture.version(TestAdmin.USERNAME, name);
		String version = "/models/" + name + "/versions/1";
		assertThat(this.admin.postWithoutCsrf(version + "/stage", "stage", "Staging", "confirmed", "true").status())
			.isEqualTo(403);
		assertThat(this.admin.postWithoutCsrf("/models/" + name + "/tags", "key", "k", "confirmed", "true").status())
			.isEqualTo(403);
		assertThat(this.admin.get(version).body()).contains("None").doesNotContain("badge stage-staging");
	}

	@Test
	void directTransitionsAliasesAndArchiveAreConfirmedFirst() {
		String name = ModelPagesFixture.name("direct");
		this.fixture.model(TestAdmin.USERNAME, name);
		this.fixture.version(TestAdmin.USERNAME, name);
		this.fixture.version(TestAdmin.USERNAME, name);
		this.fixture.stage(TestAdmin.USERNAME, name, 1, Stage.PRODUCTION);
		String v2 = "/models/" + name + "/versions/2";
		PageSession.Page page = this.admin.get(v2);
		assertThat(page.body()).contains("<option value=\"Production\">", "id=\"archive-form\"");

		PageSession.Page confirm = this.admin.post(v2 + "/stage", "stage", "Production", "archiveExisting", "true");
		assertThat(confirm.status()).isEqualTo(200);
		assertThat(confirm.body()).contains("Move version 2 to Production",
				"Version 2 will move from None to Production.", "Version 1 (now Production) will be archived.");
		assertThat(this.admin.get(v2).body()).as("nothing changes before the confirmation")
			.contains("id=\"version-stage\" class=\"badge stage-none\"");
		PageSession.Page moved = this.admin.post(v2 + "/stage", "stage", "Production", "archiveExisting", "true",
				"confirmed", "true");
		assertThat(moved.location()).isEqualTo(v2);
		PageSession.Page after = this.admin.get(v2);
		assertThat(after.body()).contains("Version 2 moved to Production", "class=\"badge stage-production\"",
				"by " + TestAdmin.USERNAME);
		assertThat(this.admin.get("/models/" + name + "/versions/1").body()).contains("badge stage-archived");

		PageSession.Page alias = this.admin.post(v2 + "/aliases", "alias", "shadow");
		assertThat(alias.body()).contains("The new alias shadow will point at version 2.");
		this.admin.post(v2 + "/aliases", "alias", "shadow", "confirmed", "true");
		assertThat(this.admin.get(v2).body()).contains("Alias shadow now points at version 2", "@shadow",
				"model_version.alias_set");
		PageSession.Page moveAlias = this.admin.post("/models/" + name + "/versions/1/aliases", "alias", "shadow");
		assertThat(moveAlias.body()).contains("Alias shadow will point at version 1 instead of version 2.");
		PageSession.Page remove = this.admin.post(v2 + "/aliases/delete", "alias", "shadow");
		assertThat(remove.body()).contains("Alias shadow will be removed");
		this.admin.post(v2 + "/aliases/delete", "alias", "shadow", "confirmed", "true");
		assertThat(this.admin.get(v2).body()).contains("Alias shadow removed", "model_version.alias_removed")
			.doesNotContain("@shadow<");

		PageSession.Page archive = this.admin.post(v2 + "/stage", "stage", "Archived");
		assertThat(archive.body()).contains("Archive version 2", "Version 2 will move from Production to Archived.");
		this.admin.post(v2 + "/stage", "stage", "Archived", "confirmed", "true");
		assertThat(this.admin.get(v2).body()).contains("Version 2 moved to Archived",
				"id=\"version-stage\" class=\"badge stage-archived\"");
	}

	@Test
	void rollbackNeedsAReasonAndRestoresThePreviousVersion() {
		String name = ModelPagesFixture.name("rollback");
		this.fixture.model(TestAdmin.USERNAME, name);
		this.fixture.version(TestAdmin.USERNAME, name);
		this.fixture.version(TestAdmin.USERNAME, name);
		this.fixture.stage(TestAdmin.USERNAME, name, 1, Stage.PRODUCTION);
		this.fixture.stage(TestAdmin.USERNAME, name, 2, Stage.PRODUCTION);
		String modelPath = "/models/" + name;
		PageSession.Page model = this.admin.get(modelPath);
		assertThat(model.body()).contains("Roll back Production…", "v2 → v1");
		PageSession.Page confirm = this.admin.post(modelPath + "/rollback", "targetKind", "STAGE", "target",
				"Production");
		assertThat(confirm.body()).contains("Version 2 (now Production) will be archived.",
				"Version 1 will move back to Production.", "required");
		PageSession.Page noReason = this.admin.post(modelPath + "/rollback", "targetKind", "STAGE", "target",
				"Production", "confirmed", "true");
		assertThat(noReason.status()).as("without a reason the confirmation shows again").isEqualTo(200);
		PageSession.Page done = this.admin.post(modelPath + "/rollback", "targetKind", "STAGE", "target", "Production",
				"reason", "Error rate doubled", "confirmed", "true");
		assertThat(done.location()).isEqualTo(modelPath);
		PageSession.Page after = this.admin.get(modelPath);
		assertThat(after.body()).contains("Rolled back stage Production", "registered_model.rolled_back",
				"Error rate doubled");
		assertThat(after.body()).containsPattern("data-version=\"1\"[\\s\\S]*?badge stage-production");
		assertThat(after.body()).containsPattern("data-version=\"2\"[\\s\\S]*?badge stage-archived");
	}

	@Test
	void policyTagsAndDescriptionsAreConfirmedFirst() {
		String name = ModelPagesFixture.name("policy");
		this.fixture.model(TestAdmin.USERNAME, name);
		this.fixture.version(TestAdmin.USERNAME, name);
		String modelPath = "/models/" + name;
		PageSession.Page model = this.admin.get(modelPath);
		assertThat(model.body()).contains("data-rule=\"STAGE:Production\"", "data-rule=\"ALIAS:champion\"",
				"id=\"policy-form\"");

		PageSession.Page add = this.admin.post(modelPath + "/policy", "targetKind", "STAGE", "target", "staging",
				"approvalRequired", "true", "directRole", "MAINTAINER");
		assertThat(add.body()).contains("A rule for stage Staging will be added",
				"MAINTAINERs and up may still move versions there directly");
		this.admin.post(modelPath + "/policy", "targetKind", "STAGE", "target", "Staging", "approvalRequired", "true",
				"separateApprover", "false", "directRole", "MAINTAINER", "confirmed", "true");
		assertThat(this.admin.get(modelPath).body()).contains("Policy rule for stage Staging saved",
				"data-rule=\"STAGE:Staging\"", "registered_model.policy_changed");
		PageSession.Page replace = this.admin.post(modelPath + "/policy", "targetKind", "STAGE", "target", "Staging");
		assertThat(replace.body()).contains("The rule for stage Staging will change from", "no approval needed");
		PageSession.Page remove = this.admin.post(modelPath + "/policy/delete", "targetKind", "STAGE", "target",
				"Staging");
		assertThat(remove.body()).contains("The rule for stage Staging will be removed");
		this.admin.post(modelPath + "/policy/delete", "targetKind", "STAGE", "target", "Staging", "confirmed", "true");
		assertThat(this.admin.get(modelPath).body()).contains("Policy rule for stage Staging removed")
			.doesNotContain("data-rule=\"STAGE:Staging\"");

		PageSession.Page tag = this.admin.post(modelPath + "/tags", "key", "owner", "value", "risk-team");
		assertThat(tag.body()).contains("Tag owner will be added with the value “risk-team”.");
		this.admin.post(modelPath + "/tags", "key", "owner", "value", "risk-team", "confirmed", "true");
		assertThat(this.admin.get(modelPath).body()).contains("data-tag=\"owner\"", "risk-team",
				"registered_model.tag_set");
		PageSession.Page untag = this.admin.post(modelPath + "/tags/delete", "key", "owner");
		assertThat(untag.body()).contains("Tag owner (value “risk-team”) will be deleted.");
		this.admin.post(modelPath + "/tags/delete", "key", "owner", "confirmed", "true");
		assertThat(this.admin.get(modelPath).body()).doesNotContain("data-tag=\"owner\"");

		PageSession.Page describe = this.admin.post(modelPath + "/description", "description", "Catches fraud");
		assertThat(describe.body())
			.contains("The description will change from “Scores " + name + "” to “Catches fraud”.");
		this.admin.post(modelPath + "/description", "description", "Catches fraud", "confirmed", "true");
		assertThat(this.admin.get(modelPath).body()).contains("Catches fraud", "Description saved");

		String version = modelPath + "/versions/1";
		this.admin.get(version);
		this.admin.post(version + "/description", "description", "First cut", "confirmed", "true");
		this.admin.post(version + "/tags", "key", "reviewed", "value", "yes", "confirmed", "true");
		PageSession.Page versionPage = this.admin.get(version);
		assertThat(versionPage.body()).contains("First cut", "data-tag=\"reviewed\"", "model_version.updated",
				"model_version.tag_set");
		this.admin.post(version + "/tags/delete", "key", "reviewed", "confirmed", "true");
		assertThat(this.admin.get(version).body()).doesNotContain("data-tag=\"reviewed\"");
	}

	@Test
	void versionPageShowsLineageAndTheAuditCsvDownloads() {
		String name = ModelPagesFixture.name("lineage");
		this.fixture.model(TestAdmin.USERNAME, name);
		ModelVersion version = this.fixture.version(TestAdmin.USERNAME, name);
		PageSession.Page page = this.admin.get("/models/" + name + "/versions/1");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"lineage-run\"", "/runs/" + version.runId() + "\"",
				"/runs/" + version.runId() + "/artifacts\"", "id=\"lineage-commit\">abc1234<",
				"id=\"lineage-code\">train.py<", "data-metric=\"rmse\"", "0.125", "runs:/" + version.runId() + "/model",
				"model_version.created", "data-tag=\"team\"");
		String csvHref = "/audit/export.csv?model=" + name;
		assertThat(this.admin.get("/models/" + name).body()).contains("href=\"" + csvHref + "\"");
		PageSession.Page csv = this.admin.get(csvHref);
		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.header("Content-Type")).startsWith("text/csv");
		assertThat(csv.header("Content-Disposition")).startsWith("attachment").contains(".csv");
		assertThat(csv.body()).startsWith("id,occurred_at,actor,action")
			.contains("registered_model.created", "model_version.created");
		assertThat(this.admin.get("/models/no-such-model-" + System.nanoTime()).status()).isEqualTo(404);
		assertThat(this.admin.get("/models/" + name + "/versions/99").status()).isEqualTo(404);
	}

	@Test
	void webhooksAreCreatedTestedDisabledAndDeletedThroughConfirmations() throws Exception {
		com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer
			.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
		List<String> received = java.util.Collections.synchronizedList(new ArrayList<>());
		receiver.createContext("/hook", (exchange) -> {
			received.add(exchange.getRequestHeaders().getFirst("X-Slipway-Event"));
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		receiver.start();
		try {
			String name = ModelPagesFixture.name("hooked");
			this.fixture.model(TestAdmin.USERNAME, name);
			this.fixture.version(TestAdmin.USERNAME, name);
			String hooks = "/models/" + name + "/webhooks";
			String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
			PageSession.Page list = this.admin.get(hooks);
			assertThat(list.status()).isEqualTo(200);
			assertThat(list.body()).contains("No webhooks yet", "id=\"create-webhook\"", "model_version.created",
					"transition_request.approved", "aria-current=\"page\"");
			assertThat(this.admin.get("/models/" + name).body()).contains("href=\"" + hooks + "\"");

			PageSession.Page confirm = this.admin.post(hooks, "label", "ci", "url", url, "events",
					"model_version.created", "events", "model_version.stage_transitioned");
			assertThat(confirm.status()).isEqualTo(200);
			assertThat(confirm.body()).contains("Create webhook ci",
					"will POST model_version.created, model_version.stage_transitioned of " + name + " to " + url);
			PageSession.Page created = this.admin.post(hooks, "label", "ci", "url", url, "events",
					"model_version.created", "events", "model_version.stage_transitioned", "confirmed", "true");
			assertThat(created.status()).isEqualTo(302);
			assertThat(created.location()).matches(hooks + "/[0-9]+");
			String hook = created.location();
			PageSession.Page first = this.admin.get(hook);
			assertThat(first.body()).contains("Created webhook ci", "id=\"webhook-secret\"", "shown only this once");
			assertThat(this.admin.get(hook).body()).as("the secret is shown once").doesNotContain("webhook-secret");
			assertThat(this.admin.get(hooks).body()).contains(">ci<", url, "active");

			PageSession.Page test = this.admin.post(hook + "/test");
			assertThat(test.body()).contains("A webhook.test event will be POSTed to " + url);
			PageSession.Page sent = this.admin.post(hook + "/test", "confirmed", "true");
			assertThat(sent.location()).isEqualTo(hook);
			PageSession.Page log = this.admin.get(hook);
			assertThat(log.body()).contains("Sent a test event", "webhook.test", "DELIVERED", "204",
					"id=\"delivery-table\"");
			assertThat(received).contains("webhook.test");

			String viewer = this.fixture.person(Role.VIEWER);
			PageSession reader = PageSession.signedIn(this.port, viewer, ModelPagesFixture.PASSWORD);
			assertThat(reader.get(hooks).body()).contains(">ci<").doesNotContain("id=\"create-webhook\"");
			assertThat(reader.get(hook).body()).contains("webhook.test").doesNotContain("Send test");
			assertThat(reader.post(hook + "/test").status()).isEqualTo(403);
			assertThat(reader.post(hook + "/delete", "confirmed", "true").status()).isEqualTo(403);
			assertThat(reader.post(hooks, "label", "x", "url", url, "events", "model_version.created").status())
				.isEqualTo(403);

			PageSession.Page disable = this.admin.post(hook + "/active", "active", "false");
			assertThat(disable.body()).contains("will stop sending events");
			this.admin.post(hook + "/active", "active", "false", "confirmed", "true");
			assertThat(this.admin.get(hook).body()).contains("Disabled webhook ci", "id=\"webhook-state\"",
					">disabled<", "Enable…");
			String other = ModelPagesFixture.name("unhooked");
			this.fixture.model(TestAdmin.USERNAME, other);
			assertThat(this.admin.get("/models/" + other + "/webhooks/" + hook.substring(hook.lastIndexOf('/') + 1))
				.status()).as("a webhook of another model").isEqualTo(404);

			PageSession.Page delete = this.admin.post(hook + "/delete");
			assertThat(delete.body()).contains("and its delivery log will be deleted");
			PageSession.Page deleted = this.admin.post(hook + "/delete", "confirmed", "true");
			assertThat(deleted.location()).isEqualTo(hooks);
			assertThat(this.admin.get(hooks).body()).contains("Deleted webhook ci", "No webhooks yet");
			assertThat(this.admin.get(hook).status()).isEqualTo(404);
		}
		finally {
			receiver.stop(0);
		}
	}

	private List<TransitionRequest> fixtureRequests(String name) {
		return this.governance().requests(name, RequestStatus.PENDING, 10);
	}

	private GovernanceService governance() {
		return this.governanceService;
	}

}
