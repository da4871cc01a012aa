package dev.slipway.registry;

import java.util.List;

import dev.slipway.security.Role;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the model registry ({@code slipway.registry.*}). The policy settings are
 * the rules a new registered model starts with; each model's maintainers can change its
 * own policy afterwards.
 *
 * @param approvalStages the stages that need an approved transition request
 * ({@code SLIPWAY_REGISTRY_APPROVAL_STAGES}, default {@code Production})
 * @param protectedAliases the aliases that need an approved request to be set
 * ({@code SLIPWAY_REGISTRY_PROTECTED_ALIASES}, default {@code champion})
 * @param separateApprover whether the approver must be someone other than the requester
 * (default true)
 * @param directRole the lowest role that may still move a version into an approval stage
 * or protected alias without a request (default ADMIN; empty for nobody)
 */
@ConfigurationProperties("slipway.registry")
public record RegistrySettings(@DefaultValue("Production") List<String> approvalStages,
		@DefaultValue("champion") List<String> protectedAliases, @DefaultValue("true") boolean separateApprover,
		@DefaultValue("ADMIN") Role directRole) {
}
