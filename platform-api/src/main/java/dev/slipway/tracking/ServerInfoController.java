package dev.slipway.tracking;

import dev.slipway.system.PlatformInstanceService;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The plain-text probes MLflow clients call: {@code /health} and {@code /version}. */
@RestController
class ServerInfoController {

	private final PlatformInstanceService instances;

	ServerInfoController(PlatformInstanceService instances) {
		this.instances = instances;
	}

	@GetMapping(path = "/health", produces = MediaType.TEXT_PLAIN_VALUE)
	String health() {
		return "OK";
	}

	@GetMapping(path = "/version", produces = MediaType.TEXT_PLAIN_VALUE)
	String version() {
		return this.instances.version();
	}

}
