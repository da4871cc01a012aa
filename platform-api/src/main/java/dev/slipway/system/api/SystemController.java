package dev.slipway.system.api;

import dev.slipway.system.SystemService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/system}: which Slipway this is and what it runs on. */
@Tag(name = "System", description = "Which Slipway this is and what it runs on")
@RestController
@RequestMapping("/api/v1/system")
class SystemController {

	private final SystemService system;

	SystemController(SystemService system) {
		this.system = system;
	}

	@Operation(summary = "Version, instance id, database and artifact store")
	@GetMapping
	SystemResponse overview() {
		return SystemResponse.from(this.system.overview());
	}

}
