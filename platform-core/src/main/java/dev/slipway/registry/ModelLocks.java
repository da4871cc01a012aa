package dev.slipway.registry;

import java.time.Clock;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.registry.RegistryRepository.ModelRow;
import dev.slipway.registry.RegistryRepository.VersionRow;
import dev.slipway.security.CurrentUser;

import org.springframework.stereotype.Component;

/**
 * Finds and locks a registered model and its versions for a registry write, and says who
 * and when. Every write of the registry and of its governance takes the model's row lock
 * here first ({@code SELECT ... FOR UPDATE}), so writes to one model serialize in one
 * order. Runs inside the callers' transactions.
 */
@Component
final class ModelLocks {

	private final RegistryRepository registry;

	private final Clock clock;

	ModelLocks(RegistryRepository registry, Clock clock) {
		this.registry = registry;
		this.clock = clock;
	}

	long now() {
		return this.clock.millis();
	}

	String actor() {
		return CurrentUser.require().username();
	}

	ModelRow model(String name) {
		return this.registry.findModel(RegistryNames.requireName(name))
			.orElseThrow(() -> RegistryNames.modelNotFound(name));
	}

	ModelRow lock(String name) {
		return this.registry.lockModel(RegistryNames.requireName(name))
			.orElseThrow(() -> RegistryNames.modelNotFound(name));
	}

	VersionRow version(ModelRow model, String version) {
		int number = RegistryNames.parseVersion(version);
		return this.registry.findVersion(model.id(), number)
			.orElseThrow(() -> new SlipwayException(ErrorCode.NOT_FOUND,
					"Model Version (name=" + model.name() + ", version=" + number + ") not found"));
	}

}
