package dev.slipway.tracking.api;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.slipway.system.PlatformInstanceService;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The probes MLflow clients call: {@code /health}, {@code /version} and the capability
 * endpoint {@code server-info}.
 */
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

	/**
	 * What this server offers, as MLflow 3 clients ask before they upload or download: a
	 * SQL store, artifacts through the proxy with single requests (no multipart, no
	 * presigned URLs), no workspaces, no trace archival, no AI gateway.
	 */
	@GetMapping({ "/api/3.0/mlflow/server-info", "/ajax-api/3.0/mlflow/server-info" })
	Map<String, Object> serverInfo() {
		Map<String, Object> info = new LinkedHashMap<>();
		info.put("store_type", "SqlStore");
		info.put("workspaces_enabled", false);
		info.put("trace_archival_enabled", false);
		info.put("multipart_uploads_enabled", false);
		info.put("multipart_downloads_enabled", false);
		info.put("presigned_upload_run_id_supported", false);
		info.put("presigned_upload_model_id_supported", false);
		info.put("features_enabled", Map.of("gateway", false));
		return info;
	}

}
