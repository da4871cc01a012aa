package dev.slipway.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.slipway.audit.AuditEvent;
import dev.slipway.audit.AuditQuery;
import dev.slipway.audit.AuditService;
import dev.slipway.error.ErrorCode;
import dev.slipway.query.KeyValue;
import dev.slipway.query.Page;
import dev.slipway.security.Accounts;
import dev.slipway.security.ResourceType;
import dev.slipway.security.SecurityTestContext;
import dev.slipway.security.SlipwayPrincipal;
import dev.slipway.testsupport.OnPostgresql;
import dev.slipway.testsupport.WithSlipwayUser;
import dev.slipway.tracking.Dataset;
import dev.slipway.tracking.DatasetInput;
import dev.slipway.tracking.LoggedModelService;
import dev.slipway.tracking.RunService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolder;

import static dev.slipway.security.SecurityAssertions.assertDenied;
import static dev.slipway.security.SecurityAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The model registry and its governance through the services, on both databases: the
 * MLflow operations, version numbering and promotions under concurrency, policies,
 * requests and approvals, rollback, lineage, and the audit record each change leaves.
 */
class RegistryServiceTest {

	@WithSlipwayUser
	abstract static class Contract {

		@Autowired
		ApplicationContext context;

		@Autowired
		RegistryService registry;

		@Autowired
		GovernanceService governance;

		@Autowired
		RegistryPages pages;

		@Autowired
		AuditService audit;

		@Autowired
		RunService runs;

		@Autowired
		LoggedModelService loggedModels;

		@Autowired
		JdbcClient jdbc;

		Accounts accounts;

		SlipwayPrincipal editor;

		SlipwayPrincipal maintainer;

		@BeforeEach
		void accounts() {
			this.accounts = Accounts.of(this.context);
			this.editor = this.accounts.person(dev.slipway.security.Role.EDITOR);
			this.maintainer = this.accounts.person(dev.slipway.security.Role.MAINTAINER);
			this.accounts.actAs(this.editor);
		}

		String model(String prefix) {
			return this.registry.createModel(Accounts.unique(prefix), "about it", List.of(new KeyValue("team", "risk")))
				.name();
		}

		String run() {
			String runId = this.runs
				.create("0", null, 1000L, "train", List.of(new KeyValue("mlflow.source.git.commit", "abc123"),
						new KeyValue("mlflow.source.name", "train.py")))
				.info()
				.runId();
			this.runs.logInputs(runId,
					List.of(new DatasetInput(
							new Dataset("iris", "d1g3st", "local", "{\"uri\":\"iris.csv\"}", null, null),
							List.of(new KeyValue("mlflow.data.context", "training")))),
					List.of());
			return runId;
		}

		ModelVersion version(String model) {
			String runId = run();
			return this.registry.createVersion(model, "runs:/" + runId + "/model", runId, List.of(), null, null, null);
		}

		List<String> actions(String model) {
			long id = this.registry.getModel(model).id();
			List<String> actions = new ArrayList<>(
					this.audit.page(AuditQuery.resource(ResourceType.REGISTERED_MODEL, id), null, 100)
						.items()
						.stream()
						.map(AuditEvent::action)
						.toList());
			java.util.Collections.reverse(actions);
			return actions;
		}

		@Test
		void aModelIsCreatedReadRenamedInOneRowAndDeleted() {
			String name = model("fraud");
			RegisteredModel created = this.registry.getModel(name);
			assertThat(created.tags()).containsExactly(new KeyValue("team", "risk"));
			assertThat(created.createdBy()).isEqualTo(this.editor.username());
			assertFails(ErrorCode.ALREADY_EXISTS, () -> this.registry.createModel(name, null, List.of()));

			version(name);
			String renamed = name + "-v2";
			RegisteredModel after = this.registry.renameModel(name, renamed);
			assertThat(after.id()).isEqualTo(created.id());
			assertThat(this.registry.getVersion(renamed, "1").name()).isEqualTo(renamed);
			assertFails(ErrorCode.NOT_FOUND, () -> this.registry.getModel(name));
			assertThat(actions(renamed)).containsSubsequence("registered_model.created", "model_version.created",
					"registered_model.renamed");

			this.registry.deleteModel(renamed);
			assertFails(ErrorCode.NOT_FOUND, () -> this.registry.getModel(renamed));
			List<String> trail = this.jdbc.sql(
					"SELECT action FROM audit_events WHERE resource_id = ? AND resource_type = 'REGISTERED_MODEL' ORDER BY id")
				.param(created.id())
				.query(String.class)
				.list();
			assertThat(trail).last().isEqualTo("registered_model.deleted");
		}

		@Test
		void badNamesAndValuesAreRefusedWithTheFieldNamed() {
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.registry.createModel("", null, List.of()));
			for (String bad : List.of("a/b", "team:model", "50%off", "a;b", "a\\b", " padded", "tab\tname")) {
				assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.registry.createModel(bad, null, List.of()));
			}
			assertThat(this.registry.createModel(Accounts.unique("my model.v2 é"), null, List.of()).name())
				.startsWith("my model.v2 é");
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.registry.createModel("x".repeat(257), null, List.of()));
			String name = model("bad");
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.registry.setModelTag(name, "", "v"));
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.registry.setModelTag(name, "k", "v".repeat(5001)));
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.registry.getVersion(name, "one"));
			assertFails(ErrorCode.NOT_FOUND, () -> this.registry.getVersion(name, "7"));
			assertFails(ErrorCode.INVALID_ARGUMENT,
					() -> this.registry.createVersion(name, "/etc/passwd", null, List.of(), null, null, null));
			assertFails(ErrorCode.INVALID_ARGUMENT,
					() -> this.registry.createVersion(name, "file:///tmp/m", null, List.of(), null, null, null));
			assertFails(ErrorCode.INVALID_ARGUMENT,
					() -> this.registry.createVersion(name, "s3://b/../x", null, List.of(), null, null, null));
			// A run of another server is not looked up: its id is bounded all the same.
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.registry.createVersion(name, "s3://bucket/m",
					"r".repeat(257), List.of(), null, null, null));
			// Checked as the store will read them: fully decoded.
			for (String hidden : List.of("mlflow-artifacts://host:9000/models/..%2f..%2fartifacts",
					"mlflow-artifacts://host:9000/models/artifact%00", "s3://b/%252e%252e/x")) {
				assertFails(ErrorCode.INVALID_ARGUMENT,
						() -> this.registry.createVersion(name, hidden, null, List.of(), null, null, null));
			}
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.registry.transitionStage(name, "1", "Live", false));
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.registry.setAlias(name, "v3", "1"));
			// Nothing was half-written: no version was numbered by the failed attempts.
			assertThat(version(name).version()).isEqualTo(1);
		}

		@Test
		void aLongDescriptionIsKeptAndItsAuditRecordShortened() {
			String name = model("long");
			String description = "x".repeat(65_536);
			assertThat(this.registry.updateModel(name, description).description()).hasSize(65_536);
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.registry.updateModel(name, description + "x"));
			AuditEvent last = this.audit
				.page(AuditQuery.resource(ResourceType.REGISTERED_MODEL, this.registry.getModel(name).id()), null, 1)
				.items()
				.get(0);
			assertThat(last.action()).isEqualTo("registered_model.updated");
			assertThat(last.after()).contains("\"_truncated\":true");
		}

		@Test
		void versionsRecordTheirSourceAndLineage() {
			String name = model("lineage");
			String runId = run();
			ModelVersion fromRun = this.registry.createVersion(name, "runs:/" + runId + "/model", null,
					List.of(new KeyValue("k", "v")), "http://run", "first", null);
			assertThat(fromRun.version()).isEqualTo(1);
			assertThat(fromRun.runId()).isEqualTo(runId);
			assertThat(fromRun.stage()).isEqualTo(Stage.NONE);
			assertThat(fromRun.status()).isEqualTo("READY");
			assertThat(this.registry.downloadUri(name, "1")).isEqualTo("runs:/" + runId + "/model");

			VersionLineage lineage = this.registry.lineage(name, "1");
			assertThat(lineage.run().runId()).isEqualTo(runId);
			assertThat(lineage.run().experimentId()).isEqualTo("0");
			assertThat(lineage.gitCommit()).isEqualTo("abc123");
			assertThat(lineage.codeSource()).isEqualTo("train.py");
			assertThat(lineage.datasets())
				.extracting(VersionLineage.LineageDataset::name, VersionLineage.LineageDataset::context)
				.containsExactly(org.assertj.core.groups.Tuple.tuple("iris", "training"));

			String loggedId = this.loggedModels.create("0", "model", null, runId, List.of(), List.of()).modelId();
			ModelVersion fromModel = this.registry.createVersion(name, "models:/" + loggedId, null, List.of(), null,
					null, loggedId);
			assertThat(fromModel.runId()).isEqualTo(runId);
			assertThat(fromModel.modelId()).isEqualTo(loggedId);
			assertThat(this.registry.downloadUri(name, "2"))
				.isEqualTo(this.loggedModels.get(loggedId, false).artifactUri());
			assertThat(this.registry.lineage(name, "2").loggedModel().modelId()).isEqualTo(loggedId);

			ModelVersion plain = this.registry.createVersion(name, "s3://bucket/models/m1", null, List.of(), null, null,
					null);
			assertThat(this.registry.downloadUri(name, Integer.toString(plain.version())))
				.isEqualTo("s3://bucket/models/m1");
			ModelVersion copy = this.registry.createVersion(name, "models:/" + name + "/2", null, List.of(), null, null,
					null);
			assertThat(this.registry.downloadUri(name, Integer.toString(copy.version())))
				.isEqualTo(this.registry.downloadUri(name, "2"));
			// The logged model lists each version made from it (2, and 4, its copy), as
			// MLflow keeps it.
			assertThat(this.loggedModels.get(loggedId, false).tags()).anySatisfy(
					(tag) -> assertThat(tag.key() + "=" + tag.value()).isEqualTo("mlflow.modelVersions=[{\"name\":\""
							+ name + "\",\"version\":\"2\"},{\"name\":\"" + name + "\",\"version\":\"4\"}]"));
		}

		@Test
		void aVersionPageReadsThatVersionsTrailAndRequestsInSqlHoweverLongTheModelsAre() {
			String name = model("pages");
			version(name);
			version(name);
			// More newer events on version 2 than the old page scanned (500) before it
			// filtered in memory.
			for (int i = 0; i < 520; i++) {
				this.registry.setVersionTag(name, "2", "k", "v" + i);
			}
			RegistryPages.VersionPage first = this.pages.version(name, "1", null);
			assertThat(first.version().version()).isEqualTo(1);
			assertThat(first.audit().items()).extracting(AuditEvent::action).containsExactly("model_version.created");
			assertThat(first.audit().nextPageToken()).isNull();

			RegistryPages.VersionPage second = this.pages.version(name, "2", null);
			assertThat(second.audit().items()).hasSize(RegistryPages.AUDIT_PAGE)
				.allSatisfy((event) -> assertThat(event.version()).isEqualTo(2));
			List<AuditEvent> all = new ArrayList<>(second.audit().items());
			String token = second.audit().nextPageToken();
			while (token != null) {
				Page<AuditEvent> older = this.pages.version(name, "2", token).audit();
				all.addAll(older.items());
				token = older.nextPageToken();
			}
			assertThat(all).as("every record of version 2, paged, none lost").hasSize(521);
			assertThat(all).extracting(AuditEvent::id).isSortedAccordingTo(java.util.Comparator.reverseOrder());

			this.governance.request(name, "1", TargetKind.STAGE, "Production", false, "please");
			RegistryPages.VersionPage requested = this.pages.version(name, "1", null);
			assertThat(requested.pending()).singleElement().satisfies((r) -> assertThat(r.version()).isEqualTo(1));
			assertThat(this.pages.version(name, "2", null).pending()).isEmpty();
			RegistryPages.ModelPage page = this.pages.model(name, null);
			assertThat(page.versions()).hasSize(2);
			assertThat(page.pending()).hasSize(1);
			assertThat(page.audit().items()).hasSize(RegistryPages.AUDIT_PAGE);
		}

		@Test
		void aRunTrackedElsewhereIsRecordedAsTheVersionsRun() {
			String name = model("external");
			String elsewhere = "0123456789abcdef0123456789abcdef";
			ModelVersion unknown = this.registry.createVersion(name, "runs:/" + elsewhere + "/model", null, List.of(),
					null, null, null);
			assertThat(unknown.runId()).isEqualTo(elsewhere);
			assertThat(this.registry.lineage(name, "1").run()).as("not on this server").isNull();
			String local = run();
			ModelVersion differing = this.registry.createVersion(name, "runs:/" + local + "/model", elsewhere,
					List.of(), null, null, null);
			assertThat(differing.runId()).as("the run_id given wins, as in MLflow").isEqualTo(elsewhere);
			ModelVersion given = this.registry.createVersion(name, "s3://bucket/m", local, List.of(), null, null, null);
			assertThat(this.registry.lineage(name, Integer.toString(given.version())).run().runId()).isEqualTo(local);
		}

		@Test
		void stagesMoveWithArchiveExistingAndLatestVersionsFollow() {
			String name = model("stages");
			version(name);
			version(name);
			version(name);
			this.registry.transitionStage(name, "1", "staging", false);
			this.registry.transitionStage(name, "2", "Staging", true);
			assertThat(this.registry.getVersion(name, "1").stage()).isEqualTo(Stage.ARCHIVED);
			assertThat(this.registry.getVersion(name, "2").stage()).isEqualTo(Stage.STAGING);
			assertThat(this.registry.getVersion(name, "2").stageChangedBy()).isEqualTo(this.editor.username());
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.registry.transitionStage(name, "3", "Archived", true));
			assertThat(this.registry.latestVersions(name, List.of()))
				.extracting(ModelVersion::version, ModelVersion::stage)
				.containsExactly(org.assertj.core.groups.Tuple.tuple(3, Stage.NONE),
						org.assertj.core.groups.Tuple.tuple(2, Stage.STAGING),
						org.assertj.core.groups.Tuple.tuple(1, Stage.ARCHIVED));
			assertThat(this.registry.latestVersions(name, List.of("Staging"))).extracting(ModelVersion::version)
				.containsExactly(2);

			// The default policy: Production needs approval; an editor cannot go there
			// directly.
			assertFails(ErrorCode.PERMISSION_DENIED,
					() -> this.registry.transitionStage(name, "2", "Production", true));
			this.accounts.actAsAdmin();
			this.registry.transitionStage(name, "2", "Production", true);
			assertThat(this.registry.getVersion(name, "2").stage()).isEqualTo(Stage.PRODUCTION);
		}

		@Test
		void aliasesPointAtVersionsAndProtectedOnesNeedApproval() {
			String name = model("alias");
			version(name);
			version(name);
			this.registry.setAlias(name, "challenger", "1");
			this.registry.setAlias(name, "challenger", "2");
			assertThat(this.registry.getByAlias(name, "challenger").version()).isEqualTo(2);
			assertThat(this.registry.getModel(name).aliases()).containsExactly(new ModelAlias("challenger", 2));
			assertThat(this.registry.getVersion(name, "2").aliases()).containsExactly("challenger");
			assertFails(ErrorCode.PERMISSION_DENIED, () -> this.registry.setAlias(name, "champion", "1"));
			this.registry.deleteAlias(name, "challenger");
			assertFails(ErrorCode.NOT_FOUND, () -> this.registry.getByAlias(name, "challenger"));
			// Deleting what is not there is no error and leaves no record, as in MLflow.
			int records = actions(name).size();
			this.registry.deleteAlias(name, "challenger");
			this.registry.deleteModelTag(name, "never-set");
			this.registry.deleteVersionTag(name, "1", "never-set");
			assertThat(actions(name)).hasSize(records);

			this.registry.setAlias(name, "challenger", "1");
			this.registry.deleteVersion(name, "1");
			assertFails(ErrorCode.NOT_FOUND, () -> this.registry.getByAlias(name, "challenger"));
			assertThat(version(name).version()).isEqualTo(3);
			assertThat(actions(name)).containsSubsequence("model_version.alias_set", "model_version.alias_set",
					"model_version.alias_removed", "model_version.alias_set", "model_version.deleted");
		}

		@Test
		void twentyConcurrentRegistrationsGetVersionsOneToTwentyWithoutGapOrDuplicate() throws Exception {
			String name = model("concurrent");
			String runId = run();
			List<Callable<Integer>> tasks = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				tasks.add(() -> this.registry
					.createVersion(name, "runs:/" + runId + "/model", runId, List.of(), null, null, null)
					.version());
			}
			List<Integer> versions = runTogether(tasks);
			assertThat(versions)
				.containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(1, 20).boxed().toList());
			assertThat(this.registry.versions(name, 100)).hasSize(20);
		}

		@Test
		void twoConcurrentPromotionsToProductionLeaveExactlyOneThere() throws Exception {
			String name = model("race");
			for (int i = 0; i < 2; i++) {
				version(name);
			}
			this.accounts.actAsAdmin();
			for (int round = 0; round < 5; round++) {
				List<Callable<Integer>> tasks = List.of(
						() -> this.registry.transitionStage(name, "1", "Production", true).version(),
						() -> this.registry.transitionStage(name, "2", "Production", true).version());
				runTogether(tasks);
				assertThat(this.registry.latestVersions(name, List.of("Production"))).hasSize(1);
				long inProduction = this.jdbc
					.sql("SELECT COUNT(*) FROM model_versions mv JOIN registered_models rm ON rm.id = mv.model_id "
							+ "WHERE rm.name = ? AND mv.stage = 'Production'")
					.param(name)
					.query(Long.class)
					.single();
				assertThat(inProduction).isEqualTo(1);
			}
		}

		/**
		 * Runs the tasks at once, each as the current caller, and returns their results.
		 */
		private <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
			var caller = SecurityContextHolder.getContext().getAuthentication();
			ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
			try {
				CountDownLatch start = new CountDownLatch(1);
				List<Future<T>> futures = new ArrayList<>();
				for (Callable<T> task : tasks) {
					futures.add(pool.submit(() -> {
						SecurityContextHolder.getContext().setAuthentication(caller);
						start.await();
						try {
							return task.call();
						}
						finally {
							SecurityContextHolder.clearContext();
						}
					}));
				}
				start.countDown();
				List<T> results = new ArrayList<>();
				for (Future<T> future : futures) {
					results.add(future.get(60, TimeUnit.SECONDS));
				}
				return results;
			}
			finally {
				pool.shutdownNow();
			}
		}

		@Test
		void aRequestIsApprovedBySomeoneElseAndAppliedWithOneTrail() {
			String name = model("approve");
			version(name);
			TransitionRequest request = this.governance.request(name, "1", TargetKind.STAGE, "production", true,
					"ready: AUC 0.91");
			assertThat(request.status()).isEqualTo(RequestStatus.PENDING);
			assertThat(request.target()).isEqualTo("Production");
			assertFails(ErrorCode.INVALID_STATE,
					() -> this.governance.request(name, "1", TargetKind.STAGE, "Production", true, "again"));
			// An editor cannot decide; the requester cannot approve their own request.
			assertDenied(() -> this.governance.approve(request.id(), "self"));
			this.accounts.actAs(this.maintainer);

			TransitionRequest approved = this.governance.approve(request.id(), "looks good");
			assertThat(approved.status()).isEqualTo(RequestStatus.APPROVED);
			assertThat(approved.decidedBy()).isEqualTo(this.maintainer.username());
			ModelVersion promoted = this.registry.getVersion(name, "1");
			assertThat(promoted.stage()).isEqualTo(Stage.PRODUCTION);
			assertThat(promoted.stageChangedBy()).isEqualTo(this.maintainer.username());
			assertFails(ErrorCode.INVALID_STATE, () -> this.governance.approve(request.id(), "twice"));

			List<AuditEvent> trail = this.audit
				.page(AuditQuery.resource(ResourceType.REGISTERED_MODEL, this.registry.getModel(name).id()), null, 10)
				.items();
			AuditEvent transition = trail.get(0);
			assertThat(transition.action()).isEqualTo("model_version.stage_transitioned");
			assertThat(transition.requestId()).isEqualTo(request.id());
			assertThat(transition.actor()).isEqualTo(this.maintainer.username());
			assertThat(transition.before()).contains("\"stage\":\"None\"");
			assertThat(transition.after()).contains("\"stage\":\"Production\"");
			assertThat(trail.get(1).action()).isEqualTo("transition_request.approved");
			assertThat(trail.get(2).action()).isEqualTo("transition_request.created");
			assertThat(trail.get(2).actor()).isEqualTo(this.editor.username());
		}

		@Test
		void theRequesterMayNotApproveTheirOwnRequestWhenThePolicySaysSo() {
			this.accounts.actAs(this.maintainer);
			String name = model("self");
			version(name);
			TransitionRequest request = this.governance.request(name, "1", TargetKind.STAGE, "Production", false, null);
			assertFails(ErrorCode.PERMISSION_DENIED, () -> this.governance.approve(request.id(), "mine"));
			this.governance.setPolicyRule(name, new PolicyRule(TargetKind.STAGE, "Production", true, false, null));
			assertThat(this.governance.approve(request.id(), "allowed now").status()).isEqualTo(RequestStatus.APPROVED);
		}

		@Test
		void requestsCanBeRejectedOrCancelledAndChangeNothing() {
			String name = model("reject");
			version(name);
			TransitionRequest first = this.governance.request(name, "1", TargetKind.ALIAS, "champion", false, "pls");
			TransitionRequest second = this.governance.request(name, "1", TargetKind.STAGE, "Production", false, null);
			this.accounts.actAs(this.maintainer);
			assertFails(ErrorCode.PERMISSION_DENIED, () -> this.governance.cancel(second.id(), "not mine"));
			assertThat(this.governance.reject(first.id(), "metrics too low").status())
				.isEqualTo(RequestStatus.REJECTED);
			this.accounts.actAs(this.editor);
			assertThat(this.governance.cancel(second.id(), "withdrawn").status()).isEqualTo(RequestStatus.CANCELLED);
			assertFails(ErrorCode.NOT_FOUND, () -> this.registry.getByAlias(name, "champion"));
			assertThat(this.registry.getVersion(name, "1").stage()).isEqualTo(Stage.NONE);
			assertThat(this.governance.requests(name, RequestStatus.PENDING, 10)).isEmpty();
			assertThat(this.governance.requests(name, null, 10)).hasSize(2);
		}

		@Test
		void deletingAVersionCancelsItsPendingRequests() {
			String name = model("void");
			version(name);
			version(name);
			TransitionRequest request = this.governance.request(name, "2", TargetKind.STAGE, "Staging", false, null);
			this.registry.deleteVersion(name, "2");
			assertThat(this.governance.getRequest(request.id()).status()).isEqualTo(RequestStatus.CANCELLED);
		}

		@Test
		void rollbackPutsThePreviousProductionVersionBackWithAReason() {
			String name = model("rollback");
			version(name);
			version(name);
			version(name);
			this.accounts.actAsAdmin();
			this.registry.transitionStage(name, "1", "Production", true);
			this.registry.transitionStage(name, "2", "Production", true);
			this.registry.transitionStage(name, "3", "Production", true);
			this.registry.setAlias(name, "champion", "2");
			this.registry.setAlias(name, "champion", "3");

			this.accounts.actAs(this.editor);
			assertFails(ErrorCode.PERMISSION_DENIED,
					() -> this.governance.rollback(name, TargetKind.STAGE, "Production", "bad"));
			this.accounts.actAs(this.maintainer);
			RollbackPlan plan = this.governance.rollbackPlan(name, TargetKind.STAGE, "Production");
			assertThat(plan.current()).isEqualTo(3);
			assertThat(plan.restored()).isEqualTo(2);
			assertFails(ErrorCode.INVALID_ARGUMENT,
					() -> this.governance.rollback(name, TargetKind.STAGE, "Production", " "));
			ModelVersion restored = this.governance.rollback(name, TargetKind.STAGE, "Production", "latency spike");
			assertThat(restored.version()).isEqualTo(2);
			assertThat(this.registry.getVersion(name, "3").stage()).isEqualTo(Stage.ARCHIVED);
			assertThat(this.registry.latestVersions(name, List.of("Production"))).extracting(ModelVersion::version)
				.containsExactly(2);
			// A second rollback walks further back instead of toggling.
			assertThat(this.governance.rollback(name, TargetKind.STAGE, "Production", "still bad").version())
				.isEqualTo(1);
			assertFails(ErrorCode.INVALID_STATE,
					() -> this.governance.rollback(name, TargetKind.STAGE, "Production", "nothing left"));

			assertThat(this.governance.rollback(name, TargetKind.ALIAS, "champion", "revert alias").version())
				.isEqualTo(2);
			assertThat(this.registry.getByAlias(name, "champion").version()).isEqualTo(2);
			AuditEvent last = this.audit
				.page(AuditQuery.resource(ResourceType.REGISTERED_MODEL, this.registry.getModel(name).id()), null, 1)
				.items()
				.get(0);
			assertThat(last.action()).isEqualTo("registered_model.rolled_back");
			assertThat(last.reason()).isEqualTo("revert alias");
		}

		@Test
		void searchesPageThroughWhatTheCallerMayRead() {
			String prefix = Accounts.unique("search");
			for (int i = 0; i < 5; i++) {
				String name = this.registry.createModel(prefix + "-" + i, null, List.of(new KeyValue("n", "" + i)))
					.name();
				version(name);
			}
			List<String> names = new ArrayList<>();
			String token = null;
			do {
				var page = this.registry.searchModels("name LIKE '" + prefix + "%'", 2, List.of("name DESC"), token);
				page.items().forEach((model) -> names.add(model.name()));
				token = page.nextPageToken();
			}
			while (token != null);
			assertThat(names).containsExactly(prefix + "-4", prefix + "-3", prefix + "-2", prefix + "-1",
					prefix + "-0");
			assertThat(this.registry.searchModels("tags.n = '3' AND name LIKE '" + prefix + "%'", 10, List.of(), null)
				.items()).extracting(RegisteredModel::name).containsExactly(prefix + "-3");
			assertThat(this.registry.searchVersions("name = '" + prefix + "-2'", 10, List.of(), null).items())
				.extracting(ModelVersion::version)
				.containsExactly(1);
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.registry.searchModels("nope = 1", 10, List.of(), null));
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.registry.searchModels("", 1001, List.of(), null));

			long hidden = this.registry.getModel(prefix + "-0").id();
			this.jdbc
				.sql("INSERT INTO resource_default_permissions (resource_type, resource_id, permission, granted_at) "
						+ "VALUES ('REGISTERED_MODEL', ?, 'NONE', 0)")
				.param(hidden)
				.update();
			this.accounts.actAs(this.accounts.viewer());
			assertThat(this.registry.searchModels("name LIKE '" + prefix + "%'", 100, List.of(), null).items())
				.extracting(RegisteredModel::name)
				.hasSize(4)
				.doesNotContain(prefix + "-0");
			assertThat(this.registry.searchVersions("name LIKE '" + prefix + "%'", 100, List.of(), null).items())
				.hasSize(4);
		}

		@Test
		void permissionsFollowTheModelGrants() {
			String name = model("perm");
			version(name);
			SlipwayPrincipal otherEditor = this.accounts.editor();
			SlipwayPrincipal viewer = this.accounts.viewer();
			this.accounts.actAs(viewer);
			assertDenied(() -> this.registry.createModel(Accounts.unique("viewer"), null, List.of()));
			assertThat(this.registry.getModel(name).name()).isEqualTo(name);
			this.accounts.actAs(otherEditor);
			assertDenied(() -> this.registry.setModelTag(name, "k", "v"));
			assertDenied(() -> this.registry.deleteModel(name));
			assertDenied(() -> this.governance.request(name, "1", TargetKind.STAGE, "Staging", false, null));
			assertFails(ErrorCode.NOT_FOUND, () -> this.registry.getModel(name + "-missing"));
		}

		@Test
		void thePolicyCanBeChangedByItsManagersOnlyAndIsAudited() {
			String name = model("policy");
			assertThat(this.governance.policy(name)).extracting(PolicyRule::targetKind, PolicyRule::target)
				.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(TargetKind.STAGE, "Production"),
						org.assertj.core.groups.Tuple.tuple(TargetKind.ALIAS, "champion"));
			this.governance.setPolicyRule(name,
					new PolicyRule(TargetKind.STAGE, "staging", true, true, dev.slipway.security.Role.MAINTAINER));
			version(name);
			assertFails(ErrorCode.PERMISSION_DENIED, () -> this.registry.transitionStage(name, "1", "Staging", false));
			this.governance.deletePolicyRule(name, TargetKind.STAGE, "Staging");
			this.registry.transitionStage(name, "1", "Staging", false);
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.governance.setPolicyRule(name,
					new PolicyRule(TargetKind.STAGE, "None", true, true, null)));
			this.accounts.actAs(this.maintainer);
			assertDenied(() -> this.governance.deletePolicyRule(name, TargetKind.ALIAS, "champion"));
			this.accounts.actAs(this.editor);
			assertThat(actions(name)).containsSubsequence("registered_model.policy_changed",
					"registered_model.policy_changed");
		}

		@Test
		void theAuditTrailPagesAndExportsAsCsv() {
			String name = model("csv, \"quoted\"");
			for (int i = 0; i < 3; i++) {
				this.registry.setModelTag(name, "k" + i, "=cmd()");
			}
			long id = this.registry.getModel(name).id();
			var first = this.audit.page(AuditQuery.resource(ResourceType.REGISTERED_MODEL, id), null, 2);
			assertThat(first.items()).hasSize(2);
			var second = this.audit.page(AuditQuery.resource(ResourceType.REGISTERED_MODEL, id), first.nextPageToken(),
					2);
			assertThat(second.items()).hasSize(2);
			assertThat(second.nextPageToken()).isNull();
			assertThat(second.items().get(1).action()).isEqualTo("registered_model.created");
			java.io.StringWriter csv = new java.io.StringWriter();
			this.audit.exportCsv(AuditQuery.resource(ResourceType.REGISTERED_MODEL, id), csv);
			String[] lines = csv.toString().split("\r\n");
			assertThat(lines).hasSize(5);
			assertThat(lines[0]).startsWith("id,occurred_at,actor,action");
			assertThat(lines[1]).contains("registered_model.created")
				.contains("\"" + name.replace("\"", "\"\"") + "\"");
			assertThat(lines[2]).contains("registered_model.tag_set").contains("\"\"=cmd()\"\"");
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.audit.page(AuditQuery.all(), null, 0));
			// Someone who cannot read the model does not see its records.
			this.jdbc.sql(
					"INSERT INTO resource_default_permissions (resource_type, resource_id, permission, granted_at) VALUES ('REGISTERED_MODEL', ?, 'NONE', 0)")
				.param(id)
				.update();
			this.accounts.actAs(this.accounts.viewer());
			assertThat(this.audit.page(AuditQuery.resource(ResourceType.REGISTERED_MODEL, id), null, 10).items())
				.isEmpty();
		}

	}

	@Nested
	@SecurityTestContext.Default
	class EmbeddedH2 extends Contract {

	}

	@Nested
	@SecurityTestContext.Default
	@OnPostgresql
	class Postgresql extends Contract {

		@Test
		void theDatabaseRefusesToChangeOrDeleteAuditRecords() {
			model("append-only");
			assertThat(org.assertj.core.api.Assertions
				.catchThrowable(() -> this.jdbc.sql("UPDATE audit_events SET actor = 'mallory'").update())).isNotNull();
			assertThat(org.assertj.core.api.Assertions
				.catchThrowable(() -> this.jdbc.sql("DELETE FROM audit_events").update())).isNotNull();
		}

	}

}
