package dev.slipway.monitoring;

import java.util.Optional;

import dev.slipway.registry.RegistryAccess;
import dev.slipway.security.CurrentUser;

import org.springframework.stereotype.Component;

/**
 * Who may do what with a monitor, for the {@code @PreAuthorize} expressions of
 * {@link MonitorService}: a monitor takes its registered model's permission (READ to
 * look, EDIT to send data and change it). An unknown monitor is let through for a
 * signed-in caller, so the service answers NOT_FOUND.
 */
@Component("monitorAccess")
public class MonitorAccess {

	private final MonitorRepository monitors;

	private final RegistryAccess registry;

	MonitorAccess(MonitorRepository monitors, RegistryAccess registry) {
		this.monitors = monitors;
		this.registry = registry;
	}

	/**
	 * Whether the caller has {@code needed} (READ, EDIT, MANAGE) on the monitor's model.
	 */
	public boolean monitor(long id, String needed) {
		if (CurrentUser.find().isEmpty()) {
			return false;
		}
		Optional<MonitorEntity> monitor = this.monitors.findById(id);
		return monitor.isEmpty() || this.registry.modelById(monitor.get().modelId(), needed);
	}

	/** Whether the caller has {@code needed} on the model with this name. */
	public boolean model(String modelName, String needed) {
		return CurrentUser.find().isPresent() && this.registry.model(modelName, needed);
	}

}
