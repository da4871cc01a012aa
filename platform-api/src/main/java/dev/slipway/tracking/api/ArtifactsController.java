package dev.slipway.tracking.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.mlflow.MlflowApi;
import dev.slipway.tracking.ArtifactService;
import dev.slipway.tracking.api.MlflowJson.FileJson;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * MLflow's artifact proxy ({@code mlflow_artifacts.proto}): clients upload and download
 * run and model artifacts through the server, which streams them to and from the artifact
 * store.
 */
@RestController
@MlflowApi
@RequestMapping("/api/2.0/mlflow-artifacts")
class ArtifactsController {

	private final ArtifactService artifacts;

	ArtifactsController(ArtifactService artifacts) {
		this.artifacts = artifacts;
	}

	@PutMapping("/artifacts/{*path}")
	Map<String, Object> upload(@PathVariable String path, HttpServletRequest request) throws IOException {
		try (InputStream body = request.getInputStream()) {
			this.artifacts.upload(path, body, request.getContentLengthLong());
		}
		return Map.of();
	}

	@GetMapping("/artifacts/{*path}")
	void download(@PathVariable String path, HttpServletResponse response) throws IOException {
		ArtifactDownloads.send(this.artifacts.download(path), path, response);
	}

	@GetMapping("/artifacts")
	Map<String, Object> list(@RequestParam(required = false) String path) {
		return Map.of("files", FileJson.of(this.artifacts.list(path)));
	}

	@DeleteMapping("/artifacts/{*path}")
	Map<String, Object> delete(@PathVariable String path) {
		this.artifacts.delete(path);
		return Map.of();
	}

	/**
	 * Multipart uploads are refused as MLflow expects, so its client falls back to one
	 * PUT.
	 */
	@PostMapping({ "/mpu/create/{*path}", "/mpu/complete/{*path}", "/mpu/abort/{*path}" })
	Map<String, Object> multipart() {
		throw new SlipwayException(ErrorCode.NOT_IMPLEMENTED,
				"Multipart upload is not supported for the current artifact repository");
	}

}
