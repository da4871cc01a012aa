package dev.slipway.registry.web;

import java.util.ArrayList;
import java.util.List;

import dev.slipway.audit.web.AuditRows;
import dev.slipway.registry.GovernanceService;
import dev.slipway.registry.ModelVersion;
import dev.slipway.registry.PolicyRule;
import dev.slipway.registry.RegisteredModel;
import dev.slipway.registry.RegistryPages;
import dev.slipway.registry.RegistryService;
import dev.slipway.registry.Stage;
import dev.slipway.registry.TargetKind;
import dev.slipway.registry.VersionLineage;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A model version's page: overview, lineage, description and tags, its requests, and the
 * actions that move it (request a transition, transition directly, set or remove an
 * alias, archive), each confirmed before it is applied; and its audit records.
 */
@Controller
@RequestMapping("/models/{name}/versions/{version}")
class VersionPageController {

	private final RegistryService registry;

	private final GovernanceService governance;

	private final RegistryPages pages;

	private final AuditRows auditRows;

	private final RegistryPageRights rights;

	private final TransitionPreview preview;

	VersionPageController(RegistryService registry, GovernanceService governance, RegistryPages pages,
			AuditRows auditRows, RegistryPageRights rights, TransitionPreview preview) {
		this.registry = registry;
		this.governance = governance;
		this.pages = pages;
		this.auditRows = auditRows;
		this.rights = rights;
		this.preview = preview;
	}

	@GetMapping
	String version(@PathVariable String name, @PathVariable String version,
			@RequestParam(required = false) String audit, Model model) {
		RegistryPages.VersionPage page = this.pages.version(name, version, ModelPageController.blankToNull(audit));
		ModelVersion shown = page.version();
		RegisteredModel registered = page.model();
		VersionLineage lineage = page.lineage();
		boolean canEdit = this.rights.canEdit(name);
		boolean canDecide = this.rights.canDecide();
		List<RequestTableRow> pending = page.pending()
			.stream()
			.map((request) -> RequestTableRow.of(request, canDecide, this.rights.canCancel(request)))
			.toList();
		List<RequestTableRow> decided = page.decided()
			.stream()
			.map((request) -> RequestTableRow.of(request, false, false))
			.toList();
		List<StageOption> direct = new ArrayList<>();
		for (Stage stage : List.of(Stage.STAGING, Stage.PRODUCTION, Stage.ARCHIVED, Stage.NONE)) {
			if (stage != shown.stage() && this.rights.mayMoveDirectly(name, TargetKind.STAGE, stage.wireName())) {
				direct.add(StageOption.of(TargetKind.STAGE, stage.wireName()));
			}
		}
		List<StageOption> requestable = new ArrayList<>();
		if (canEdit) {
			for (PolicyRule rule : page.policy()) {
				boolean here = rule.targetKind() == TargetKind.STAGE && rule.target().equals(shown.stage().wireName());
				if (rule.approvalRequired() && !here) {
					requestable.add(StageOption.of(rule.targetKind(), rule.target()));
				}
			}
		}
		List<String> removableAliases = shown.aliases()
			.stream()
			.filter((alias) -> this.rights.mayMoveDirectly(name, TargetKind.ALIAS, alias))
			.toList();
		model.addAttribute("model", registered);
		model.addAttribute("v", shown);
		model.addAttribute("stageClass", RegistryPaths.stageClass(shown.stage()));
		model.addAttribute("registered", RegistryPaths.time(shown.creationTime()));
		model.addAttribute("updated", RegistryPaths.time(shown.lastUpdatedTime()));
		model.addAttribute("promoted", RegistryPaths.time(shown.stageChangedAt()));
		model.addAttribute("lineage", lineage);
		model.addAttribute("runHref", (lineage.run() != null)
				? "/experiments/" + lineage.run().experimentId() + "/runs/" + lineage.run().runId() : null);
		model.addAttribute("pending", pending);
		model.addAttribute("decided", decided);
		model.addAttribute("direct", direct);
		model.addAttribute("requestable", requestable);
		model.addAttribute("canArchive", shown.stage() != Stage.ARCHIVED
				&& direct.stream().anyMatch((option) -> option.target().equals(Stage.ARCHIVED.wireName())));
		model.addAttribute("removableAliases", removableAliases);
		model.addAttribute("canEdit", canEdit);
		String href = RegistryPaths.version(name, shown.version());
		model.addAttribute("audit", this.auditRows.of(name, page.audit().items()));
		model.addAttribute("auditNext", (page.audit().nextPageToken() != null)
				? href + "?audit=" + page.audit().nextPageToken() + "#audit" : null);
		model.addAttribute("auditFirst", audit != null && !audit.isBlank());
		model.addAttribute("modelHref", RegistryPaths.model(name));
		model.addAttribute("href", href);
		return "models/version";
	}

	@PostMapping("/stage")
	String transition(@PathVariable String name, @PathVariable String version, @RequestParam String stage,
			@RequestParam(defaultValue = "false") boolean archiveExisting,
			@RequestParam(defaultValue = "false") boolean confirmed, Model model, RedirectAttributes redirect) {
		ModelVersion current = this.registry.getVersion(name, version);
		Stage target = Stage.parse(stage);
		boolean archive = archiveExisting && StageOption.archives(TargetKind.STAGE, target.wireName());
		String back = RegistryPaths.version(name, current.version());
		if (!confirmed) {
			if (!this.rights.mayMoveDirectly(name, TargetKind.STAGE, target.wireName())) {
				return requestInstead(current, TargetKind.STAGE, target.wireName(), archive, model);
			}
			String title = (target == Stage.ARCHIVED) ? "Archive version " + current.version()
					: "Move version " + current.version() + " to " + target.wireName();
			ConfirmPage page = ConfirmPage.of(title, name, current.version(), back + "/stage", back);
			this.preview.stage(current, target, archive).forEach(page::change);
			return page.carry("stage", target.wireName())
				.carry("archiveExisting", archive)
				.submit((target == Stage.ARCHIVED) ? "Archive version" : "Move to " + target.wireName(),
						target == Stage.ARCHIVED)
				.show(model);
		}
		return ConfirmPage.apply(() -> this.registry.transitionStage(name, version, target.wireName(), archive),
				"Version " + current.version() + " moved to " + target.wireName(), back, redirect);
	}

	@PostMapping("/requests")
	String request(@PathVariable String name, @PathVariable String version, @RequestParam String target,
			@RequestParam(required = false) TargetKind targetKind,
			@RequestParam(defaultValue = "false") boolean archiveExisting,
			@RequestParam(defaultValue = "") String comment, @RequestParam(defaultValue = "false") boolean confirmed,
			Model model, RedirectAttributes redirect) {
		ModelVersion current = this.registry.getVersion(name, version);
		StageOption option = option(targetKind, target);
		boolean archive = archiveExisting && StageOption.archives(option.kind(), option.target());
		String back = RegistryPaths.version(name, current.version());
		if (!confirmed) {
			RegistryPageRights.require(this.rights.canEdit(name));
			return requestPage(current, option, archive, comment, null).show(model);
		}
		return ConfirmPage.apply(
				() -> this.governance.request(name, version, option.kind(), option.target(), archive,
						ModelPageController.blankToNull(comment)),
				"Requested " + option.label() + " for version " + current.version(), back + "#requests", redirect);
	}

	@PostMapping("/aliases")
	String setAlias(@PathVariable String name, @PathVariable String version, @RequestParam String alias,
			@RequestParam(defaultValue = "false") boolean confirmed, Model model, RedirectAttributes redirect) {
		ModelVersion current = this.registry.getVersion(name, version);
		String wanted = alias.trim();
		String back = RegistryPaths.version(name, current.version());
		if (!confirmed) {
			if (!this.rights.mayMoveDirectly(name, TargetKind.ALIAS, wanted)) {
				return requestInstead(current, TargetKind.ALIAS, wanted, false, model);
			}
			ConfirmPage page = ConfirmPage.of("Set alias " + wanted + " to version " + current.version(), name,
					current.version(), back + "/aliases", back);
			this.preview.alias(current, wanted).forEach(page::change);
			return page.carry("alias", wanted).submit("Set alias", false).show(model);
		}
		return ConfirmPage.apply(() -> this.registry.setAlias(name, wanted, version),
				"Alias " + wanted + " now points at version " + current.version(), back, redirect);
	}

	@PostMapping("/aliases/delete")
	String deleteAlias(@PathVariable String name, @PathVariable String version, @RequestParam String alias,
			@RequestParam(defaultValue = "false") boolean confirmed, Model model, RedirectAttributes redirect) {
		ModelVersion current = this.registry.getVersion(name, version);
		String back = RegistryPaths.version(name, current.version());
		if (!confirmed) {
			RegistryPageRights
				.require(this.rights.canEdit(name) && this.rights.mayMoveDirectly(name, TargetKind.ALIAS, alias));
			return ConfirmPage.of("Remove alias " + alias, name, current.version(), back + "/aliases/delete", back)
				.change("Alias " + alias + " will be removed; it will no longer point at version " + current.version()
						+ ".")
				.carry("alias", alias)
				.submit("Remove alias", true)
				.show(model);
		}
		return ConfirmPage.apply(() -> this.registry.deleteAlias(name, alias), "Alias " + alias + " removed", back,
				redirect);
	}

	@PostMapping("/description")
	String describe(@PathVariable String name, @PathVariable String version,
			@RequestParam(defaultValue = "") String description,
			@RequestParam(defaultValue = "false") boolean confirmed, Model model, RedirectAttributes redirect) {
		ModelVersion current = this.registry.getVersion(name, version);
		String back = RegistryPaths.version(name, current.version());
		if (!confirmed) {
			RegistryPageRights.require(this.rights.canEdit(name));
			return ConfirmPage
				.of("Change the description of version " + current.version(), name, current.version(),
						back + "/description", back)
				.change(ModelPageController.describeChange(current.description(), description))
				.carry("description", description)
				.submit("Save description", false)
				.show(model);
		}
		return ConfirmPage.apply(() -> this.registry.updateVersion(name, version, description.strip()),
				"Description saved", back, redirect);
	}

	@PostMapping("/tags")
	String setTag(@PathVariable String name, @PathVariable String version, @RequestParam(defaultValue = "") String key,
			@RequestParam(defaultValue = "") String value, @RequestParam(defaultValue = "false") boolean confirmed,
			Model model, RedirectAttributes redirect) {
		ModelVersion current = this.registry.getVersion(name, version);
		String tag = key.trim();
		String back = RegistryPaths.version(name, current.version());
		if (!confirmed) {
			RegistryPageRights.require(this.rights.canEdit(name));
			return ConfirmPage
				.of("Set tag " + tag + " of version " + current.version(), name, current.version(), back + "/tags",
						back + "#tags")
				.change(ModelPageController.tagChange(tag, value, current.tags()))
				.carry("key", tag)
				.carry("value", value)
				.submit("Set tag", false)
				.show(model);
		}
		return ConfirmPage.apply(() -> this.registry.setVersionTag(name, version, tag, value),
				"Tag '" + tag + "' saved", back + "#tags", redirect);
	}

	@PostMapping("/tags/delete")
	String deleteTag(@PathVariable String name, @PathVariable String version,
			@RequestParam(defaultValue = "") String key, @RequestParam(defaultValue = "false") boolean confirmed,
			Model model, RedirectAttributes redirect) {
		ModelVersion current = this.registry.getVersion(name, version);
		String back = RegistryPaths.version(name, current.version());
		if (!confirmed) {
			RegistryPageRights.require(this.rights.canEdit(name));
			return ConfirmPage
				.of("Delete tag " + key + " of version " + current.version(), name, current.version(),
						back + "/tags/delete", back + "#tags")
				.change(ModelPageController.tagDeletion(key, current.tags()))
				.carry("key", key)
				.submit("Delete tag", true)
				.show(model);
		}
		return ConfirmPage.apply(() -> this.registry.deleteVersionTag(name, version, key), "Tag '" + key + "' deleted",
				back + "#tags", redirect);
	}

	/**
	 * The confirmation for a stage or alias the caller may not move to directly: a
	 * request for it, when the caller may ask; the 403 page otherwise.
	 */
	private String requestInstead(ModelVersion current, TargetKind kind, String target, boolean archiveExisting,
			Model model) {
		RegistryPageRights.require(this.rights.canEdit(current.name()));
		StageOption option = StageOption.of(kind, target);
		return requestPage(current, option, archiveExisting, "", "You may not move versions to " + option.label()
				+ " directly: it needs an approved request. This page asks for one instead.")
			.show(model);
	}

	private ConfirmPage requestPage(ModelVersion current, StageOption option, boolean archiveExisting, String comment,
			String why) {
		String back = RegistryPaths.version(current.name(), current.version());
		ConfirmPage page = ConfirmPage.of("Request " + option.label() + " for version " + current.version(),
				current.name(), current.version(), back + "/requests", back);
		if (why != null) {
			page.change(why);
		}
		page.change("A transition request will be recorded; a maintainer applies it by approving it. On approval:");
		this.preview.request(current, option.kind(), option.target(), archiveExisting).forEach(page::change);
		return page.carry("targetKind", option.kind())
			.carry("target", option.target())
			.carry("archiveExisting", archiveExisting)
			.ask("comment", "Comment for the approver", comment, false)
			.submit("Send request", false);
	}

	/** A target from the form: {@code STAGE:Production}, or a kind and a target. */
	static StageOption option(TargetKind kind, String target) {
		if (kind != null) {
			return StageOption.of(kind, ModelPageController.canonicalTarget(kind, target));
		}
		int colon = target.indexOf(':');
		TargetKind parsed = (colon > 0) ? kind(target.substring(0, colon)) : TargetKind.STAGE;
		String rest = (colon > 0) ? target.substring(colon + 1) : target;
		return StageOption.of(parsed, ModelPageController.canonicalTarget(parsed, rest));
	}

	private static TargetKind kind(String text) {
		for (TargetKind kind : TargetKind.values()) {
			if (kind.name().equals(text)) {
				return kind;
			}
		}
		throw dev.slipway.error.SlipwayException.invalidArgument("target_kind", "'" + text + "' is not STAGE or ALIAS");
	}

}
