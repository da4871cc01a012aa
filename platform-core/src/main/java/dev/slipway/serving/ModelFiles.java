package dev.slipway.serving;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.stream.Stream;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.storage.ArtifactStore;
import dev.slipway.storage.ArtifactStoreException;
import dev.slipway.storage.ListEntry;
import dev.slipway.storage.ListPage;
import dev.slipway.system.SlipwayProperties;
import dev.slipway.tracking.ArtifactUris;
import dev.slipway.tracking.TrackingLineage;

import org.springframework.stereotype.Component;

/**
 * Copies a model version's files from the artifact store to this replica's disk
 * ({@code <data-dir>/serving/models}), once: a folder complete on disk is reused, a
 * partial one is never seen (files land in a temporary folder renamed at the end). The
 * total size is bounded by {@code slipway.serving.max-model-size}.
 */
@Component
class ModelFiles {

	private final ArtifactStore store;

	private final TrackingLineage tracking;

	private final ServingSettings settings;

	private final Path root;

	ModelFiles(ArtifactStore store, TrackingLineage tracking, ServingSettings settings, SlipwayProperties properties) {
		this.store = store;
		this.tracking = tracking;
		this.settings = settings;
		this.root = properties.dataDir().resolve("serving").resolve("models").toAbsolutePath().normalize();
	}

	/**
	 * The local folder of a version's files.
	 * @param modelId the registered model's id (folders are named by id: names change)
	 * @param version the version number
	 * @param downloadUri where its files are ({@code mlflow-artifacts:/}, {@code runs:/})
	 */
	Path fetch(long modelId, int version, String downloadUri) {
		String prefix = keyOf(downloadUri);
		Path target = this.root.resolve(modelId + "-" + version + "-" + Integer.toHexString(prefix.hashCode()));
		if (Files.isDirectory(target)) {
			return target;
		}
		Path temporary = this.root.resolve(".partial-" + target.getFileName() + "-" + System.nanoTime());
		try {
			Files.createDirectories(temporary);
			long total = copy(prefix, temporary);
			if (total < 0) {
				throw new SlipwayException(ErrorCode.INVALID_STATE,
						"Version " + version + " has no files under " + downloadUri);
			}
			try {
				Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (IOException ex) {
				// Another thread or replica sharing the folder finished first.
				if (!Files.isDirectory(target)) {
					throw ex;
				}
			}
			return target;
		}
		catch (IOException ex) {
			throw new SlipwayException(ErrorCode.SERVICE_UNAVAILABLE,
					"Could not copy the model's files to " + this.root + ": " + ex.getMessage());
		}
		catch (ArtifactStoreException ex) {
			throw new SlipwayException(ErrorCode.SERVICE_UNAVAILABLE,
					"Could not read the model's files from the artifact store: " + ex.getMessage());
		}
		finally {
			delete(temporary);
		}
	}

	private String keyOf(String downloadUri) {
		String key = ArtifactUris.keyOf(downloadUri);
		if (key == null && downloadUri != null && downloadUri.startsWith("runs:/")) {
			String rest = downloadUri.substring("runs:/".length());
			int slash = rest.indexOf('/');
			String runId = (slash < 0) ? rest : rest.substring(0, slash);
			String path = (slash < 0) ? "" : rest.substring(slash + 1);
			String runRoot = this.tracking.runArtifactUri(runId).map(ArtifactUris::keyOf).orElse(null);
			if (runRoot != null) {
				key = path.isEmpty() ? runRoot : ArtifactUris.child(runRoot, path);
			}
		}
		if (key == null || key.isEmpty()) {
			throw SlipwayException.invalidArgument("version", "its files (" + downloadUri
					+ ") are not stored on this server; serve it from where it runs with the runtime external");
		}
		return key;
	}

	/** Copies every file under {@code prefix}; -1 when there was none. */
	private long copy(String prefix, Path folder) throws IOException {
		long total = 0;
		int files = 0;
		Deque<String> pending = new ArrayDeque<>();
		pending.push(prefix);
		while (!pending.isEmpty()) {
			String current = pending.pop();
			String token = null;
			do {
				ListPage page = this.store.list(current, token, ArtifactStore.MAX_PAGE_SIZE);
				for (ListEntry entry : page.entries()) {
					if (entry.directory()) {
						pending.push(entry.path());
						continue;
					}
					String relative = entry.path().substring(prefix.length()).replaceFirst("^/+", "");
					Path file = folder.resolve(relative).normalize();
					if (!file.startsWith(folder)) {
						continue;
					}
					total += entry.size();
					if (total > this.settings.maxModelSize().toBytes()) {
						throw new SlipwayException(ErrorCode.INVALID_STATE, "The model's files are larger than "
								+ this.settings.maxModelSize() + " (SLIPWAY_SERVING_MAX_MODEL_SIZE)");
					}
					Files.createDirectories(file.getParent());
					try (InputStream content = this.store.get(entry.path())) {
						Files.copy(content, file, StandardCopyOption.REPLACE_EXISTING);
					}
					files++;
				}
				token = page.nextPageToken();
			}
			while (token != null);
		}
		return (files == 0) ? -1 : total;
	}

	private static void delete(Path folder) {
		if (!Files.exists(folder)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(folder)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
