package dev.slipway.tracking;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The files behind datasets logged to runs ({@code mlflow.log_input}), when Slipway
 * stores them: a source whose {@code uri} or {@code url} is
 * {@code mlflow-artifacts:/...}, {@code runs:/<this run>/<path>}, or this server's
 * artifact proxy address
 * ({@code http(s)://.../api/2.0/mlflow-artifacts/artifacts/<path>}, what
 * {@code mlflow.data.from_pandas(df, source=url)} records). Reading the file takes READ
 * on the run and on the artifact.
 */
@Service
@Transactional(readOnly = true)
public class DatasetFiles {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String PROXY_PATH = "/api/2.0/mlflow-artifacts/artifacts/";

	private final TrackingLineage lineage;

	private final ArtifactService artifacts;

	DatasetFiles(TrackingLineage lineage, ArtifactService artifacts) {
		this.lineage = lineage;
		this.artifacts = artifacts;
	}

	/**
	 * An opened dataset file.
	 *
	 * @param fileName the file's name (its extension tells the format)
	 * @param label how to name the dataset: name, digest and run
	 * @param content the file
	 */
	public record DatasetFile(String fileName, String label, ArtifactService.Download content) {
	}

	/** Opens the file of the newest dataset of this name that the run logged. */
	@PreAuthorize("@trackingAccess.run(#runId, 'READ')")
	public DatasetFile open(String runId, String datasetName) {
		TrackingLineage.DatasetSource source = this.lineage.datasetSource(runId, datasetName)
			.orElseThrow(() -> new SlipwayException(ErrorCode.NOT_FOUND,
					"Run " + runId + " logged no dataset named '" + datasetName + "'"));
		String uri = uri(source.source());
		String label = "dataset " + source.name() + " (" + source.digest() + ") of run " + runId;
		if (uri != null && uri.startsWith("runs:/")) {
			String rest = uri.substring("runs:/".length());
			int slash = rest.indexOf('/');
			if (slash < 0 || !rest.substring(0, slash).equals(runId)) {
				throw notStored(source, "a runs:/ source must name this run's own artifacts");
			}
			String path = rest.substring(slash + 1);
			return new DatasetFile(fileName(path), label, this.artifacts.openRun(runId, path));
		}
		String key = (uri != null) ? ArtifactUris.keyOf(uri) : null;
		if (key == null && uri != null && uri.startsWith("http") && uri.contains(PROXY_PATH)) {
			key = URLDecoder.decode(uri.substring(uri.indexOf(PROXY_PATH) + PROXY_PATH.length()),
					StandardCharsets.UTF_8);
		}
		if (key == null || key.isEmpty()) {
			throw notStored(source, "its source is not an artifact this server stores");
		}
		return new DatasetFile(fileName(key), label, this.artifacts.download(key));
	}

	/**
	 * The {@code uri} or {@code url} of a source, or the source itself when it is a URI.
	 */
	private static String uri(String source) {
		if (source == null) {
			return null;
		}
		String text = source.strip();
		if (text.startsWith("{")) {
			try {
				JsonNode json = JSON.readTree(text);
				JsonNode value = json.has("uri") ? json.get("uri") : json.get("url");
				return (value != null && value.isString()) ? value.asString() : null;
			}
			catch (RuntimeException ex) {
				return null;
			}
		}
		return text;
	}

	private static String fileName(String path) {
		int slash = path.lastIndexOf('/');
		return (slash >= 0) ? path.substring(slash + 1) : path;
	}

	private static SlipwayException notStored(TrackingLineage.DatasetSource source, String why) {
		return new SlipwayException(ErrorCode.INVALID_ARGUMENT,
				"Dataset '" + source.name() + "' (source type " + source.sourceType() + ") cannot be read: " + why);
	}

}
