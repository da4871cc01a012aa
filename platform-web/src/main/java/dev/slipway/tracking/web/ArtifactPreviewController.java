package dev.slipway.tracking.web;

import java.nio.charset.StandardCharsets;

import dev.slipway.tracking.ArtifactPreview;
import dev.slipway.tracking.ArtifactPreviewService;
import dev.slipway.tracking.ArtifactService;
import dev.slipway.tracking.ExperimentService;
import dev.slipway.tracking.Run;
import dev.slipway.tracking.RunService;

import org.springframework.core.io.InputStreamResource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A run's artifacts in the browser: folders, previews, images and downloads, all below
 * the run's artifact root and streamed or read in bounded amounts.
 */
@Controller
class ArtifactPreviewController {

	/**
	 * What an image answer may do when opened on its own: nothing but show itself (an SVG
	 * can carry scripts).
	 */
	static final String IMAGE_POLICY = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox";

	private final RunService runs;

	private final ExperimentService experiments;

	private final ArtifactService artifacts;

	private final ArtifactPreviewService previews;

	ArtifactPreviewController(RunService runs, ExperimentService experiments, ArtifactService artifacts,
			ArtifactPreviewService previews) {
		this.runs = runs;
		this.experiments = experiments;
		this.artifacts = artifacts;
		this.previews = previews;
	}

	@GetMapping("/experiments/{experimentId}/runs/{runId}/artifacts")
	String folder(@PathVariable String experimentId, @PathVariable String runId,
			@RequestParam(defaultValue = "") String path, Model model) {
		Run run = RunPageController.runOf(this.runs, experimentId, runId);
		String folder = trim(path);
		model.addAttribute("experiment", this.experiments.get(experimentId));
		model.addAttribute("run", run.info());
		model.addAttribute("listing", ArtifactPreviewListing.of(this.artifacts.browseRun(runId, folder), folder));
		model.addAttribute("preview", null);
		return "runs/artifacts";
	}

	@GetMapping("/experiments/{experimentId}/runs/{runId}/artifacts/preview")
	String preview(@PathVariable String experimentId, @PathVariable String runId, @RequestParam String path,
			Model model) {
		Run run = RunPageController.runOf(this.runs, experimentId, runId);
		ArtifactPreview preview = this.previews.preview(runId, path);
		String folder = ArtifactPreviewListing.parentOf(preview.path());
		model.addAttribute("experiment", this.experiments.get(experimentId));
		model.addAttribute("run", run.info());
		model.addAttribute("listing", ArtifactPreviewListing.of(this.artifacts.browseRun(runId, folder), folder));
		model.addAttribute("preview", preview);
		model.addAttribute("previewSize", ArtifactPreviewListing.size(preview.size()));
		return "runs/artifacts";
	}

	@GetMapping("/experiments/{experimentId}/runs/{runId}/artifacts/raw")
	ResponseEntity<InputStreamResource> raw(@PathVariable String experimentId, @PathVariable String runId,
			@RequestParam String path) {
		RunPageController.runOf(this.runs, experimentId, runId);
		String imageType = ArtifactPreviewService.imageType(path);
		if (imageType == null) {
			return download(experimentId, runId, path);
		}
		ArtifactService.Download download = this.artifacts.openRun(runId, path);
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(imageType))
			.contentLength(download.size())
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.inline().filename(nameOf(path), StandardCharsets.UTF_8).build().toString())
			.header("X-Content-Type-Options", "nosniff")
			.header("Content-Security-Policy", IMAGE_POLICY)
			.header(HttpHeaders.CACHE_CONTROL, "private, no-cache")
			.body(new InputStreamResource(download.content()));
	}

	@GetMapping("/experiments/{experimentId}/runs/{runId}/artifacts/download")
	ResponseEntity<InputStreamResource> download(@PathVariable String experimentId, @PathVariable String runId,
			@RequestParam String path) {
		RunPageController.runOf(this.runs, experimentId, runId);
		ArtifactService.Download download = this.artifacts.openRun(runId, path);
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_OCTET_STREAM)
			.contentLength(download.size())
			.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(nameOf(path), StandardCharsets.UTF_8).build().toString())
			.header("X-Content-Type-Options", "nosniff")
			.header("Content-Security-Policy", IMAGE_POLICY)
			.body(new InputStreamResource(download.content()));
	}

	private static String nameOf(String path) {
		String trimmed = trim(path);
		return trimmed.substring(trimmed.lastIndexOf('/') + 1);
	}

	private static String trim(String path) {
		String trimmed = (path == null) ? "" : path.strip();
		while (trimmed.startsWith("/")) {
			trimmed = trimmed.substring(1);
		}
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		return trimmed;
	}

}
