package dev.slipway.registry;

import java.time.Duration;
import java.util.List;

import dev.slipway.error.ErrorCode;
import dev.slipway.registry.RegistryOverview.PendingDecisions;
import dev.slipway.registry.RegistryOverview.PromotedModel;
import dev.slipway.registry.RegistryOverview.StagedVersion;
import dev.slipway.security.Accounts;
import dev.slipway.security.MutableClock;
import dev.slipway.security.Permission;
import dev.slipway.security.ResourcePermissionService;
import dev.slipway.security.ResourceType;
import dev.slipway.security.SecurityTestContext;
import dev.slipway.security.SlipwayPrincipal;
import dev.slipway.testsupport.OnPostgresql;
import dev.slipway.testsupport.WithSlipwayUser;
import dev.slipway.tracking.RunService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static dev.slipway.security.SecurityAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The home page's reads of the registry on both databases: models with versions in
 * Production or Staging, and the pending requests the caller may decide, each only what
 * the caller may read.
 */
class RegistryOverviewTest {

	@WithSlipwayUser
	abstract static class Contract {

		@Autowired
		ApplicationContext context;

		@Autowired
		RegistryService registry;

		@Autowired
		GovernanceService governance;

		@Autowired
		ResourcePermissionService modelPermissions;

		@Autowired
		RegistryOverview overview;

		@Autowired
		RunService runs;

		@Autowired
		MutableClock clock;

		Accounts accounts;

		@BeforeEach
		void setUp() {
			this.accounts = Accounts.of(this.context);
		}

		String model(String prefix, int versions) {
			String name = this.registry.createModel(Accounts.unique(prefix), null, List.of()).name();
			for (int i = 0; i < versions; i++) {
				String runId = this.runs.create("0", null, 1000L, "train", List.of()).info().runId();
				this.registry.createVersion(name, "runs:/" + runId + "/model", runId, List.of(), null, null, null);
			}
			return name;
		}

		void stage(String model, int version, Stage stage) {
			this.clock.advance(Duration.ofSeconds(1));
			this.registry.transitionStage(model, Integer.toString(version), stage.wireName(), false);
		}

		PromotedModel promoted(List<PromotedModel> models, String name) {
			return models.stream().filter((model) -> model.name().equals(name)).findFirst().orElseThrow();
		}

		@Test
		void modelsInProductionOrStagingComeMostRecentlyMovedFirst() {
			String scoring = model("scoring", 6);
			stage(scoring, 1, Stage.PRODUCTION);
			for (int version = 2; version <= 5; version++) {
				stage(scoring, version, Stage.STAGING);
			}
			String retired = model("retired", 1);
			stage(retired, 1, Stage.PRODUCTION);
			stage(retired, 1, Stage.ARCHIVED);
			String fresh = model("fresh", 1);
			stage(fresh, 1, Stage.STAGING);

			List<PromotedModel> models = this.overview.promoted(RegistryOverview.MAX_ITEMS);
			assertThat(models).extracting(PromotedModel::name)
				.containsSubsequence(fresh, scoring)
				.doesNotContain(retired);
			assertThat(models.get(0).name()).isEqualTo(fresh);
			PromotedModel first = promoted(models, scoring);
			assertThat(first.production()).extracting(StagedVersion::version).containsExactly(1);
			// At most three versions of a stage, the newest first; version 6 stayed in
			// None.
			assertThat(first.staging()).extracting(StagedVersion::version).containsExactly(5, 4, 3);
			StagedVersion production = first.production().get(0);
			assertThat(production.stage()).isEqualTo(Stage.PRODUCTION);
			assertThat(production.by()).isEqualTo(this.accounts.admin().username());
			assertThat(production.since()).isNotNull();
			assertThat(first.lastChange()).isGreaterThan(production.since());
			assertThat(this.overview.promoted(1)).extracting(PromotedModel::name).containsExactly(fresh);
		}

		@Test
		void aViewerSeesOnlyTheModelsTheyMayRead() {
			String open = model("open", 1);
			String closed = model("closed", 1);
			stage(open, 1, Stage.PRODUCTION);
			stage(closed, 1, Stage.PRODUCTION);
			this.modelPermissions.setDefaultPermission(ResourceType.REGISTERED_MODEL, closed, Permission.NONE);
			assertThat(this.overview.promoted(2)).extracting(PromotedModel::name).containsExactly(closed, open);

			this.accounts.actAs(this.accounts.viewer());
			assertThat(this.overview.promoted(RegistryOverview.MAX_ITEMS)).extracting(PromotedModel::name)
				.contains(open)
				.doesNotContain(closed);
		}

		@Test
		void pendingRequestsGoToThoseWhoMayDecideThem() {
			SlipwayPrincipal editor = this.accounts.editor();
			SlipwayPrincipal maintainer = this.accounts.maintainer();
			String open = model("open-requests", 1);
			String closed = model("closed-requests", 1);
			this.modelPermissions.grant(ResourceType.REGISTERED_MODEL, open, editor.username(), Permission.EDIT);
			this.modelPermissions.setDefaultPermission(ResourceType.REGISTERED_MODEL, closed, Permission.NONE);
			this.clock.advance(Duration.ofSeconds(1));
			TransitionRequest onClosed = this.governance.request(closed, "1", TargetKind.STAGE, "Production", false,
					"admin asks");
			this.accounts.actAs(editor);
			this.clock.advance(Duration.ofSeconds(1));
			TransitionRequest onOpen = this.governance.request(open, "1", TargetKind.ALIAS, "champion", false,
					"beats the baseline");

			PendingDecisions asEditor = this.overview.pendingDecisions(10);
			assertThat(asEditor.decider()).isFalse();
			assertThat(asEditor.requests()).isEmpty();

			this.accounts.actAs(maintainer);
			PendingDecisions asMaintainer = this.overview.pendingDecisions(RegistryOverview.MAX_ITEMS);
			assertThat(asMaintainer.decider()).isTrue();
			assertThat(asMaintainer.requests()).extracting(TransitionRequest::id)
				.contains(onOpen.id())
				.doesNotContain(onClosed.id());
			TransitionRequest seen = asMaintainer.requests().get(0);
			assertThat(seen.id()).isEqualTo(onOpen.id());
			assertThat(seen.modelName()).isEqualTo(open);
			assertThat(seen.targetKind()).isEqualTo(TargetKind.ALIAS);
			assertThat(seen.target()).isEqualTo("champion");
			assertThat(seen.requestedBy()).isEqualTo(editor.username());
			assertThat(seen.comment()).isEqualTo("beats the baseline");

			this.accounts.actAsAdmin();
			PendingDecisions asAdmin = this.overview.pendingDecisions(1);
			assertThat(asAdmin.requests()).extracting(TransitionRequest::id).containsExactly(onOpen.id());
			assertThat(asAdmin.total()).isGreaterThanOrEqualTo(2);
			this.governance.reject(onOpen.id(), "not yet");
			assertThat(this.overview.pendingDecisions(RegistryOverview.MAX_ITEMS).requests())
				.extracting(TransitionRequest::id)
				.contains(onClosed.id())
				.doesNotContain(onOpen.id());
		}

		@Test
		void theLimitIsBounded() {
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.overview.promoted(0));
			assertFails(ErrorCode.INVALID_ARGUMENT,
					() -> this.overview.pendingDecisions(RegistryOverview.MAX_ITEMS + 1));
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

	}

}
