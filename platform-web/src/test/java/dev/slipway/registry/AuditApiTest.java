package dev.slipway.registry;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail over REST: a model's records under every name it had, filters and
 * paging, Problem Details for bad filters, and the CSV export.
 */
class AuditApiTest extends RegistryApiFixture {

	private static final String AUDIT = "/api/v1/audit";

	@Test
	void aModelsRecordsFollowItThroughARename() {
		String name = newModel(this.editor, "audit-rename");
		ok(this.editor.postJson(MLFLOW + "registered-models/set-tag",
				"{\"name\": \"" + name + "\", \"key\": \"team\", \"value\": \"risk\"}"));
		String renamed = name + "-renamed";
		ok(this.editor.postJson(MLFLOW + "registered-models/rename",
				"{\"name\": \"" + name + "\", \"new_name\": \"" + renamed + "\"}"));

		JsonNode page = ok(this.viewer.getJson(AUDIT + "?model=" + q(renamed)));
		JsonNode events = page.get("events");
		assertThat(events.findValuesAsString("action")).containsExactly("registered_model.renamed",
				"registered_model.tag_set", "registered_model.created");
		JsonNode created = events.get(2);
		assertThat(created.get("id").isIntegralNumber()).isTrue();
		assertThat(created.get("occurred_at").isIntegralNumber()).isTrue();
		assertThat(created.get("actor").asString()).isEqualTo(EDITOR);
		assertThat(created.get("resource_type").asString()).isEqualTo("REGISTERED_MODEL");
		assertThat(created.get("resource_id").isIntegralNumber()).isTrue();
		assertThat(created.get("resource_name").asString()).as("the name at the time").isEqualTo(name);
		assertThat(created.get("before").isObject()).isTrue();
		assertThat(created.get("after").get("name").asString()).isEqualTo(name);
		JsonNode rename = events.get(0);
		assertThat(rename.get("before").get("name").asString()).isEqualTo(name);
		assertThat(rename.get("after").get("name").asString()).isEqualTo(renamed);
		assertThat(page.get("next_page_token").isNull()).isTrue();
	}

	@Test
	void recordsPageAndFilter() {
		String name = newModel(this.editor, "audit-paging");
		for (int i = 0; i < 3; i++) {
			ok(this.editor.postJson(MLFLOW + "registered-models/set-tag",
					"{\"name\": \"" + name + "\", \"key\": \"k" + i + "\", \"value\": \"v\"}"));
		}
		Set<Long> ids = new HashSet<>();
		List<String> actions = new ArrayList<>();
		String token = null;
		int pages = 0;
		do {
			JsonNode page = ok(this.admin.getJson(AUDIT + "?model=" + q(name) + "&max_results=2"
					+ ((token != null) ? "&page_token=" + q(token) : "")));
			page.get("events").forEach((event) -> {
				ids.add(event.get("id").asLong());
				actions.add(event.get("action").asString());
			});
			token = page.get("next_page_token").isNull() ? null : page.get("next_page_token").asString();
			pages++;
		}
		while (token != null && pages < 10);
		assertThat(pages).isEqualTo(2);
		assertThat(ids).hasSize(4);
		assertThat(actions).containsExactly("registered_model.tag_set", "registered_model.tag_set",
				"registered_model.tag_set", "registered_model.created");

		assertThat(
				ok(this.admin.getJson(AUDIT + "?model=" + q(name) + "&action=registered_model.created")).get("events"))
			.hasSize(1);
		assertThat(ok(this.admin.getJson(AUDIT + "?model=" + q(name) + "&actor=" + MAINTAINER)).get("events"))
			.isEmpty();
		long future = System.currentTimeMillis() + 3_600_000;
		assertThat(ok(this.admin.getJson(AUDIT + "?model=" + q(name) + "&from=" + future)).get("events")).isEmpty();
		assertThat(ok(this.admin.getJson(AUDIT + "?model=" + q(name) + "&to=" + future)).get("events")).hasSize(4);
		assertThat(ok(this.admin.getJson(AUDIT + "?resource_type=REGISTERED_MODEL&actor=" + EDITOR
				+ "&action=registered_model.tag_set&max_results=1000"))
			.get("events")
			.findValuesAsString("resource_name")).contains(name);
	}

	@Test
	void badFiltersAreProblemDetails() {
		problem(this.viewer.getJson(AUDIT + "?from=yesterday"), 400, "INVALID_ARGUMENT");
		problem(this.viewer.getJson(AUDIT + "?to=1.5"), 400, "INVALID_ARGUMENT");
		problem(this.viewer.getJson(AUDIT + "?max_results=0"), 400, "INVALID_ARGUMENT");
		problem(this.viewer.getJson(AUDIT + "?max_results=1001"), 400, "INVALID_ARGUMENT");
		problem(this.anonymous.getJson(AUDIT), 401, "UNAUTHENTICATED");
		problem(this.anonymous.get(AUDIT + "/export", "text/csv"), 401, "UNAUTHENTICATED");
	}

	@Test
	void aDeletedModelIsFoundByItsName() {
		String name = newModel(this.editor, "audit-deleted");
		ok(this.editor.sendJson("DELETE", MLFLOW + "registered-models/delete", "{\"name\": \"" + name + "\"}"));
		JsonNode events = ok(this.admin.getJson(AUDIT + "?model=" + q(name))).get("events");
		assertThat(events.findValuesAsString("action")).containsExactly("registered_model.deleted",
				"registered_model.created");
	}

	@Test
	void recordsOfModelsTheCallerCannotReadStayHidden() {
		String name = newModel(this.editor, "audit-hidden");
		ok(this.editor.postJson(MLFLOW + "registered-models/permissions/create",
				"{\"name\": \"" + name + "\", \"username\": \"" + VIEWER + "\", \"permission\": \"NO_PERMISSIONS\"}"));
		problem(this.viewer.getJson(AUDIT + "?model=" + q(name)), 403, "PERMISSION_DENIED");
		problem(this.viewer.get(AUDIT + "/export?model=" + q(name), "text/csv,application/json;q=0.9"), 403,
				"PERMISSION_DENIED");
		assertThat(ok(this.viewer.getJson(AUDIT + "?actor=" + EDITOR + "&max_results=1000")).get("events")
			.findValuesAsString("resource_name")).doesNotContain(name);
		JsonNode own = ok(this.editor.getJson(AUDIT + "?model=" + q(name))).get("events");
		assertThat(own.findValuesAsString("action")).containsExactly("registered_model.permission_changed",
				"registered_model.created");
		assertThat(own.get(0).get("after").get("permission").asString()).isEqualTo("NONE");
	}

	@Test
	void theExportIsACsvAttachmentWithQuotedCells() {
		String name = newModel(this.editor, "audit-csv");
		newVersion(this.editor, name, newRun(this.editor));
		ok(this.editor.postJson("/api/v1/models/" + q(name) + "/requests",
				"{\"version\": \"1\", \"target_kind\": \"STAGE\", \"target\": \"Production\", "
						+ "\"comment\": \"ship it, \\\"now\\\"\"}"));
		ok(this.editor.postJson("/api/v1/models/" + q(name) + "/requests",
				"{\"version\": \"1\", \"target_kind\": \"ALIAS\", \"target\": \"champion\", "
						+ "\"comment\": \"=HYPERLINK(1)\"}"));

		HttpResponse<String> export = this.viewer.get(AUDIT + "/export?model=" + q(name), "text/csv");
		assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
		assertThat(export.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
		assertThat(export.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment")
			.contains("filename=\"audit.csv\"");
		String[] lines = export.body().split("\r\n");
		assertThat(lines[0]).isEqualTo("id,occurred_at,actor,action,resource_type,resource_id,resource_name,version,"
				+ "request_id,reason,before,after");
		assertThat(lines).hasSize(5);
		assertThat(lines[1]).contains(",registered_model.created,");
		assertThat(export.body()).contains(",\"ship it, \"\"now\"\"\",")
			.contains(",'=HYPERLINK(1),")
			.doesNotContain(",=HYPERLINK");

		HttpResponse<String> filtered = this.viewer
			.get(AUDIT + "/export?model=" + q(name) + "&action=model_version.created", "text/csv");
		assertThat(filtered.body().split("\r\n")).hasSize(2);
		problem(this.viewer.get(AUDIT + "/export?from=never", "text/csv,application/json;q=0.9"), 400,
				"INVALID_ARGUMENT");
	}

}
