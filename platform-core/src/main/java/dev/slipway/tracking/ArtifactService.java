package dev.slipway.tracking;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.storage.ArtifactNotFoundException;
import dev.slipway.storage.ArtifactStore;
import dev.slipway.storage.ListEntry;
import dev.slipway.storage.ListPage;
import dev.slipway.storage.ObjectInfo;
import dev.slipway.storage.SourceUris;
import dev.slipway.storage.StoredObject;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/**
 * MLflow's artifact proxy over the artifact store: uploads and downloads stream, listings
 * are bounded. Paths are store keys ({@code <experiment>/<run>/artifacts/...}); the store
 * rejects any that could escape.
 */
@Service
public class ArtifactService {

	/** Most entries one listing returns; MLflow's listing has no paging of its own. */
	public static final int MAX_LISTING = 10_000;

	private final ArtifactStore store;

	private final RunService runs;

	private final LoggedModelService models;

	ArtifactService(ArtifactStore store, RunService runs, LoggedModelService models) {
		this.store = store;
		this.runs = runs;
		this.models = models;
	}

	/** An open artifact: its size and a stream the caller must close. */
	public record Download(long size, InputStream content) {
	}

	/** Stores one file, streaming; replaces an existing one. */
	@PreAuthorize("@trackingAccess.artifactPath(#path, 'EDIT')")
	public StoredObject upload(String path, InputStream content, long size) {
		return this.store.put(requirePath(path), content, size);
	}

	/** Opens one file. */
	@PreAuthorize("@trackingAccess.artifactPath(#path, 'READ')")
	public Download download(String path) {
		String key = requirePath(path);
		ObjectInfo info = this.store.stat(key).orElseThrow(() -> notFound(path));
		try {
			return new Download(info.size(), this.store.get(key));
		}
		catch (ArtifactNotFoundException ex) {
			throw notFound(path);
		}
	}

	/**
	 * One folder level of the proxy, entries named by their base name (MLflow's proxy
	 * form).
	 */
	@PreAuthorize("@trackingAccess.artifactPath(#path, 'READ')")
	public List<ArtifactFile> list(String path) {
		String prefix = (path == null) ? "" : trimSlashes(path);
		List<ArtifactFile> files = new ArrayList<>();
		for (ListEntry entry : listAll(prefix)) {
			String name = entry.path().substring(entry.path().lastIndexOf('/') + 1);
			files.add(new ArtifactFile(name, entry.directory(), entry.directory() ? null : entry.size()));
		}
		return files;
	}

	/** Deletes a file or a whole folder. */
	@PreAuthorize("@trackingAccess.artifactPath(#path, 'MANAGE')")
	public void delete(String path) {
		String key = requirePath(path);
		if (this.store.stat(key).isPresent()) {
			this.store.delete(key);
		}
		else {
			this.store.deletePrefix(key);
		}
	}

	/**
	 * One folder level of a run's artifacts (the tracking API's {@code artifacts/list}):
	 * the run's root URI and entries with paths relative to it.
	 */
	@PreAuthorize("@trackingAccess.run(#runId, 'READ')")
	public Listing listRun(String runId, String path) {
		return listBelow(this.runs.get(runId).info().artifactUri(), path);
	}

	/**
	 * One folder level of a run's artifacts for browsing, the folder named relative to
	 * the run's root; paths that would leave the root are refused.
	 */
	@PreAuthorize("@trackingAccess.run(#runId, 'READ')")
	public Listing browseRun(String runId, String path) {
		String relative = (path == null || trimSlashes(path).isEmpty()) ? null : requireRelative(path);
		return listBelow(this.runs.get(runId).info().artifactUri(), relative);
	}

	/**
	 * Opens one file of a run's artifacts by its path relative to the run's artifact
	 * root; paths that would leave the root ({@code ..}, absolute, backslashes) are
	 * refused.
	 */
	@PreAuthorize("@trackingAccess.run(#runId, 'READ')")
	public Download openRun(String runId, String path) {
		String root = ArtifactUris.keyOf(this.runs.get(runId).info().artifactUri());
		if (root == null) {
			throw new SlipwayException(ErrorCode.NOT_FOUND, "The run's artifacts are not stored on this server");
		}
		return download(root + "/" + requireRelative(path));
	}

	/**
	 * Opens one file of a logged model's artifacts by its path relative to the model's
	 * artifact root; paths that would leave the root are refused.
	 */
	@PreAuthorize("@trackingAccess.loggedModel(#modelId, 'READ')")
	public Download openModel(String modelId, String path) {
		String root = ArtifactUris.keyOf(this.models.get(modelId, false).artifactUri());
		if (root == null) {
			throw new SlipwayException(ErrorCode.NOT_FOUND,
					"The logged model's artifacts are not stored on this server");
		}
		return download(root + "/" + requireRelative(path));
	}

	/**
	 * A path relative to an artifact root, without leading or trailing slashes; refuses
	 * anything that could name a file outside the root.
	 */
	static String requireRelative(String path) {
		String relative = requirePath(path);
		// Also refused when only decoding reveals it: a path is checked as a store may
		// read it.
		if (relative.contains("\\") || relative.indexOf('\0') >= 0 || SourceUris.problem(relative).isPresent()) {
			throw SlipwayException.invalidArgument("path", "must be a relative artifact path");
		}
		for (String segment : relative.split("/", -1)) {
			if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
				throw SlipwayException.invalidArgument("path", "must be a relative artifact path");
			}
		}
		return relative;
	}

	/**
	 * One folder level of a logged model's artifacts, paths relative to the model's root.
	 */
	@PreAuthorize("@trackingAccess.loggedModel(#modelId, 'READ')")
	public Listing listModel(String modelId, String path) {
		return listBelow(this.models.get(modelId, false).artifactUri(), path);
	}

	private Listing listBelow(String rootUri, String path) {
		String root = ArtifactUris.keyOf(rootUri);
		String relative = (path == null) ? "" : trimSlashes(path);
		List<ArtifactFile> files = new ArrayList<>();
		if (root != null) {
			String prefix = relative.isEmpty() ? root : root + "/" + relative;
			for (ListEntry entry : listAll(prefix)) {
				String below = entry.path().substring(root.length() + 1);
				files.add(new ArtifactFile(below, entry.directory(), entry.directory() ? null : entry.size()));
			}
		}
		return new Listing(rootUri, files);
	}

	/**
	 * An artifact listing of a run or a logged model.
	 *
	 * @param rootUri the artifact root URI
	 * @param files entries, paths relative to the root
	 */
	public record Listing(String rootUri, List<ArtifactFile> files) {
	}

	private List<ListEntry> listAll(String prefix) {
		List<ListEntry> entries = new ArrayList<>();
		String token = null;
		do {
			ListPage page = this.store.list(prefix, token, ArtifactStore.MAX_PAGE_SIZE);
			entries.addAll(page.entries());
			token = page.nextPageToken();
		}
		while (token != null && entries.size() < MAX_LISTING);
		return (entries.size() > MAX_LISTING) ? entries.subList(0, MAX_LISTING) : entries;
	}

	private static String requirePath(String path) {
		String key = (path == null) ? "" : trimSlashes(path);
		if (key.isEmpty()) {
			throw SlipwayException.invalidArgument("path", "an artifact path is required");
		}
		return key;
	}

	private static String trimSlashes(String path) {
		int start = 0;
		int end = path.length();
		while (start < end && path.charAt(start) == '/') {
			start++;
		}
		while (end > start && path.charAt(end - 1) == '/') {
			end--;
		}
		return path.substring(start, end);
	}

	private static SlipwayException notFound(String path) {
		return new SlipwayException(ErrorCode.NOT_FOUND, "Artifact '" + path + "' does not exist");
	}

}
