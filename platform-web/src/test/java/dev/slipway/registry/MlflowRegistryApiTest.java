package dev.slipway.registry;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MLflow registry routes over real HTTP, as MLflow's clients call them: wire shapes
 * (versions as strings, aliases, latest versions), both prefixes, GET and POST for latest
 * versions, DELETE with a JSON body, paging of both searches, errors in MLflow's shape,
 * and the auth app's registered model permission routes.
 */
class MlflowRegistryApiTest extends RegistryApiFixture {

	@Test
	void registeredModelHasMlflowsShapeUnderBothPrefixes() {
		String name = unique("wire-model");
		JsonNode created = ok(this.editor.postJson(MLFLOW + "registered-models/create", "{\"name\": \"" + name
				+ "\", \"description\": \"fraud model\", \"tags\": [{\"key\": \"team\", \"value\": \"risk\"}]}"))
			.get("registered_model");
		assertThat(created.get("name").asString()).isEqualTo(name);
		assertThat(created.get("description").asString()).isEqualTo("fraud model");
		assertThat(created.get("creation_timestamp").isIntegralNumber()).isTrue();
		assertThat(created.get("last_updated_timestamp").asLong())
			.isGreaterThanOrEqualTo(created.get("creation_timestamp").asLong());
		assertThat(created.get("tags").get(0).get("key").asString()).isEqualTo("team");
		assertThat(created.get("tags").get(0).get("value").asString()).isEqualTo("risk");

		String run = newRun(this.editor);
		newVersion(this.editor, name, run);
		ok(this.editor.postJson(MLFLOW + "registered-models/alias",
				"{\"name\": \"" + name + "\", \"alias\": \"challenger\", \"version\": \"1\"}"));
		for (String prefix : List.of("/api/2.0/mlflow/", "/ajax-api/2.0/mlflow/")) {
			JsonNode model = ok(this.viewer.getJson(prefix + "registered-models/get?name=" + q(name)))
				.get("registered_model");
			assertThat(model.get("name").asString()).isEqualTo(name);
			assertThat(model.get("aliases")).hasSize(1);
			assertThat(model.get("aliases").get(0).get("alias").asString()).isEqualTo("challenger");
			assertThat(model.get("aliases").get(0).get("version").isString()).isTrue();
			assertThat(model.get("aliases").get(0).get("version").asString()).isEqualTo("1");
			JsonNode latest = model.get("latest_versions");
			assertThat(latest).hasSize(1);
			assertThat(latest.get(0).get("version").asString()).isEqualTo("1");
			assertThat(latest.get(0).get("current_stage").asString()).isEqualTo("None");
		}
	}

	@Test
	void modelVersionHasMlflowsShape() {
		String name = newModel(this.editor, "wire-version");
		String run = newRun(this.editor);
		JsonNode version = ok(this.editor.postJson(MLFLOW + "model-versions/create",
				"{\"name\": \"" + name + "\", \"source\": \"runs:/" + run + "/model\", \"run_id\": \"" + run
						+ "\", \"description\": \"first\", \"run_link\": \"http://ci/1\", "
						+ "\"tags\": [{\"key\": \"k\", \"value\": \"v\"}]}"))
			.get("model_version");
		assertThat(version.get("name").asString()).isEqualTo(name);
		assertThat(version.get("version").isString()).as("MLflow sends versions as strings").isTrue();
		assertThat(version.get("version").asString()).isEqualTo("1");
		assertThat(version.get("current_stage").asString()).isEqualTo("None");
		assertThat(version.get("status").asString()).isEqualTo("READY");
		assertThat(version.get("source").asString()).isEqualTo("runs:/" + run + "/model");
		assertThat(version.get("run_id").asString()).isEqualTo(run);
		assertThat(version.get("run_link").asString()).isEqualTo("http://ci/1");
		assertThat(version.get("user_id").asString()).isEqualTo(EDITOR);
		assertThat(version.get("description").asString()).isEqualTo("first");
		assertThat(version.get("creation_timestamp").isIntegralNumber()).isTrue();
		assertThat(version.get("tags").get(0).get("key").asString()).isEqualTo("k");
		assertThat(version.has("status_message")).as("absent fields are left out, as protobuf does").isFalse();
		assertThat(version.has("model_id")).isFalse();

		JsonNode fetched = ok(this.viewer.getJson(MLFLOW + "model-versions/get?name=" + q(name) + "&version=1"))
			.get("model_version");
		assertThat(fetched.get("version").asString()).isEqualTo("1");
		String uri = ok(this.viewer.getJson(MLFLOW + "model-versions/get-download-uri?name=" + q(name) + "&version=1"))
			.get("artifact_uri")
			.asString();
		assertThat(uri).contains(run).endsWith("model");

		JsonNode updated = ok(this.editor.sendJson("PATCH", MLFLOW + "model-versions/update",
				"{\"name\": \"" + name + "\", \"version\": \"1\", \"description\": \"better\"}"))
			.get("model_version");
		assertThat(updated.get("description").asString()).isEqualTo("better");
		ok(this.editor.postJson(MLFLOW + "model-versions/set-tag",
				"{\"name\": \"" + name + "\", \"version\": \"1\", \"key\": \"q\", \"value\": \"ok\"}"));
		ok(this.editor.sendJson("DELETE", MLFLOW + "model-versions/delete-tag",
				"{\"name\": \"" + name + "\", \"version\": \"1\", \"key\": \"k\"}"));
		JsonNode tagged = ok(this.viewer.getJson(MLFLOW + "model-versions/get?name=" + q(name) + "&version=1"))
			.get("model_version");
		assertThat(tagged.get("tags").findValuesAsString("key")).containsExactly("q");
	}

	@Test
	void aliasesAreSetReadAndDeletedWithAJsonBody() {
		String name = newModel(this.editor, "wire-alias");
		String run = newRun(this.editor);
		newVersion(this.editor, name, run);
		newVersion(this.editor, name, run);
		ok(this.editor.postJson(MLFLOW + "registered-models/alias",
				"{\"name\": \"" + name + "\", \"alias\": \"challenger\", \"version\": \"2\"}"));
		JsonNode byAlias = ok(
				this.viewer.getJson(MLFLOW + "registered-models/alias?name=" + q(name) + "&alias=challenger"))
			.get("model_version");
		assertThat(byAlias.get("version").asString()).isEqualTo("2");
		assertThat(byAlias.get("aliases").get(0).asString()).isEqualTo("challenger");

		ok(this.editor.sendJson("DELETE", MLFLOW + "registered-models/alias",
				"{\"name\": \"" + name + "\", \"alias\": \"challenger\"}"));
		mlflowError(this.viewer.getJson(MLFLOW + "registered-models/alias?name=" + q(name) + "&alias=challenger"), 404,
				"RESOURCE_DOES_NOT_EXIST");
	}

	@Test
	void latestVersionsAnswerOnPostAndGet() {
		String name = newModel(this.editor, "wire-latest");
		String run = newRun(this.editor);
		newVersion(this.editor, name, run);
		newVersion(this.editor, name, run);
		newVersion(this.editor, name, run);
		JsonNode staged = ok(this.editor.postJson(MLFLOW + "model-versions/transition-stage",
				"{\"name\": \"" + name
						+ "\", \"version\": \"1\", \"stage\": \"staging\", \"archive_existing_versions\": \"true\"}"))
			.get("model_version");
		assertThat(staged.get("current_stage").asString()).as("stages are stored in canonical form")
			.isEqualTo("Staging");

		JsonNode posted = ok(this.viewer.postJson(MLFLOW + "registered-models/get-latest-versions",
				"{\"name\": \"" + name + "\", \"stages\": [\"Staging\"]}"));
		assertThat(posted.get("model_versions").findValuesAsString("version")).containsExactly("1");
		JsonNode got = ok(this.viewer
			.getJson(MLFLOW + "registered-models/get-latest-versions?name=" + q(name) + "&stages=None&stages=Staging"));
		assertThat(got.get("model_versions").findValuesAsString("version")).containsExactlyInAnyOrder("1", "3");
		JsonNode all = ok(this.viewer.getJson(MLFLOW + "registered-models/get-latest-versions?name=" + q(name)));
		assertThat(all.get("model_versions").findValuesAsString("current_stage")).containsExactlyInAnyOrder("None",
				"Staging");
		mlflowError(
				this.viewer
					.getJson(MLFLOW + "registered-models/get-latest-versions?name=" + q(name) + "&stages=Nowhere"),
				400, "INVALID_PARAMETER_VALUE");
	}

	@Test
	void renameUpdateAndDeleteTakeTheirMethods() {
		String name = newModel(this.editor, "wire-rename");
		String renamed = name + "-renamed";
		JsonNode model = ok(this.editor.postJson(MLFLOW + "registered-models/rename",
				"{\"name\": \"" + name + "\", \"new_name\": \"" + renamed + "\"}"))
			.get("registered_model");
		assertThat(model.get("name").asString()).isEqualTo(renamed);
		JsonNode updated = ok(this.editor.sendJson("PATCH", MLFLOW + "registered-models/update",
				"{\"name\": \"" + renamed + "\", \"description\": \"now described\"}"))
			.get("registered_model");
		assertThat(updated.get("description").asString()).isEqualTo("now described");
		ok(this.editor.postJson(MLFLOW + "registered-models/set-tag",
				"{\"name\": \"" + renamed + "\", \"key\": \"t\", \"value\": \"v\"}"));
		ok(this.editor.sendJson("DELETE", MLFLOW + "registered-models/delete-tag",
				"{\"name\": \"" + renamed + "\", \"key\": \"t\"}"));
		assertThat(ok(this.viewer.getJson(MLFLOW + "registered-models/get?name=" + q(renamed))).get("registered_model")
			.get("tags")).isEmpty();

		ok(this.editor.sendJson("DELETE", MLFLOW + "registered-models/delete", "{\"name\": \"" + renamed + "\"}"));
		mlflowError(this.viewer.getJson(MLFLOW + "registered-models/get?name=" + q(renamed)), 404,
				"RESOURCE_DOES_NOT_EXIST");

		String other = newModel(this.editor, "wire-delete-query");
		ok(this.editor.send("DELETE", MLFLOW + "registered-models/delete?name=" + q(other)));
		mlflowError(this.viewer.getJson(MLFLOW + "registered-models/get?name=" + q(other)), 404,
				"RESOURCE_DOES_NOT_EXIST");
	}

	@Test
	void modelVersionsAreDeletedWithAJsonBody() {
		String name = newModel(this.editor, "wire-delete-version");
		String run = newRun(this.editor);
		newVersion(this.editor, name, run);
		ok(this.editor.sendJson("DELETE", MLFLOW + "model-versions/delete",
				"{\"name\": \"" + name + "\", \"version\": \"1\"}"));
		mlflowError(this.viewer.getJson(MLFLOW + "model-versions/get?name=" + q(name) + "&version=1"), 404,
				"RESOURCE_DOES_NOT_EXIST");
		assertThat(newVersion(this.editor, name, run)).as("a number is never reused").isEqualTo("2");
	}

	@Test
	void registeredModelSearchPages() {
		String prefix = unique("wire-search");
		for (int i = 0; i < 3; i++) {
			ok(this.editor.postJson(MLFLOW + "registered-models/create", "{\"name\": \"" + prefix + "-" + i + "\"}"));
		}
		String filter = q("name LIKE '" + prefix + "%'");
		List<String> names = new ArrayList<>();
		JsonNode first = ok(this.viewer
			.getJson(MLFLOW + "registered-models/search?filter=" + filter + "&max_results=2&order_by=name+ASC"));
		first.get("registered_models").forEach((m) -> names.add(m.get("name").asString()));
		assertThat(names).hasSize(2);
		String token = first.get("next_page_token").asString();
		assertThat(token).isNotBlank();
		JsonNode second = ok(this.viewer.getJson(MLFLOW + "registered-models/search?filter=" + filter
				+ "&max_results=2&order_by=name+ASC&page_token=" + q(token)));
		second.get("registered_models").forEach((m) -> names.add(m.get("name").asString()));
		assertThat(second.has("next_page_token")).isFalse();
		assertThat(names).containsExactly(prefix + "-0", prefix + "-1", prefix + "-2");

		assertThat(
				ok(this.viewer.getJson(MLFLOW + "registered-models/search?filter=" + filter)).get("registered_models"))
			.as("the default page (100) holds all three")
			.hasSize(3);
		mlflowError(this.viewer.getJson(MLFLOW + "registered-models/search?max_results=1001"), 400,
				"INVALID_PARAMETER_VALUE");
		mlflowError(this.viewer.getJson(MLFLOW + "registered-models/search?max_results=0"), 400,
				"INVALID_PARAMETER_VALUE");
		mlflowError(this.viewer.getJson(MLFLOW + "registered-models/search?max_results=many"), 400,
				"INVALID_PARAMETER_VALUE");
	}

	@Test
	void modelVersionSearchPages() {
		String name = newModel(this.editor, "wire-version-search");
		String run = newRun(this.editor);
		for (int i = 0; i < 3; i++) {
			newVersion(this.editor, name, run);
		}
		String filter = q("name = '" + name + "'");
		List<String> versions = new ArrayList<>();
		JsonNode first = ok(this.viewer
			.getJson(MLFLOW + "model-versions/search?filter=" + filter + "&max_results=2&order_by=version_number+ASC"));
		first.get("model_versions").forEach((v) -> versions.add(v.get("version").asString()));
		String token = first.get("next_page_token").asString();
		JsonNode second = ok(this.viewer.getJson(MLFLOW + "model-versions/search?filter=" + filter
				+ "&max_results=2&order_by=version_number+ASC&page_token=" + q(token)));
		second.get("model_versions").forEach((v) -> versions.add(v.get("version").asString()));
		assertThat(second.has("next_page_token")).isFalse();
		assertThat(versions).containsExactly("1", "2", "3");

		JsonNode byRun = ok(
				this.viewer.getJson(MLFLOW + "model-versions/search?filter=" + q("run_id = '" + run + "'")));
		assertThat(byRun.get("model_versions")).hasSize(3);
		mlflowError(this.viewer.getJson(MLFLOW + "model-versions/search?max_results=200001"), 400,
				"INVALID_PARAMETER_VALUE");
	}

	@Test
	void errorsComeInMlflowsShape() {
		mlflowError(this.viewer.getJson(MLFLOW + "registered-models/get?name=" + q(unique("missing"))), 404,
				"RESOURCE_DOES_NOT_EXIST");
		String name = newModel(this.editor, "wire-errors");
		mlflowError(this.editor.postJson(MLFLOW + "registered-models/create", "{\"name\": \"" + name + "\"}"), 400,
				"RESOURCE_ALREADY_EXISTS");
		mlflowError(this.editor.postJson(MLFLOW + "registered-models/create", "{}"), 400, "INVALID_PARAMETER_VALUE");
		mlflowError(this.editor.postJson(MLFLOW + "registered-models/create", "{not json"), 400, "BAD_REQUEST");
		mlflowError(
				this.viewer.postJson(MLFLOW + "registered-models/create", "{\"name\": \"" + unique("viewer") + "\"}"),
				403, "PERMISSION_DENIED");
		mlflowError(this.anonymous.getJson(MLFLOW + "registered-models/get?name=" + q(name)), 401, "UNAUTHENTICATED");
		mlflowError(this.maintainer.postJson(MLFLOW + "registered-models/set-tag",
				"{\"name\": \"" + name + "\", \"key\": \"t\", \"value\": \"v\"}"), 403, "PERMISSION_DENIED");

		String run = newRun(this.editor);
		newVersion(this.editor, name, run);
		mlflowError(
				this.editor.postJson(MLFLOW + "model-versions/transition-stage",
						"{\"name\": \"" + name + "\", \"version\": \"1\", \"stage\": \"Production\"}"),
				403, "PERMISSION_DENIED");
		mlflowError(
				this.editor.postJson(MLFLOW + "model-versions/transition-stage",
						"{\"name\": \"" + name + "\", \"version\": \"1\", \"stage\": \"Nowhere\"}"),
				400, "INVALID_PARAMETER_VALUE");
		mlflowError(this.editor.postJson(MLFLOW + "model-versions/transition-stage", "{\"name\": \"" + name
				+ "\", \"version\": \"1\", \"stage\": \"Staging\", " + "\"archive_existing_versions\": \"maybe\"}"),
				400, "INVALID_PARAMETER_VALUE");
		mlflowError(this.viewer.getJson(MLFLOW + "model-versions/get?name=" + q(name) + "&version=9"), 404,
				"RESOURCE_DOES_NOT_EXIST");
		mlflowError(this.viewer.getJson(MLFLOW + "model-versions/get?name=" + q(name) + "&version=one"), 400,
				"INVALID_PARAMETER_VALUE");
	}

	@Test
	void theAdminPromotesToProductionDirectly() {
		String name = newModel(this.editor, "wire-admin");
		String run = newRun(this.editor);
		newVersion(this.editor, name, run);
		newVersion(this.editor, name, run);
		transition(this.admin, name, "1", "Production");
		JsonNode second = ok(this.admin.postJson(MLFLOW + "model-versions/transition-stage",
				"{\"name\": \"" + name
						+ "\", \"version\": \"2\", \"stage\": \"Production\", \"archive_existing_versions\": true}"))
			.get("model_version");
		assertThat(second.get("current_stage").asString()).isEqualTo("Production");
		assertThat(ok(this.viewer.getJson(MLFLOW + "model-versions/get?name=" + q(name) + "&version=1"))
			.get("model_version")
			.get("current_stage")
			.asString()).isEqualTo("Archived");
	}

	@Test
	void registeredModelPermissionsAsMlflowsAuthApp() {
		String name = newModel(this.editor, "wire-permissions");
		String base = MLFLOW + "registered-models/permissions/";
		JsonNode created = ok(this.editor.postJson(base + "create",
				"{\"name\": \"" + name + "\", \"username\": \"" + VIEWER + "\", \"permission\": \"NO_PERMISSIONS\"}"))
			.get("registered_model_permission");
		assertThat(created.get("name").asString()).isEqualTo(name);
		assertThat(created.get("user_id").isIntegralNumber()).isTrue();
		assertThat(created.get("permission").asString()).isEqualTo("NO_PERMISSIONS");
		mlflowError(this.viewer.getJson(MLFLOW + "registered-models/get?name=" + q(name)), 403, "PERMISSION_DENIED");
		mlflowError(
				this.editor.postJson(base + "create",
						"{\"name\": \"" + name + "\", \"username\": \"" + VIEWER + "\", \"permission\": \"READ\"}"),
				400, "RESOURCE_ALREADY_EXISTS");

		ok(this.editor.sendJson("PATCH", base + "update",
				"{\"name\": \"" + name + "\", \"username\": \"" + VIEWER + "\", \"permission\": \"READ\"}"));
		JsonNode got = ok(this.editor.getJson(base + "get?name=" + q(name) + "&username=" + VIEWER))
			.get("registered_model_permission");
		assertThat(got.get("permission").asString()).isEqualTo("READ");
		ok(this.viewer.getJson(MLFLOW + "registered-models/get?name=" + q(name)));

		ok(this.editor.sendJson("DELETE", base + "delete",
				"{\"name\": \"" + name + "\", \"username\": \"" + VIEWER + "\"}"));
		mlflowError(this.editor.getJson(base + "get?name=" + q(name) + "&username=" + VIEWER), 404,
				"RESOURCE_DOES_NOT_EXIST");
		mlflowError(
				this.maintainer.postJson(base + "create",
						"{\"name\": \"" + name + "\", \"username\": \"" + VIEWER + "\", \"permission\": \"READ\"}"),
				403, "PERMISSION_DENIED");
		mlflowError(
				this.editor.postJson(base + "create",
						"{\"name\": \"" + name + "\", \"username\": \"" + VIEWER + "\", \"permission\": \"OWNER\"}"),
				400, "INVALID_PARAMETER_VALUE");
		mlflowError(this.editor.postJson(base + "create", "{\"name\": \"" + unique("missing") + "\", \"username\": \""
				+ VIEWER + "\", \"permission\": \"READ\"}"), 404, "RESOURCE_DOES_NOT_EXIST");
	}

	@Test
	void unifiedUserPermissionsCoverRegisteredModels() {
		String name = newModel(this.editor, "wire-unified");
		String base = "/api/3.0/mlflow/users/permissions/";
		String who = "&username=" + EDITOR2 + "&resource_type=registered_model&resource_id=" + q(name);
		assertThat(ok(this.editor.getJson(base + "get?" + who.substring(1))).get("permission").asString())
			.isEqualTo("READ");
		mlflowError(this.editor2.postJson(MLFLOW + "registered-models/set-tag",
				"{\"name\": \"" + name + "\", \"key\": \"t\", \"value\": \"v\"}"), 403, "PERMISSION_DENIED");

		ok(this.editor.postJson(base + "grant",
				"{\"username\": \"" + EDITOR2 + "\", \"resource_type\": \"registered_model\", \"resource_id\": \""
						+ name + "\", \"permission\": \"EDIT\"}"));
		JsonNode granted = ok(this.editor2.getJson(base + "get?" + who.substring(1)));
		assertThat(granted.get("allowed").asBoolean()).isTrue();
		assertThat(granted.get("permission").asString()).isEqualTo("EDIT");
		ok(this.editor2.postJson(MLFLOW + "registered-models/set-tag",
				"{\"name\": \"" + name + "\", \"key\": \"t\", \"value\": \"v\"}"));

		ok(this.editor.postJson(base + "revoke", "{\"username\": \"" + EDITOR2
				+ "\", \"resource_type\": \"registered_model\", \"resource_id\": \"" + name + "\"}"));
		assertThat(ok(this.editor.getJson(base + "get?" + who.substring(1))).get("permission").asString())
			.isEqualTo("READ");
		JsonNode missing = ok(this.admin.getJson(base + "get?username=" + EDITOR2
				+ "&resource_type=registered_model&resource_id=" + q(unique("missing"))));
		assertThat(missing.get("allowed").asBoolean()).isFalse();
		mlflowError(this.editor.getJson(base + "get?username=" + EDITOR2 + "&resource_type=prompt&resource_id=x"), 400,
				"INVALID_PARAMETER_VALUE");
	}

}
