package dev.slipway.system.api;

import dev.slipway.system.SystemService;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/system}: which Slipway this is and what it runs on. */
@RestController
@RequestMapping("/api/v1/system")
class SystemController {

	private final SystemService system;

	SystemController(SystemService system) {
		this.system = system;
	}

	@GetMapping
	SystemResponse overview() {
		return SystemResponse.from(this.system.overview());
	}

}
