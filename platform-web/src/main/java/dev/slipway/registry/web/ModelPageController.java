package dev.slipway.registry.web;

import java.util.List;
import java.util.Optional;

import dev.slipway.audit.AuditEvent;
import dev.slipway.audit.web.AuditRows;
import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.query.KeyValue;
import dev.slipway.query.Page;
import dev.slipway.registry.GovernanceService;
import dev.slipway.registry.ModelVersion;
import dev.slipway.registry.PolicyRule;
import dev.slipway.registry.RegisteredModel;
import dev.slipway.registry.RegistryPages;
import dev.slipway.registry.RegistryService;
import dev.slipway.registry.RollbackPlan;
import dev.slipway.registry.Stage;
import dev.slipway.registry.TargetKind;
import dev.slipway.registry.TransitionRequest;
import dev.slipway.security.Role;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A registered model's page: description, tags, versions, pending requests and their
 * decisions, the promotion policy, rollback and the audit trail. Every action renders a
 * confirmation first and applies on {@code confirmed=true}; the services decide who may.
 */
@Controller
@RequestMapping("/models/{name}")
class ModelPageController {

	private final RegistryService registry;

	private final GovernanceService governance;

	private final RegistryPages pages;

	private final AuditRows auditRows;

	private final RegistryPageRights rights;

	private final TransitionPreview preview;

	ModelPageController(RegistryService registry, GovernanceService governance, RegistryPages pages,
			AuditRows auditRows, RegistryPageRights rights, TransitionPreview preview) {
		this.registry = registry;
		this.governance = governance;
		this.pages = pages;
		this.auditRows = auditRows;
		this.rights = rights;
		this.preview = preview;
	}

	@GetMapping
	String model(@PathVariable String name, @RequestParam(required = false) String audit, Model model) {
		RegistryPages.ModelPage page = this.pages.model(name, blankToNull(audit));
		RegisteredModel registered = page.model();
		boolean canDecide = this.rights.canDecide();
		List<RequestTableRow> pending = page.pending()
			.stream()
			.map((request) -> RequestTableRow.of(request, canDecide, this.rights.canCancel(request)))
			.toList();
		List<RequestTableRow> decided = page.decided()
			.stream()
			.map((request) -> RequestTableRow.of(request, false, false))
			.toList();
		Page<AuditEvent> trail = page.audit();
		model.addAttribute("model", registered);
		model.addAttribute("created", RegistryPaths.time(registered.creationTime()));
		model.addAttribute("updated", RegistryPaths.time(registered.lastUpdatedTime()));
		model.addAttribute("versions", page.versions().stream().map(VersionTableRow::of).toList());
		model.addAttribute("pending", pending);
		model.addAttribute("decided", decided);
		model.addAttribute("policy", page.policy());
		model.addAttribute("rollbacks", rollbacks(page.rollbacks()));
		model.addAttribute("audit", this.auditRows.of(name, trail.items()));
		model.addAttribute("auditNext", (trail.nextPageToken() != null)
				? RegistryPaths.model(name) + "?audit=" + trail.nextPageToken() + "#audit" : null);
		model.addAttribute("auditFirst", audit != null && !audit.isBlank());
		model.addAttribute("canEdit", this.rights.canEdit(name));
		model.addAttribute("canManage", this.rights.canManage(name));
		model.addAttribute("roles", Role.values());
		model.addAttribute("href", RegistryPaths.model(name));
		return "models/model";
	}

	@PostMapping("/description")
	String describe(@PathVariable String name, @RequestParam(defaultValue = "") String description,
			@RequestParam(defaultValue = "false") boolean confirmed, Model model, RedirectAttributes redirect) {
		String back = RegistryPaths.model(name);
		if (!confirmed) {
			RegisteredModel registered = this.registry.getModel(name);
			RegistryPageRights.require(this.rights.canEdit(name));
			return ConfirmPage.of("Change the description of " + name, name, null, back + "/description", back)
				.change(describeChange(registered.description(), description))
				.carry("description", description)
				.submit("Save description", false)
				.show(model);
		}
		return ConfirmPage.apply(() -> this.registry.updateModel(name, description.strip()), "Description saved", back,
				redirect);
	}

	@PostMapping("/tags")
	String setTag(@PathVariable String name, @RequestParam(defaultValue = "") String key,
			@RequestParam(defaultValue = "") String value, @RequestParam(defaultValue = "false") boolean confirmed,
			Model model, RedirectAttributes redirect) {
		String back = RegistryPaths.model(name) + "#tags";
		String tag = key.trim();
		if (!confirmed) {
			RegisteredModel registered = this.registry.getModel(name);
			RegistryPageRights.require(this.rights.canEdit(name));
			return ConfirmPage
				.of("Set tag " + tag + " of " + name, name, null, RegistryPaths.model(name) + "/tags", back)
				.change(tagChange(tag, value, registered.tags()))
				.carry("key", tag)
				.carry("value", value)
				.submit("Set tag", false)
				.show(model);
		}
		return ConfirmPage.apply(() -> this.registry.setModelTag(name, tag, value), "Tag '" + tag + "' saved", back,
				redirect);
	}

	@PostMapping("/tags/delete")
	String deleteTag(@PathVariable String name, @RequestParam(defaultValue = "") String key,
			@RequestParam(defaultValue = "false") boolean confirmed, Model model, RedirectAttributes redirect) {
		String back = RegistryPaths.model(name) + "#tags";
		if (!confirmed) {
			RegisteredModel registered = this.registry.getModel(name);
			RegistryPageRights.require(this.rights.canEdit(name));
			return ConfirmPage
				.of("Delete tag " + key + " of " + name, name, null, RegistryPaths.model(name) + "/tags/delete", back)
				.change(tagDeletion(key, registered.tags()))
				.carry("key", key)
				.submit("Delete tag", true)
				.show(model);
		}
		return ConfirmPage.apply(() -> this.registry.deleteModelTag(name, key), "Tag '" + key + "' deleted", back,
				redirect);
	}

	@PostMapping("/requests/{requestId}/approve")
	String approve(@PathVariable String name, @PathVariable long requestId,
			@RequestParam(defaultValue = "") String comment, @RequestParam(required = false) String from,
			@RequestParam(defaultValue = "false") boolean confirmed, Model model, RedirectAttributes redirect) {
		TransitionRequest request = requestOf(name, requestId);
		String back = back(request, from);
		if (!confirmed) {
			RegistryPageRights.require(this.rights.canDecide(requestId));
			ModelVersion version = this.registry.getVersion(name, Integer.toString(request.version()));
			ConfirmPage page = ConfirmPage.of("Approve request #" + requestId, name, request.version(),
					action(name, requestId, "approve"), back);
			page.change("Request #" + requestId + " by " + request.requestedBy() + " will be approved and applied:");
			this.preview.request(version, request.targetKind(), request.target(), request.archiveExisting())
				.forEach(page::change);
			return carryFrom(page, from).ask("comment", "Comment", comment, false)
				.submit("Approve and apply", false)
				.show(model);
		}
		return ConfirmPage.apply(() -> this.governance.approve(requestId, blankToNull(comment)),
				"Approved request #" + requestId + ": version " + request.version() + " → "
						+ RequestTableRow.target(request.targetKind(), request.target()),
				back, redirect);
	}

	@PostMapping("/requests/{requestId}/reject")
	String reject(@PathVariable String name, @PathVariable long requestId,
			@RequestParam(defaultValue = "") String comment, @RequestParam(required = false) String from,
			@RequestParam(defaultValue = "false") boolean confirmed, Model model, RedirectAttributes redirect) {
		TransitionRequest request = requestOf(name, requestId);
		String back = back(request, from);
		if (!confirmed) {
			RegistryPageRights.require(this.rights.canDecide(requestId));
			ConfirmPage page = ConfirmPage
				.of("Reject request #" + requestId, name, request.version(), action(name, requestId, "reject"), back)
				.change("Request #" + requestId + " by " + request.requestedBy() + " to move version "
						+ request.version() + " to " + RequestTableRow.target(request.targetKind(), request.target())
						+ " will be rejected. Nothing else changes.");
			return carryFrom(page, from).ask("comment", "Comment", comment, false)
				.submit("Reject request", true)
				.show(model);
		}
		return ConfirmPage.apply(() -> this.governance.reject(requestId, blankToNull(comment)),
				"Rejected request #" + requestId, back, redirect);
	}

	@PostMapping("/requests/{requestId}/cancel")
	String cancel(@PathVariable String name, @PathVariable long requestId,
			@RequestParam(defaultValue = "") String comment, @RequestParam(required = false) String from,
			@RequestParam(defaultValue = "false") boolean confirmed, Model model, RedirectAttributes redirect) {
		TransitionRequest request = requestOf(name, requestId);
		String back = back(request, from);
		if (!confirmed) {
			RegistryPageRights.require(this.rights.canCancel(request));
			ConfirmPage page = ConfirmPage
				.of("Withdraw request #" + requestId, name, request.version(), action(name, requestId, "cancel"), back)
				.change("Request #" + requestId + " to move version " + request.version() + " to "
						+ RequestTableRow.target(request.targetKind(), request.target())
						+ " will be withdrawn. Nothing else changes.");
			return carryFrom(page, from).ask("comment", "Comment", comment, false)
				.submit("Withdraw request", true)
				.show(model);
		}
		return ConfirmPage.apply(() -> this.governance.cancel(requestId, blankToNull(comment)),
				"Withdrew request #" + requestId, back, redirect);
	}

	@PostMapping("/policy")
	String setRule(@PathVariable String name, @RequestParam(defaultValue = "STAGE") TargetKind targetKind,
			@RequestParam(defaultValue = "") String target,
			@RequestParam(defaultValue = "false") boolean approvalRequired,
			@RequestParam(defaultValue = "false") boolean separateApprover,
			@RequestParam(defaultValue = "") String directRole, @RequestParam(defaultValue = "false") boolean confirmed,
			Model model, RedirectAttributes redirect) {
		String back = RegistryPaths.model(name) + "#policy";
		String where = canonicalTarget(targetKind, target);
		Role role = directRole.isBlank() ? null : Role.parse("direct_role", directRole);
		PolicyRule rule = new PolicyRule(targetKind, where, approvalRequired, separateApprover, role);
		if (!confirmed) {
			this.registry.getModel(name);
			RegistryPageRights.require(this.rights.canManage(name));
			Optional<PolicyRule> current = this.governance.policy(name)
				.stream()
				.filter((existing) -> existing.targetKind() == targetKind && existing.target().equals(where))
				.findFirst();
			String label = RequestTableRow.target(targetKind, where);
			ConfirmPage page = ConfirmPage.of("Set the policy for " + label, name, null,
					RegistryPaths.model(name) + "/policy", back);
			if (current.isPresent()) {
				page.change("The rule for " + label + " will change from: " + describe(current.get()) + ".");
				page.change("To: " + describe(rule) + ".");
			}
			else {
				page.change("A rule for " + label + " will be added: " + describe(rule) + ".");
			}
			return page.carry("targetKind", targetKind)
				.carry("target", where)
				.carry("approvalRequired", approvalRequired)
				.carry("separateApprover", separateApprover)
				.carry("directRole", (role != null) ? role.name() : "")
				.submit("Save rule", false)
				.show(model);
		}
		return ConfirmPage.apply(() -> this.governance.setPolicyRule(name, rule),
				"Policy rule for " + RequestTableRow.target(targetKind, where) + " saved", back, redirect);
	}

	@PostMapping("/policy/delete")
	String deleteRule(@PathVariable String name, @RequestParam TargetKind targetKind, @RequestParam String target,
			@RequestParam(defaultValue = "false") boolean confirmed, Model model, RedirectAttributes redirect) {
		String back = RegistryPaths.model(name) + "#policy";
		String label = RequestTableRow.target(targetKind, target);
		if (!confirmed) {
			this.registry.getModel(name);
			RegistryPageRights.require(this.rights.canManage(name));
			return ConfirmPage
				.of("Remove the policy rule for " + label, name, null, RegistryPaths.model(name) + "/policy/delete",
						back)
				.change("The rule for " + label + " will be removed: anyone who may edit the model can then move "
						+ "versions there without a request.")
				.carry("targetKind", targetKind)
				.carry("target", target)
				.submit("Remove rule", true)
				.show(model);
		}
		return ConfirmPage.apply(() -> this.governance.deletePolicyRule(name, targetKind, target),
				"Policy rule for " + label + " removed", back, redirect);
	}

	@PostMapping("/rollback")
	String rollback(@PathVariable String name, @RequestParam TargetKind targetKind, @RequestParam String target,
			@RequestParam(defaultValue = "") String reason, @RequestParam(defaultValue = "false") boolean confirmed,
			Model model, RedirectAttributes redirect) {
		String back = RegistryPaths.model(name);
		if (!confirmed || reason.isBlank()) {
			RollbackPlan plan = this.governance.rollbackPlan(name, targetKind, target);
			RegistryPageRights.require(this.rights.canRollback(name, targetKind, target));
			ConfirmPage page = ConfirmPage.of("Roll back " + RollbackOption.of(plan).label() + " of " + name, name,
					null, back + "/rollback", back);
			TransitionPreview.rollback(plan).forEach(page::change);
			return page.carry("targetKind", targetKind)
				.carry("target", target)
				.ask("reason", "Reason (recorded in the audit trail)", reason, true)
				.submit("Roll back", true)
				.show(model);
		}
		return ConfirmPage.apply(() -> this.governance.rollback(name, targetKind, target, reason.strip()),
				"Rolled back " + RequestTableRow.target(targetKind, target), back, redirect);
	}

	/** The rollbacks the model offers that this user may start. */
	private List<RollbackOption> rollbacks(List<RollbackPlan> plans) {
		return plans.stream()
			.filter((plan) -> this.rights.canRollback(plan.modelName(), plan.targetKind(), plan.target()))
			.map(RollbackOption::of)
			.toList();
	}

	private TransitionRequest requestOf(String name, long requestId) {
		TransitionRequest request = this.governance.getRequest(requestId);
		if (!request.modelName().equals(name)) {
			throw new SlipwayException(ErrorCode.NOT_FOUND, "Transition request " + requestId + " does not exist");
		}
		return request;
	}

	private static String back(TransitionRequest request, String from) {
		return "version".equals(from) ? RegistryPaths.version(request.modelName(), request.version()) + "#requests"
				: RegistryPaths.model(request.modelName()) + "#requests";
	}

	private static ConfirmPage carryFrom(ConfirmPage page, String from) {
		return "version".equals(from) ? page.carry("from", "version") : page;
	}

	private static String action(String name, long requestId, String verb) {
		return RegistryPaths.model(name) + "/requests/" + requestId + "/" + verb;
	}

	static String canonicalTarget(TargetKind kind, String target) {
		String trimmed = target.trim();
		return (kind == TargetKind.STAGE) ? Stage.parse(trimmed).wireName() : trimmed;
	}

	static String describe(PolicyRule rule) {
		if (!rule.approvalRequired()) {
			return "no approval needed: whoever may edit the model moves versions there";
		}
		String approver = rule.separateApprover() ? " by someone other than the requester" : "";
		String direct = (rule.directRole() != null)
				? rule.directRole().name() + "s and up may still move versions there directly"
				: "nobody may move versions there directly";
		return "an approved request needed" + approver + "; " + direct;
	}

	static String describeChange(String before, String after) {
		String old = (before == null || before.isBlank()) ? "(none)" : ModelListItem.excerpt(before);
		String now = after.isBlank() ? "(none)" : ModelListItem.excerpt(after);
		return "The description will change from “" + old + "” to “" + now + "”.";
	}

	static String tagChange(String key, String value, List<KeyValue> tags) {
		return tags.stream()
			.filter((tag) -> tag.key().equals(key))
			.findFirst()
			.map((tag) -> "Tag " + key + " will change from “" + tag.value() + "” to “" + value + "”.")
			.orElse("Tag " + key + " will be added with the value “" + value + "”.");
	}

	static String tagDeletion(String key, List<KeyValue> tags) {
		return tags.stream()
			.filter((tag) -> tag.key().equals(key))
			.findFirst()
			.map((tag) -> "Tag " + key + " (value “" + tag.value() + "”) will be deleted.")
			.orElse("Tag " + key + " will be deleted (it is not set now).");
	}

	static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

}
