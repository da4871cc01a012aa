package dev.slipway.tracking;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.query.KeyValue;
import dev.slipway.security.Accounts;
import dev.slipway.security.Permission;
import dev.slipway.security.ResourceGrant;
import dev.slipway.security.ResourcePermissionService;
import dev.slipway.security.ResourcePermissions;
import dev.slipway.security.ResourceType;
import dev.slipway.security.Role;
import dev.slipway.security.SecurityTestContext;
import dev.slipway.security.SlipwayPrincipal;
import dev.slipway.testsupport.OnPostgresql;
import dev.slipway.testsupport.WithSlipwayUser;
import dev.slipway.tracking.search.ViewType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static dev.slipway.security.SecurityAssertions.allowed;
import static dev.slipway.security.SecurityAssertions.assertDenied;
import static dev.slipway.security.SecurityAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may do what in experiment tracking: role and per-experiment permission, through the
 * {@code @PreAuthorize} rules of the tracking services, on both databases (search keeps
 * to readable experiments in SQL).
 */
class TrackingAccessTest {

	@WithSlipwayUser
	abstract static class Fixture {

		@Autowired
		ApplicationContext context;

		@Autowired
		ExperimentService experiments;

		@Autowired
		ResourcePermissionService permissions;

		@Autowired
		RunService runs;

		@Autowired
		LoggedModelService models;

		@Autowired
		ArtifactService artifacts;

		Accounts accounts;

		@BeforeEach
		void accounts() {
			this.accounts = Accounts.of(this.context);
		}

		/** A new experiment created by the admin, who keeps MANAGE on it. */
		String experiment(String prefix) {
			return this.accounts.asAdmin(() -> this.experiments.create(Accounts.unique(prefix), null, List.of()));
		}

		String run(String experiment) {
			return this.accounts.asAdmin(() -> this.runs.create(experiment, "admin", 1000L, "r", List.of()))
				.info()
				.runId();
		}

		void grant(String experiment, SlipwayPrincipal user, Permission permission) {
			this.accounts.asAdmin(() -> {
				this.permissions.grant(ResourceType.EXPERIMENT, experiment, user.username(), permission);
				return null;
			});
		}

		List<String> searchNames(String prefix) {
			return this.experiments.search(ViewType.ALL, "name LIKE '" + prefix + "%'", List.of(), 100L, null)
				.items()
				.stream()
				.map(Experiment::name)
				.toList();
		}

		static MetricInput point(String key, double value) {
			return MetricInput.of(new Metric(key, value, 1000L, 0L));
		}

	}

	abstract static class Contract extends Fixture {

		@ParameterizedTest(name = "{0} granted {1} gets {2}")
		@CsvSource(textBlock = """
				VIEWER,     ,       READ
				VIEWER,     NONE,   NONE
				VIEWER,     READ,   READ
				VIEWER,     EDIT,   READ
				VIEWER,     MANAGE, READ
				EDITOR,     ,       READ
				EDITOR,     NONE,   NONE
				EDITOR,     READ,   READ
				EDITOR,     EDIT,   EDIT
				EDITOR,     MANAGE, MANAGE
				MAINTAINER, NONE,   NONE
				MAINTAINER, READ,   READ
				MAINTAINER, EDIT,   EDIT
				MAINTAINER, MANAGE, MANAGE
				ADMIN,      ,       MANAGE
				ADMIN,      NONE,   MANAGE
				ADMIN,      READ,   MANAGE
				ADMIN,      EDIT,   MANAGE
				ADMIN,      MANAGE, MANAGE
				""")
		void roleAndGrantDecideWhatAUserMayDoWithAnExperimentAndItsRuns(Role role, Permission grant,
				Permission effective) {
			SlipwayPrincipal user = this.accounts.person(role);
			String prefix = Accounts.unique("matrix");
			String experiment = this.accounts.asAdmin(() -> this.experiments.create(prefix + "-exp", null, List.of()));
			String run = run(experiment);
			String model = this.accounts
				.asAdmin(() -> this.models.create(experiment, "m", null, run, List.of(), List.of()))
				.modelId();
			String artifact = experiment + "/" + run + "/artifacts/notes.txt";
			if (grant != null) {
				grant(experiment, user, grant);
			}
			this.accounts.actAs(user);

			Map<String, Boolean> actual = new LinkedHashMap<>();
			actual.put("find experiment in search", searchNames(prefix).contains(prefix + "-exp"));
			actual.put("read experiment", allowed(() -> this.experiments.get(experiment)));
			actual.put("read run", allowed(() -> this.runs.get(run)));
			actual.put("search runs",
					allowed(() -> this.runs.search(List.of(experiment), "", ViewType.ALL, null, List.of(), null)));
			actual.put("read logged model", allowed(() -> this.models.get(model, false)));
			actual.put("list artifacts", allowed(() -> this.artifacts.list(experiment + "/" + run)));
			actual.put("log metric", allowed(() -> this.runs.logMetric(run, point("loss", 0.5))));
			actual.put("start run", allowed(() -> this.runs.create(experiment, "x", null, null, List.of())));
			actual.put("tag experiment",
					allowed(() -> this.experiments.setTag(experiment, new KeyValue("team", "ml"))));
			actual.put("rename experiment", allowed(() -> this.experiments.rename(experiment, prefix + "-exp")));
			actual.put("tag logged model",
					allowed(() -> this.models.setTags(model, List.of(new KeyValue("stage", "dev")))));
			actual.put("upload artifact", allowed(() -> this.artifacts.upload(artifact,
					new ByteArrayInputStream("hi".getBytes(StandardCharsets.UTF_8)), 2)));
			actual.put("read permissions",
					allowed(() -> this.permissions.permissions(ResourceType.EXPERIMENT, experiment)));
			actual.put("grant permission", allowed(
					() -> this.permissions.grant(ResourceType.EXPERIMENT, experiment, user.username(), effective)));
			actual.put("delete and restore run", allowed(() -> {
				this.runs.delete(run);
				this.runs.restore(run);
			}));
			actual.put("delete artifact", allowed(() -> this.artifacts.delete(artifact)));
			actual.put("delete logged model", allowed(() -> this.models.delete(model)));
			actual.put("delete and restore experiment", allowed(() -> {
				this.experiments.delete(experiment);
				this.experiments.restore(experiment);
			}));

			boolean read = effective.includes(Permission.READ);
			boolean edit = effective.includes(Permission.EDIT);
			boolean manage = effective.includes(Permission.MANAGE);
			Map<String, Boolean> expected = new LinkedHashMap<>();
			expected.put("find experiment in search", read);
			expected.put("read experiment", read);
			expected.put("read run", read);
			expected.put("search runs", read);
			expected.put("read logged model", read);
			expected.put("list artifacts", read);
			expected.put("log metric", edit);
			expected.put("start run", edit);
			expected.put("tag experiment", edit);
			expected.put("rename experiment", edit);
			expected.put("tag logged model", edit);
			expected.put("upload artifact", edit);
			expected.put("read permissions", manage);
			expected.put("grant permission", manage);
			expected.put("delete and restore run", manage);
			expected.put("delete artifact", manage);
			expected.put("delete logged model", manage);
			expected.put("delete and restore experiment", manage);
			assertThat(actual).isEqualTo(expected);
			if (read) {
				assertThat(this.permissions.myPermission(ResourceType.EXPERIMENT, experiment)).isEqualTo(effective);
			}
		}

		@Test
		void creatingAnExperimentNeedsEditorAndMakesTheCreatorItsManager() {
			SlipwayPrincipal viewer = this.accounts.viewer();
			SlipwayPrincipal editor = this.accounts.editor();
			SlipwayPrincipal maintainer = this.accounts.maintainer();
			SlipwayPrincipal otherEditor = this.accounts.editor();

			this.accounts.actAs(viewer);
			assertDenied(() -> this.experiments.create(Accounts.unique("by-viewer"), null, List.of()));
			this.accounts.actAs(maintainer);
			String byMaintainer = this.experiments.create(Accounts.unique("by-maintainer"), null, List.of());
			assertThat(this.permissions.myPermission(ResourceType.EXPERIMENT, byMaintainer))
				.isEqualTo(Permission.MANAGE);
			this.accounts.actAs(editor);
			String byEditor = this.experiments.create(Accounts.unique("by-editor"), null, List.of());
			assertThat(this.permissions.myPermission(ResourceType.EXPERIMENT, byEditor)).isEqualTo(Permission.MANAGE);
			assertThat(this.permissions.permissions(ResourceType.EXPERIMENT, byEditor).grants())
				.extracting(ResourceGrant::username, ResourceGrant::permission)
				.containsExactly(org.assertj.core.groups.Tuple.tuple(editor.username(), Permission.MANAGE));

			this.accounts.actAs(otherEditor);
			assertThat(this.permissions.myPermission(ResourceType.EXPERIMENT, byEditor)).isEqualTo(Permission.READ);
			assertDenied(() -> this.runs.create(byEditor, "x", null, null, List.of()));
		}

		@Test
		void editorsLogToTheDefaultExperimentAndRunsRecordTheAuthenticatedUser() {
			SlipwayPrincipal editor = this.accounts.editor();
			SlipwayPrincipal viewer = this.accounts.viewer();

			this.accounts.actAs(editor);
			assertThat(this.permissions.myPermission(ResourceType.EXPERIMENT, "0")).isEqualTo(Permission.EDIT);
			RunInfo named = this.runs.create("0", "someone-else", null, null, List.of()).info();
			RunInfo unnamed = this.runs.create(null, null, null, null, List.of()).info();
			assertThat(named.experimentId()).isEqualTo("0");
			assertThat(unnamed.experimentId()).isEqualTo("0");
			assertThat(named.userId()).isEqualTo(editor.username());
			assertThat(unnamed.userId()).isEqualTo(editor.username());
			assertDenied(() -> this.experiments.delete("0"));
			assertDenied(() -> this.runs.delete(named.runId()));

			this.accounts.actAs(viewer);
			assertThat(this.permissions.myPermission(ResourceType.EXPERIMENT, "0")).isEqualTo(Permission.READ);
			assertThat(this.runs.get(named.runId()).info().runId()).isEqualTo(named.runId());
			assertDenied(() -> this.runs.create("0", null, null, null, List.of()));
		}

		@Test
		void searchShowsOnlyExperimentsWhoseEffectivePermissionIsNotNone() {
			SlipwayPrincipal editor = this.accounts.editor();
			String prefix = Accounts.unique("visibility");
			String open = this.accounts.asAdmin(() -> this.experiments.create(prefix + "-open", null, List.of()));
			String hiddenForUser = this.accounts
				.asAdmin(() -> this.experiments.create(prefix + "-user-none", null, List.of()));
			String hiddenForAll = this.accounts
				.asAdmin(() -> this.experiments.create(prefix + "-default-none", null, List.of()));
			String grantedDespiteDefault = this.accounts
				.asAdmin(() -> this.experiments.create(prefix + "-granted", null, List.of()));
			grant(hiddenForUser, editor, Permission.NONE);
			this.accounts.asAdmin(() -> {
				this.permissions.setDefaultPermission(ResourceType.EXPERIMENT, hiddenForAll, Permission.NONE);
				this.permissions.setDefaultPermission(ResourceType.EXPERIMENT, grantedDespiteDefault, Permission.NONE);
				return null;
			});
			grant(grantedDespiteDefault, editor, Permission.READ);

			this.accounts.actAs(editor);
			assertThat(searchNames(prefix)).containsExactlyInAnyOrder(prefix + "-open", prefix + "-granted");
			assertThat(allowed(() -> this.runs.search(List.of(open, grantedDespiteDefault), "", ViewType.ALL, null,
					List.of(), null)))
				.isTrue();
			assertDenied(() -> this.runs.search(List.of(open, hiddenForUser), "", ViewType.ALL, null, List.of(), null));
			assertDenied(() -> this.runs.search(List.of(hiddenForAll), "", ViewType.ALL, null, List.of(), null));
			assertDenied(() -> this.experiments.getByName(prefix + "-default-none"));
			assertThat(this.experiments.getByName(prefix + "-open").experimentId()).isEqualTo(open);

			this.accounts.actAsAdmin();
			assertThat(searchNames(prefix)).hasSize(4);
		}

		@Test
		void onlyManagersDecideWhoMayUseAnExperiment() {
			SlipwayPrincipal manager = this.accounts.editor();
			SlipwayPrincipal contributor = this.accounts.editor();
			SlipwayPrincipal outsider = this.accounts.maintainer();
			String experiment = experiment("managed");
			grant(experiment, manager, Permission.MANAGE);
			grant(experiment, contributor, Permission.EDIT);

			this.accounts.actAs(contributor);
			assertDenied(() -> this.permissions.grant(ResourceType.EXPERIMENT, experiment, outsider.username(),
					Permission.EDIT));
			assertDenied(() -> this.permissions.revoke(ResourceType.EXPERIMENT, experiment, manager.username()));
			assertDenied(
					() -> this.permissions.setDefaultPermission(ResourceType.EXPERIMENT, experiment, Permission.NONE));
			assertDenied(() -> this.permissions.grantOf(ResourceType.EXPERIMENT, experiment, contributor.username()));

			this.accounts.actAs(manager);
			this.permissions.setDefaultPermission(ResourceType.EXPERIMENT, experiment, Permission.NONE);
			assertThat(this.permissions.permissions(ResourceType.EXPERIMENT, experiment).effectiveDefault())
				.isEqualTo(Permission.NONE);
			this.permissions.grant(ResourceType.EXPERIMENT, experiment, contributor.username(), Permission.READ);
			assertThat(this.permissions.grantOf(ResourceType.EXPERIMENT, experiment, contributor.username()))
				.hasValueSatisfying((g) -> assertThat(g.permission()).isEqualTo(Permission.READ));
			this.accounts.actAs(outsider);
			assertDenied(() -> this.experiments.get(experiment));

			this.accounts.actAs(manager);
			this.permissions.revoke(ResourceType.EXPERIMENT, experiment, contributor.username());
			assertFails(ErrorCode.NOT_FOUND,
					() -> this.permissions.revoke(ResourceType.EXPERIMENT, experiment, contributor.username()));
			assertFails(ErrorCode.NOT_FOUND,
					() -> this.permissions.grant(ResourceType.EXPERIMENT, experiment, "no-such-user", Permission.READ));
			this.accounts.actAs(contributor);
			assertDenied(() -> this.experiments.get(experiment));

			this.accounts.actAs(manager);
			this.permissions.setDefaultPermission(ResourceType.EXPERIMENT, experiment, null);
			ResourcePermissions permissions = this.permissions.permissions(ResourceType.EXPERIMENT, experiment);
			assertThat(permissions.resourceDefault()).isNull();
			assertThat(permissions.effectiveDefault()).isEqualTo(Permission.READ);
			this.accounts.actAs(outsider);
			assertThat(this.permissions.myPermission(ResourceType.EXPERIMENT, experiment)).isEqualTo(Permission.READ);
		}

		@Test
		void artifactPathsOutsideAnExperimentAreForAdminsOnly() {
			SlipwayPrincipal maintainer = this.accounts.maintainer();
			this.accounts.actAs(maintainer);
			assertDenied(() -> this.artifacts.list("shared/things"));
			assertDenied(() -> this.artifacts.delete("/"));
			this.accounts.actAsAdmin();
			assertThat(allowed(() -> this.artifacts.list("shared/things"))).isTrue();
		}

	}

	/**
	 * With the server default NONE, only grants and experiment defaults open anything.
	 */
	abstract static class StrictContract extends Fixture {

		@Test
		void serverDefaultNoneHidesExperimentsUntilGrantedOrOpened() {
			SlipwayPrincipal editor = this.accounts.editor();
			String prefix = Accounts.unique("strict");
			String closed = this.accounts.asAdmin(() -> this.experiments.create(prefix + "-closed", null, List.of()));
			String granted = this.accounts.asAdmin(() -> this.experiments.create(prefix + "-granted", null, List.of()));
			String opened = this.accounts.asAdmin(() -> this.experiments.create(prefix + "-opened", null, List.of()));
			grant(granted, editor, Permission.READ);
			this.accounts.asAdmin(() -> {
				this.permissions.setDefaultPermission(ResourceType.EXPERIMENT, opened, Permission.READ);
				return null;
			});
			assertThat(this.accounts.asAdmin(() -> this.permissions.permissions(ResourceType.EXPERIMENT, closed))
				.effectiveDefault()).isEqualTo(Permission.NONE);

			this.accounts.actAs(editor);
			assertThat(searchNames(prefix)).containsExactlyInAnyOrder(prefix + "-granted", prefix + "-opened");
			assertDenied(() -> this.experiments.get(closed));
			assertDenied(() -> this.runs.search(List.of(closed), "", ViewType.ALL, null, List.of(), null));
			assertThat(this.permissions.myPermission(ResourceType.EXPERIMENT, opened)).isEqualTo(Permission.READ);
			assertThat(searchNames("Default")).contains("Default");
			assertThat(this.runs.create("0", null, null, null, List.of()).info().userId()).isEqualTo(editor.username());
		}

	}

	@Nested
	@SecurityTestContext.Default
	@OnPostgresql
	class Postgresql extends Contract {

	}

	@Nested
	@SecurityTestContext.Default
	class EmbeddedH2 extends Contract {

	}

	@Nested
	@SecurityTestContext.Strict
	@OnPostgresql
	class StrictPostgresql extends StrictContract {

	}

	@Nested
	@SecurityTestContext.Strict
	class StrictEmbeddedH2 extends StrictContract {

	}

}
