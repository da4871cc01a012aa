package dev.slipway.pipelines;

import java.util.List;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.registry.RegistryService;

import org.springframework.stereotype.Component;

/**
 * Registers a step's model output as a version of a registered model, through the
 * registry's own service: its permissions and governance apply, and the version's lineage
 * names the pipeline run and step (from the step run's tags).
 */
@Component
class StepModels {

	private final RegistryService registry;

	StepModels(RegistryService registry) {
		this.registry = registry;
	}

	/** Creates the model if needed and a version from {@code source}; its number. */
	int register(String modelName, String source, String runId, String description) {
		try {
			this.registry.getModel(modelName);
		}
		catch (SlipwayException ex) {
			if (ex.code() != ErrorCode.NOT_FOUND) {
				throw ex;
			}
			try {
				this.registry.createModel(modelName, null, List.of());
			}
			catch (SlipwayException raced) {
				if (raced.code() != ErrorCode.ALREADY_EXISTS) {
					throw raced;
				}
			}
		}
		return this.registry.createVersion(modelName, source, runId, List.of(), null, description, null).version();
	}

}
