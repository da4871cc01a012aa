package dev.slipway.registry;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slipway's native registry routes over real HTTP: transition requests and their
 * decisions, policies, rollback, lineage, model permissions and webhooks, with Problem
 * Details for bad input.
 */
class RegistryApiTest extends RegistryApiFixture {

	private static final String V1 = "/api/v1/";

	@Test
	void aRequestIsApprovedByAMaintainerAndApplied() {
		String name = newModel(this.editor, "api-request");
		newVersion(this.editor, name, newRun(this.editor));
		HttpResponse<String> posted = this.editor.postJson(V1 + "models/" + q(name) + "/requests",
				"{\"version\": \"1\", \"target_kind\": \"STAGE\", \"target\": \"Production\", "
						+ "\"archive_existing_versions\": true, \"comment\": \"ready for production\"}");
		assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
		JsonNode request = ok(posted);
		long id = request.get("id").asLong();
		assertThat(request.get("model_name").asString()).isEqualTo(name);
		assertThat(request.get("version").isString()).isTrue();
		assertThat(request.get("version").asString()).isEqualTo("1");
		assertThat(request.get("target_kind").asString()).isEqualTo("STAGE");
		assertThat(request.get("target").asString()).isEqualTo("Production");
		assertThat(request.get("archive_existing_versions").asBoolean()).isTrue();
		assertThat(request.get("comment").asString()).isEqualTo("ready for production");
		assertThat(request.get("requested_by").asString()).isEqualTo(EDITOR);
		assertThat(request.get("requested_at").isIntegralNumber()).isTrue();
		assertThat(request.get("status").asString()).isEqualTo("PENDING");
		assertThat(request.has("decided_by")).as("every field is present").isTrue();
		assertThat(request.get("decided_by").isNull()).isTrue();

		JsonNode aliasRequest = ok(this.editor.postJson(V1 + "models/" + q(name) + "/requests",
				"{\"version\": 1, \"target_kind\": \"alias\", \"target\": \"champion\"}"));
		assertThat(aliasRequest.get("target_kind").asString()).isEqualTo("ALIAS");

		JsonNode pending = ok(this.viewer.getJson(V1 + "models/" + q(name) + "/requests?status=pending"));
		assertThat(pending.get("requests")).hasSize(2);
		assertThat(ok(this.viewer.getJson(V1 + "models/" + q(name) + "/requests?max_results=1")).get("requests"))
			.hasSize(1);
		assertThat(ok(this.viewer.getJson(V1 + "requests/" + id)).get("status").asString()).isEqualTo("PENDING");

		problem(this.editor.postJson(V1 + "requests/" + id + "/approve", "{\"comment\": \"mine\"}"), 403,
				"PERMISSION_DENIED");
		JsonNode approved = ok(
				this.maintainer.postJson(V1 + "requests/" + id + "/approve", "{\"comment\": \"looks good\"}"));
		assertThat(approved.get("status").asString()).isEqualTo("APPROVED");
		assertThat(approved.get("decided_by").asString()).isEqualTo(MAINTAINER);
		assertThat(approved.get("decision_comment").asString()).isEqualTo("looks good");
		assertThat(approved.get("decided_at").isIntegralNumber()).isTrue();
		assertThat(ok(this.viewer.getJson(MLFLOW + "model-versions/get?name=" + q(name) + "&version=1"))
			.get("model_version")
			.get("current_stage")
			.asString()).isEqualTo("Production");
		assertThat(ok(this.viewer.getJson(V1 + "models/" + q(name) + "/requests?status=APPROVED")).get("requests"))
			.hasSize(1);
	}

	@Test
	void requestsAreRejectedAndCancelledButNeverApprovedByTheirRequester() {
		String name = newModel(this.editor, "api-decisions");
		newVersion(this.editor, name, newRun(this.editor));
		ok(this.editor.sendJson("PUT", V1 + "models/" + q(name) + "/permissions/users/" + MAINTAINER,
				"{\"permission\": \"EDIT\"}"));
		long own = ok(this.maintainer.postJson(V1 + "models/" + q(name) + "/requests",
				"{\"version\": \"1\", \"target_kind\": \"STAGE\", \"target\": \"Production\"}"))
			.get("id")
			.asLong();
		problem(this.maintainer.postJson(V1 + "requests/" + own + "/approve", "{}"), 403, "PERMISSION_DENIED");
		JsonNode rejected = ok(this.admin.postJson(V1 + "requests/" + own + "/reject", "{\"comment\": \"not yet\"}"));
		assertThat(rejected.get("status").asString()).isEqualTo("REJECTED");
		assertThat(rejected.get("decision_comment").asString()).isEqualTo("not yet");

		long withdrawn = ok(this.editor.postJson(V1 + "models/" + q(name) + "/requests",
				"{\"version\": \"1\", \"target_kind\": \"STAGE\", \"target\": \"Production\"}"))
			.get("id")
			.asLong();
		problem(this.editor2.postJson(V1 + "requests/" + withdrawn + "/cancel", "{}"), 403, "PERMISSION_DENIED");
		JsonNode cancelled = ok(this.editor.postJson(V1 + "requests/" + withdrawn + "/cancel", "{}"));
		assertThat(cancelled.get("status").asString()).isEqualTo("CANCELLED");
		assertThat(ok(this.viewer.getJson(MLFLOW + "model-versions/get?name=" + q(name) + "&version=1"))
			.get("model_version")
			.get("current_stage")
			.asString()).isEqualTo("None");
	}

	@Test
	void badInputIsAnsweredWithProblemDetails() {
		String name = newModel(this.editor, "api-bad-input");
		newVersion(this.editor, name, newRun(this.editor));
		String requests = V1 + "models/" + q(name) + "/requests";
		problem(this.editor.postJson(requests, "{\"version\": \"1\", \"target_kind\": \"BRANCH\", \"target\": \"x\"}"),
				400, "INVALID_ARGUMENT");
		problem(this.editor.postJson(requests, "{\"target_kind\": \"STAGE\", \"target\": \"Production\"}"), 400,
				"INVALID_ARGUMENT");
		problem(this.editor.postJson(requests, "{\"version\": \"1\", \"target_kind\": \"STAGE\"}"), 400,
				"INVALID_ARGUMENT");
		problem(this.editor.postJson(requests,
				"{\"version\": \"1\", \"target_kind\": \"STAGE\", "
						+ "\"target\": \"Production\", \"archive_existing_versions\": \"sometimes\"}"),
				400, "MALFORMED_REQUEST");
		problem(this.editor.postJson(requests, "{not json"), 400, "MALFORMED_REQUEST");
		problem(this.viewer.getJson(requests + "?max_results=0"), 400, "INVALID_ARGUMENT");
		problem(this.viewer.getJson(requests + "?max_results=501"), 400, "INVALID_ARGUMENT");
		problem(this.viewer.getJson(requests + "?max_results=lots"), 400, "INVALID_ARGUMENT");
		problem(this.viewer.getJson(requests + "?status=WAITING"), 400, "INVALID_ARGUMENT");
		problem(this.viewer.getJson(V1 + "requests/987654321"), 404, "NOT_FOUND");
		problem(this.viewer.getJson(V1 + "models/" + q(unique("missing")) + "/requests"), 404, "NOT_FOUND");
		problem(this.viewer.getJson(V1 + "models/" + q(name) + "/rollback?target_kind=SHELF&target=Production"), 400,
				"INVALID_ARGUMENT");
		problem(this.viewer.getJson(V1 + "models/" + q(name) + "/rollback?target_kind=STAGE"), 400, "INVALID_ARGUMENT");
		problem(this.editor.sendJson("PUT", V1 + "models/" + q(name) + "/policy/rules",
				"{\"target_kind\": \"STAGE\", \"target\": \"Staging\"}"), 400, "INVALID_ARGUMENT");
		problem(this.editor.sendJson("PUT", V1 + "models/" + q(name) + "/policy/rules",
				"{\"target_kind\": \"STAGE\", \"target\": \"Staging\", \"approval_required\": true, "
						+ "\"direct_role\": \"OWNER\"}"),
				400, "INVALID_ARGUMENT");
		problem(this.anonymous.getJson(requests), 401, "UNAUTHENTICATED");
	}

	@Test
	void policyRulesAreReadByAllAndChangedWithManage() {
		String name = newModel(this.editor, "api-policy");
		String policy = V1 + "models/" + q(name) + "/policy";
		JsonNode rules = ok(this.viewer.getJson(policy)).get("rules");
		JsonNode production = rule(rules, "STAGE", "Production");
		assertThat(production.get("approval_required").asBoolean()).isTrue();
		assertThat(production.get("separate_approver").asBoolean()).isTrue();
		assertThat(production.get("direct_role").asString()).isEqualTo("ADMIN");
		assertThat(rule(rules, "ALIAS", "champion")).isNotNull();

		String staging = "{\"target_kind\": \"stage\", \"target\": \"Staging\", \"approval_required\": true, "
				+ "\"separate_approver\": false, \"direct_role\": \"MAINTAINER\"}";
		problem(this.maintainer.sendJson("PUT", policy + "/rules", staging), 403, "PERMISSION_DENIED");
		JsonNode changed = ok(this.editor.sendJson("PUT", policy + "/rules", staging)).get("rules");
		JsonNode stagingRule = rule(changed, "STAGE", "Staging");
		assertThat(stagingRule.get("separate_approver").asBoolean()).isFalse();
		assertThat(stagingRule.get("direct_role").asString()).isEqualTo("MAINTAINER");

		newVersion(this.editor, name, newRun(this.editor));
		HttpResponse<String> refused = this.editor.postJson(MLFLOW + "model-versions/transition-stage",
				"{\"name\": \"" + name + "\", \"version\": \"1\", \"stage\": \"Staging\"}");
		mlflowError(refused, 403, "PERMISSION_DENIED");

		JsonNode removed = ok(this.editor.send("DELETE", policy + "/rules/STAGE/Staging")).get("rules");
		assertThat(rule(removed, "STAGE", "Staging")).isNull();
		transition(this.editor, name, "1", "Staging");
		problem(this.editor.send("DELETE", policy + "/rules/STAGE/Staging"), 404, "NOT_FOUND");
		problem(this.editor.send("DELETE", policy + "/rules/SHELF/Staging"), 400, "INVALID_ARGUMENT");
	}

	@Test
	void rollbackShowsItsPlanAndPutsThePreviousVersionBack() {
		String name = newModel(this.editor, "api-rollback");
		String run = newRun(this.editor);
		newVersion(this.editor, name, run);
		newVersion(this.editor, name, run);
		transition(this.admin, name, "1", "Production");
		ok(this.admin.postJson(MLFLOW + "model-versions/transition-stage", "{\"name\": \"" + name
				+ "\", \"version\": \"2\", \"stage\": \"Production\", \"archive_existing_versions\": true}"));

		JsonNode plan = ok(
				this.viewer.getJson(V1 + "models/" + q(name) + "/rollback?target_kind=STAGE&target=Production"));
		assertThat(plan.get("model_name").asString()).isEqualTo(name);
		assertThat(plan.get("target_kind").asString()).isEqualTo("STAGE");
		assertThat(plan.get("target").asString()).isEqualTo("Production");
		assertThat(plan.get("current_version").asString()).isEqualTo("2");
		assertThat(plan.get("restored_version").asString()).isEqualTo("1");

		problem(this.editor.postJson(V1 + "models/" + q(name) + "/rollback",
				"{\"target_kind\": \"STAGE\", \"target\": \"Production\", \"reason\": \"errors up\"}"), 403,
				"PERMISSION_DENIED");
		problem(this.maintainer.postJson(V1 + "models/" + q(name) + "/rollback",
				"{\"target_kind\": \"STAGE\", \"target\": \"Production\"}"), 400, "INVALID_ARGUMENT");
		JsonNode restored = ok(this.maintainer.postJson(V1 + "models/" + q(name) + "/rollback",
				"{\"target_kind\": \"STAGE\", \"target\": \"Production\", \"reason\": \"errors up\"}"))
			.get("model_version");
		assertThat(restored.get("version").asString()).isEqualTo("1");
		assertThat(restored.get("current_stage").asString()).isEqualTo("Production");
		assertThat(ok(this.viewer.getJson(MLFLOW + "model-versions/get?name=" + q(name) + "&version=2"))
			.get("model_version")
			.get("current_stage")
			.asString()).isEqualTo("Archived");
	}

	@Test
	void lineageNamesTheRunItsCodeAndMetrics() {
		String name = newModel(this.editor, "api-lineage");
		String run = newRun(this.editor);
		ok(this.editor.postJson(MLFLOW + "runs/log-batch",
				"{\"run_id\": \"" + run + "\", "
						+ "\"metrics\": [{\"key\": \"auc\", \"value\": 0.91, \"timestamp\": 1, \"step\": 0}], "
						+ "\"tags\": [{\"key\": \"mlflow.source.git.commit\", \"value\": \"abc123\"}]}"));
		newVersion(this.editor, name, run);
		JsonNode lineage = ok(this.viewer.getJson(V1 + "models/" + q(name) + "/versions/1/lineage"));
		assertThat(lineage.get("model_version").get("version").asString()).isEqualTo("1");
		assertThat(lineage.get("run").get("run_id").asString()).isEqualTo(run);
		assertThat(lineage.get("run").get("experiment_id").asString()).isNotBlank();
		assertThat(lineage.get("git_commit").asString()).isEqualTo("abc123");
		assertThat(lineage.get("datasets").isArray()).isTrue();
		assertThat(lineage.get("metrics").get(0).get("key").asString()).isEqualTo("auc");
		assertThat(lineage.get("metrics").get(0).get("value").asDouble()).isEqualTo(0.91);
		problem(this.viewer.getJson(V1 + "models/" + q(name) + "/versions/7/lineage"), 404, "NOT_FOUND");
	}

	@Test
	void modelPermissionsMirrorTheExperimentsOnes() {
		String name = newModel(this.editor, "api-permissions");
		String permissions = V1 + "models/" + q(name) + "/permissions";
		JsonNode initial = ok(this.editor.getJson(permissions));
		assertThat(initial.get("name").asString()).isEqualTo(name);
		assertThat(initial.get("effectiveDefault").asString()).isEqualTo("READ");
		assertThat(initial.has("modelDefault")).isFalse();
		assertThat(initial.get("grants").findValuesAsString("username")).containsExactly(EDITOR);
		problem(this.maintainer.getJson(permissions), 403, "PERMISSION_DENIED");

		HttpResponse<String> granted = this.editor.sendJson("PUT", permissions + "/users/" + VIEWER,
				"{\"permission\": \"NONE\"}");
		assertThat(granted.statusCode()).isEqualTo(204);
		mlflowError(this.viewer.getJson(MLFLOW + "registered-models/get?name=" + q(name)), 403, "PERMISSION_DENIED");
		assertThat(this.editor.send("DELETE", permissions + "/users/" + VIEWER).statusCode()).isEqualTo(204);
		ok(this.viewer.getJson(MLFLOW + "registered-models/get?name=" + q(name)));
		problem(this.editor.send("DELETE", permissions + "/users/" + VIEWER), 404, "NOT_FOUND");

		assertThat(this.editor.sendJson("PUT", permissions + "/default", "{\"permission\": \"NONE\"}").statusCode())
			.isEqualTo(204);
		JsonNode closed = ok(this.editor.getJson(permissions));
		assertThat(closed.get("modelDefault").asString()).isEqualTo("NONE");
		assertThat(closed.get("effectiveDefault").asString()).isEqualTo("NONE");
		mlflowError(this.maintainer.getJson(MLFLOW + "registered-models/get?name=" + q(name)), 403,
				"PERMISSION_DENIED");
		assertThat(this.editor.sendJson("PUT", permissions + "/default", "{\"permission\": null}").statusCode())
			.isEqualTo(204);
		ok(this.maintainer.getJson(MLFLOW + "registered-models/get?name=" + q(name)));
		problem(this.editor.sendJson("PUT", permissions + "/users/" + VIEWER, "{\"permission\": \"OWNER\"}"), 400,
				"INVALID_ARGUMENT");
		problem(this.editor.sendJson("PUT", permissions + "/users/nobody-" + System.nanoTime(),
				"{\"permission\": \"READ\"}"), 404, "NOT_FOUND");
	}

	@Test
	void webhooksAreManagedPerModelAndGloballyByAdmins() {
		String name = newModel(this.editor, "api-webhooks");
		String hooks = V1 + "models/" + q(name) + "/webhooks";
		String body = "{\"name\": \"ci\", \"url\": \"http://127.0.0.1:9/hook\", "
				+ "\"events\": [\"model_version.stage_transitioned\"]}";
		problem(this.maintainer.postJson(hooks, body), 403, "PERMISSION_DENIED");
		HttpResponse<String> posted = this.editor.postJson(hooks, body);
		assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
		JsonNode created = ok(posted);
		assertThat(created.get("secret").asString()).isNotBlank();
		JsonNode webhook = created.get("webhook");
		long id = webhook.get("id").asLong();
		assertThat(webhook.get("model_name").asString()).isEqualTo(name);
		assertThat(webhook.get("url").asString()).isEqualTo("http://127.0.0.1:9/hook");
		assertThat(webhook.get("events").get(0).asString()).isEqualTo("model_version.stage_transitioned");
		assertThat(webhook.get("active").asBoolean()).isTrue();
		assertThat(webhook.get("created_by").asString()).isEqualTo(EDITOR);
		assertThat(webhook.has("secret")).isFalse();

		JsonNode listed = ok(this.viewer.getJson(hooks)).get("webhooks");
		assertThat(listed.findValuesAsString("name")).containsExactly("ci");
		assertThat(listed.toString()).doesNotContain(created.get("secret").asString());
		assertThat(ok(this.viewer.getJson(V1 + "webhooks/" + id)).get("id").asLong()).isEqualTo(id);
		JsonNode paused = ok(this.editor.sendJson("PATCH", V1 + "webhooks/" + id, "{\"active\": false}"));
		assertThat(paused.get("active").asBoolean()).isFalse();
		problem(this.editor.sendJson("PATCH", V1 + "webhooks/" + id, "{}"), 400, "INVALID_ARGUMENT");

		JsonNode delivery = ok(this.editor.postJson(V1 + "webhooks/" + id + "/test", "{}"));
		assertThat(delivery.get("webhook_id").asLong()).isEqualTo(id);
		assertThat(delivery.get("event_type").asString()).isEqualTo("webhook.test");
		JsonNode deliveries = ok(this.viewer.getJson(V1 + "webhooks/" + id + "/deliveries?max_results=10"));
		assertThat(deliveries.get("deliveries").findValuesAsString("event_type")).contains("webhook.test");
		assertThat(deliveries.has("next_page_token")).isTrue();
		problem(this.viewer.getJson(V1 + "webhooks/" + id + "/deliveries?max_results=few"), 400, "INVALID_ARGUMENT");

		problem(this.viewer.send("DELETE", V1 + "webhooks/" + id), 403, "PERMISSION_DENIED");
		assertThat(this.editor.send("DELETE", V1 + "webhooks/" + id).statusCode()).isEqualTo(204);
		problem(this.viewer.getJson(V1 + "webhooks/" + id), 404, "NOT_FOUND");
		problem(this.editor.postJson(hooks, "{\"name\": \"bad\", \"url\": \"http://169.254.169.254/x\", "
				+ "\"events\": [\"model_version.stage_transitioned\"]}"), 400, "INVALID_ARGUMENT");

		String global = "{\"name\": \"all\", \"url\": \"http://127.0.0.1:9/all\", "
				+ "\"events\": [\"registered_model.created\"]}";
		problem(this.editor.postJson(V1 + "webhooks", global), 403, "PERMISSION_DENIED");
		HttpResponse<String> globalPosted = this.admin.postJson(V1 + "webhooks", global);
		assertThat(globalPosted.statusCode()).as(globalPosted.body()).isEqualTo(201);
		assertThat(ok(globalPosted).get("webhook").get("model_name").isNull()).isTrue();
		assertThat(ok(this.admin.getJson(V1 + "webhooks")).get("webhooks").findValuesAsString("name")).contains("all");
		problem(this.editor.getJson(V1 + "webhooks"), 403, "PERMISSION_DENIED");
	}

	private static JsonNode rule(JsonNode rules, String kind, String target) {
		for (JsonNode rule : rules) {
			if (rule.get("target_kind").asString().equals(kind) && rule.get("target").asString().equals(target)) {
				return rule;
			}
		}
		return null;
	}

}
