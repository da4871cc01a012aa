package dev.slipway.registry.api;

import dev.slipway.registry.RegistryService;
import dev.slipway.registry.api.GovernanceJson.LineageJson;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where a model version came from
 * ({@code /api/v1/models/{name}/versions/{version}/lineage}).
 */
@Tag(name = "Lineage", description = "Where a model version came from")
@RestController
class LineageController {

	private final RegistryService registry;

	LineageController(RegistryService registry) {
		this.registry = registry;
	}

	@Operation(summary = "What a model version came from: its run, logged model, input data and source")
	@GetMapping("/api/v1/models/{name}/versions/{version}/lineage")
	LineageJson lineage(@PathVariable String name, @PathVariable String version) {
		return LineageJson.of(this.registry.lineage(name, version));
	}

}
