package dev.slipway.registry;

import java.util.List;

import dev.slipway.security.Role;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the model registry ({@code slipway.registry.*}). The policy settings are
 * the rules a new registered model starts with; each model's maintainers can change its
 * own policy afterwards. Each default is the {@code @DefaultValue} of its field, and only
 * there; docs/configuration.md lists them.
 *
 * @param approvalStages the stages that need an approved transition request; empty for
 * none ({@code SLIPWAY_REGISTRY_APPROVAL_STAGES})
 * @param protectedAliases the aliases that need an approved request to be set or removed
 * ({@code SLIPWAY_REGISTRY_PROTECTED_ALIASES})
 * @param separateApprover whether the approver must be someone other than the requester
 * ({@code SLIPWAY_REGISTRY_SEPARATE_APPROVER})
 * @param directRole the lowest role that may still move a version into an approval stage
 * or protected alias without a request ({@code SLIPWAY_REGISTRY_DIRECT_ROLE})
 */
@ConfigurationProperties("slipway.registry")
public record RegistrySettings(@DefaultValue("Production") List<String> approvalStages,
		@DefaultValue("champion") List<String> protectedAliases, @DefaultValue("true") boolean separateApprover,
		@DefaultValue("ADMIN") Role directRole) {
}
