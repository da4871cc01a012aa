package dev.slipway.registry;

import java.util.List;

import dev.slipway.audit.AuditEvent;
import dev.slipway.audit.AuditQuery;
import dev.slipway.audit.AuditService;
import dev.slipway.query.Page;
import dev.slipway.registry.GovernanceRepository.RequestRow;
import dev.slipway.registry.RegistryRepository.ModelRow;
import dev.slipway.registry.RegistryRepository.VersionRow;
import dev.slipway.security.ResourceType;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The registry's pages, each read in one call and one read-only transaction, so a page
 * shows one consistent moment; every list is filtered and bounded in SQL (a version's
 * requests and audit records are that version's, however many its model has).
 */
@Service
@Transactional(readOnly = true)
public class RegistryPages {

	/** Most versions a model page lists. */
	public static final int MAX_VERSIONS = 200;

	/** Most pending requests a page lists. */
	public static final int MAX_PENDING = 100;

	/** Most decided requests a page lists, newest first. */
	public static final int MAX_DECIDED = 20;

	/** Audit records per page. */
	public static final int AUDIT_PAGE = 50;

	private final RegistryService registry;

	private final GovernanceService governance;

	private final GovernanceRepository requests;

	private final ModelLocks locks;

	private final AuditService audit;

	RegistryPages(RegistryService registry, GovernanceService governance, GovernanceRepository requests,
			ModelLocks locks, AuditService audit) {
		this.registry = registry;
		this.governance = governance;
		this.requests = requests;
		this.locks = locks;
		this.audit = audit;
	}

	/**
	 * A model's page.
	 *
	 * @param model the model, with its tags, aliases and latest versions
	 * @param versions its versions, newest first, at most {@value #MAX_VERSIONS}
	 * @param pending its pending requests, newest first
	 * @param decided its decided requests, newest first
	 * @param policy its policy rules
	 * @param rollbacks the rollbacks it offers (of Production and of its aliases)
	 * @param audit one page of its audit trail, newest first
	 */
	public record ModelPage(RegisteredModel model, List<ModelVersion> versions, List<TransitionRequest> pending,
			List<TransitionRequest> decided, List<PolicyRule> policy, List<RollbackPlan> rollbacks,
			Page<AuditEvent> audit) {
	}

	/**
	 * A model version's page.
	 *
	 * @param model the model
	 * @param version the version
	 * @param lineage where the version came from
	 * @param pending the version's pending requests, newest first
	 * @param decided the version's decided requests, newest first
	 * @param policy the model's policy rules
	 * @param audit one page of the version's audit records, newest first
	 */
	public record VersionPage(RegisteredModel model, ModelVersion version, VersionLineage lineage,
			List<TransitionRequest> pending, List<TransitionRequest> decided, List<PolicyRule> policy,
			Page<AuditEvent> audit) {
	}

	/** A model's page; {@code auditPageToken} names an older page of its trail. */
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public ModelPage model(String name, String auditPageToken) {
		RegisteredModel model = this.registry.getModel(name);
		List<TransitionRequest> pending = toRequests(
				this.requests.requests(model.id(), RequestStatus.PENDING, MAX_PENDING));
		List<TransitionRequest> decided = toRequests(this.requests.decidedRequests(model.id(), MAX_DECIDED));
		List<String> aliases = model.aliases().stream().map(ModelAlias::alias).toList();
		return new ModelPage(model, this.registry.versions(name, MAX_VERSIONS), pending, decided,
				this.governance.policy(name), this.governance.rollbackPlans(name, aliases), this.audit
					.page(AuditQuery.resource(ResourceType.REGISTERED_MODEL, model.id()), auditPageToken, AUDIT_PAGE));
	}

	/**
	 * A version's page; {@code auditPageToken} names an older page of the version's
	 * records.
	 */
	@PreAuthorize("@registryAccess.model(#name, 'READ')")
	public VersionPage version(String name, String version, String auditPageToken) {
		ModelRow row = this.locks.model(name);
		VersionRow versionRow = this.locks.version(row, version);
		RegisteredModel model = this.registry.getModel(name);
		List<TransitionRequest> pending = toRequests(this.requests.versionRequests(versionRow.id(), true, MAX_PENDING));
		List<TransitionRequest> decided = toRequests(
				this.requests.versionRequests(versionRow.id(), false, MAX_DECIDED));
		VersionLineage lineage = this.registry.lineage(name, version);
		return new VersionPage(model, lineage.version(), lineage, pending, decided, this.governance.policy(name),
				this.audit.page(AuditQuery.version(ResourceType.REGISTERED_MODEL, row.id(), versionRow.version()),
						auditPageToken, AUDIT_PAGE));
	}

	private static List<TransitionRequest> toRequests(List<RequestRow> rows) {
		return rows.stream().map(RequestRow::toRequest).toList();
	}

}
