package dev.slipway.webhooks;

import java.util.Optional;

import dev.slipway.registry.RegistryAccess;
import dev.slipway.security.CurrentUser;
import dev.slipway.security.Role;

import org.springframework.stereotype.Component;

/**
 * Who may do what with a webhook, for the {@code @PreAuthorize} expressions of
 * {@link WebhookService}: a model's webhook takes the model's permission, an every-model
 * webhook is for admins. An unknown id is let through for a signed-in caller, so the
 * service answers NOT_FOUND.
 */
@Component("webhookAccess")
public class WebhookAccess {

	private final WebhookRepository repository;

	private final RegistryAccess registry;

	WebhookAccess(WebhookRepository repository, RegistryAccess registry) {
		this.repository = repository;
		this.registry = registry;
	}

	/** Whether the caller has {@code needed} (READ, EDIT, MANAGE) on the webhook. */
	public boolean webhook(long id, String needed) {
		if (CurrentUser.find().isEmpty()) {
			return false;
		}
		Optional<WebhookRepository.HookRow> hook = this.repository.find(id);
		if (hook.isEmpty()) {
			return true;
		}
		Long modelId = hook.get().modelId();
		return (modelId != null) ? this.registry.modelById(modelId, needed) : this.registry.hasRole(Role.ADMIN);
	}

	/**
	 * Whether the caller has {@code needed} on the model's webhooks, or is an admin when
	 * the name is null (every-model webhooks).
	 */
	public boolean model(String modelName, String needed) {
		if (CurrentUser.find().isEmpty()) {
			return false;
		}
		return (modelName != null) ? this.registry.model(modelName, needed) : this.registry.hasRole(Role.ADMIN);
	}

}
