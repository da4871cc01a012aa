package dev.slipway.tracking.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import dev.slipway.tracking.ArtifactFile;
import dev.slipway.tracking.ArtifactService;

/**
 * One folder of a run's artifacts as the pages show it: folders first, then files, with
 * the trail of folders above.
 *
 * @param folder the folder's path relative to the run's root, empty for the root
 * @param crumbs the folders from the root down to this one
 * @param entries the folder's entries
 */
record ArtifactPreviewListing(String folder, List<Crumb> crumbs, List<Entry> entries) {

	static ArtifactPreviewListing of(ArtifactService.Listing listing, String folder) {
		List<Entry> entries = listing.files()
			.stream()
			.sorted(Comparator.comparing((ArtifactFile file) -> !file.isDir()).thenComparing(ArtifactFile::path))
			.map((file) -> new Entry(file.path().substring(file.path().lastIndexOf('/') + 1), file.path(), file.isDir(),
					file.isDir() ? "" : size(file.fileSize())))
			.toList();
		return new ArtifactPreviewListing(folder, crumbs(folder), entries);
	}

	/** The folders from the root to {@code folder}, each with its path. */
	static List<Crumb> crumbs(String folder) {
		List<Crumb> crumbs = new ArrayList<>();
		if (folder == null || folder.isEmpty()) {
			return crumbs;
		}
		String path = "";
		for (String name : folder.split("/")) {
			path = path.isEmpty() ? name : path + "/" + name;
			crumbs.add(new Crumb(name, path));
		}
		return crumbs;
	}

	/** The folder holding {@code path}, empty for the root. */
	static String parentOf(String path) {
		int slash = path.lastIndexOf('/');
		return (slash < 0) ? "" : path.substring(0, slash);
	}

	static String size(Long bytes) {
		if (bytes == null) {
			return "";
		}
		if (bytes < 1024) {
			return bytes + " B";
		}
		String[] units = { "KB", "MB", "GB", "TB" };
		double value = bytes;
		int unit = -1;
		while (value >= 1024 && unit < units.length - 1) {
			value /= 1024;
			unit++;
		}
		return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
	}

	/**
	 * A folder above the one shown.
	 *
	 * @param name its name
	 * @param path its path relative to the run's root
	 */
	record Crumb(String name, String path) {
	}

	/**
	 * A file or folder.
	 *
	 * @param name its name
	 * @param path its path relative to the run's root
	 * @param dir whether it is a folder
	 * @param size its size as text, empty for folders
	 */
	record Entry(String name, String path, boolean dir, String size) {
	}

}
