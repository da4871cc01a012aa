package dev.slipway.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ArtifactStore} in a folder of the local file system (or a mounted volume).
 *
 * <p>
 * Uploads are written to {@value ArtifactKeys#RESERVED_SEGMENT} inside the root and then
 * renamed into place, so readers never see half-written artifacts. Keys that lead outside
 * the root through a symbolic link are refused. Empty folders disappear when their last
 * artifact is deleted, as they would in S3.
 */
public final class LocalArtifactStore implements ArtifactStore {

	private static final Logger logger = LoggerFactory.getLogger(LocalArtifactStore.class);

	private static final int BUFFER_SIZE = 128 * 1024;

	/** Uploads older than this were cut short by a crash: nothing will finish them. */
	private static final Duration STALE_UPLOAD_AGE = Duration.ofDays(1);

	/** A concurrent delete may prune the folder an upload is moving into; retry that. */
	private static final int MOVE_ATTEMPTS = 3;

	private final Path root;

	private final Path uploads;

	/**
	 * Open (and create if needed) a store in {@code root}.
	 * @param root the folder holding the artifacts
	 * @throws ArtifactStoreException if the folder cannot be created or is not a folder
	 */
	public LocalArtifactStore(Path root) {
		Objects.requireNonNull(root, "root");
		try {
			Files.createDirectories(root);
			this.root = root.toRealPath();
			this.uploads = this.root.resolve(ArtifactKeys.RESERVED_SEGMENT);
			Files.createDirectories(this.uploads);
		}
		catch (IOException ex) {
			throw new ArtifactStoreException(
					"cannot use " + root.toAbsolutePath() + " as artifact folder: " + StoreChecks.reason(ex), ex);
		}
		removeStaleUploads();
	}

	@Override
	public StoredObject put(String key, InputStream content, long size) {
		ArtifactKeys.requireValidKey(key);
		UploadStream upload = new UploadStream(content, size, key);
		Path target = path(key);
		Path temp = null;
		try {
			Files.createDirectories(this.uploads);
			temp = Files.createTempFile(this.uploads, "upload-", ".part");
			try (OutputStream out = Files.newOutputStream(temp)) {
				byte[] buffer = new byte[BUFFER_SIZE];
				int read;
				while ((read = upload.read(buffer)) >= 0) {
					out.write(buffer, 0, read);
				}
			}
			moveIntoPlace(temp, target, key);
			return upload.stored();
		}
		catch (IOException ex) {
			deleteQuietly(temp);
			if (upload.failure() != null) {
				throw upload.failure();
			}
			throw failure("cannot store " + key, ex);
		}
		catch (RuntimeException ex) {
			deleteQuietly(temp);
			throw ex;
		}
	}

	@Override
	public InputStream get(String key, long offset, long length) {
		ArtifactKeys.requireValidKey(key);
		StoreChecks.checkRange(key, offset, length);
		Path file = existingFile(key);
		FileChannel channel = null;
		try {
			channel = FileChannel.open(file, StandardOpenOption.READ);
			long size = channel.size();
			if (offset > size) {
				throw StoreChecks.beyondEnd(key, offset, size);
			}
			channel.position(offset);
			long available = size - offset;
			return new RangeInputStream(Channels.newInputStream(channel),
					(length < 0) ? available : Math.min(length, available));
		}
		catch (NoSuchFileException ex) {
			throw new ArtifactNotFoundException(key);
		}
		catch (IOException ex) {
			closeQuietly(channel);
			throw failure("cannot read " + key, ex);
		}
		catch (RuntimeException ex) {
			closeQuietly(channel);
			throw ex;
		}
	}

	@Override
	public Optional<ObjectInfo> stat(String key) {
		ArtifactKeys.requireValidKey(key);
		Path file = path(key);
		try {
			BasicFileAttributes attributes = attributesOrNull(file);
			if (attributes == null || !attributes.isRegularFile()) {
				return Optional.empty();
			}
			checkInsideRoot(file.toRealPath(), key);
			return Optional.of(new ObjectInfo(key, attributes.size(), attributes.lastModifiedTime().toInstant()));
		}
		catch (IOException ex) {
			throw failure("cannot stat " + key, ex);
		}
	}

	@Override
	public ListPage list(String prefix, String pageToken, int pageSize) {
		String folder = ArtifactKeys.normalizePrefix(prefix);
		Listings.checkPageSize(pageSize);
		String after = Listings.decodeToken(pageToken);
		Path directory = folder.isEmpty() ? this.root : path(folder);
		// Only the pageSize + 1 smallest names after the token are kept, so
		// listing a huge folder needs memory for one page, not for the folder.
		NavigableMap<String, Long> smallest = new TreeMap<>(Listings.ORDER);
		try {
			if (!Files.isDirectory(directory)) {
				return new ListPage(List.of(), null);
			}
			checkInsideRoot(directory.toRealPath(), folder);
			try (DirectoryStream<Path> children = Files.newDirectoryStream(directory)) {
				for (Path child : children) {
					String name = child.getFileName().toString();
					if (folder.isEmpty() && name.equals(ArtifactKeys.RESERVED_SEGMENT)) {
						continue;
					}
					if (!ArtifactKeys.isValidSegment(name) || !Listings.isAfter(name + "/", after)
							|| (smallest.size() > pageSize && Listings.ORDER.compare(name, smallest.lastKey()) >= 0)) {
						// Neither as a file nor as a directory could it make
						// the page: skip the stat call.
						continue;
					}
					BasicFileAttributes attributes = attributesOrNull(child);
					if (attributes == null || !(attributes.isDirectory() || attributes.isRegularFile())) {
						continue;
					}
					String rawName = attributes.isDirectory() ? name + "/" : name;
					if (!Listings.isAfter(rawName, after)) {
						continue;
					}
					smallest.put(rawName, attributes.isDirectory() ? 0L : attributes.size());
					if (smallest.size() > pageSize + 1) {
						smallest.pollLastEntry();
					}
				}
			}
		}
		catch (NoSuchFileException ex) {
			return new ListPage(List.of(), null);
		}
		catch (IOException ex) {
			throw failure("cannot list " + StoreChecks.displayPrefix(folder), ex);
		}
		return Listings.page(folder, smallest, pageSize);
	}

	@Override
	public void delete(String key) {
		ArtifactKeys.requireValidKey(key);
		Path file = path(key);
		try {
			if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
				return;
			}
			checkInsideRoot(file.getParent().toRealPath(), key);
			Files.deleteIfExists(file);
			pruneEmptyFolders(file.getParent());
		}
		catch (NoSuchFileException ex) {
			// Deleted concurrently: the outcome the caller asked for.
		}
		catch (IOException ex) {
			throw failure("cannot delete " + key, ex);
		}
	}

	@Override
	public long deletePrefix(String prefix) {
		String folder = ArtifactKeys.normalizePrefix(prefix);
		Path directory = folder.isEmpty() ? this.root : path(folder);
		try {
			if (!Files.isDirectory(directory)) {
				return 0;
			}
			checkInsideRoot(directory.toRealPath(), folder);
			long[] deleted = { 0 };
			Files.walkFileTree(directory, new SimpleFileVisitor<>() {

				@Override
				public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
					return dir.equals(LocalArtifactStore.this.uploads) ? FileVisitResult.SKIP_SUBTREE
							: FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
					if (Files.deleteIfExists(file)) {
						deleted[0]++;
					}
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFileFailed(Path file, IOException ex) throws IOException {
					if (ex instanceof NoSuchFileException) {
						return FileVisitResult.CONTINUE;
					}
					throw ex;
				}

				@Override
				public FileVisitResult postVisitDirectory(Path dir, IOException ex) throws IOException {
					if (ex != null) {
						throw ex;
					}
					if (!dir.equals(LocalArtifactStore.this.root)) {
						deleteEmptyFolder(dir);
					}
					return FileVisitResult.CONTINUE;
				}

			});
			pruneEmptyFolders(directory.getParent());
			return deleted[0];
		}
		catch (IOException ex) {
			throw failure("cannot delete " + StoreChecks.displayPrefix(folder), ex);
		}
	}

	@Override
	public ObjectInfo copy(String sourceKey, String targetKey) {
		ArtifactKeys.requireValidKey(sourceKey);
		ArtifactKeys.requireValidKey(targetKey);
		Path source = existingFile(sourceKey);
		Path temp = null;
		try {
			Files.createDirectories(this.uploads);
			temp = Files.createTempFile(this.uploads, "copy-", ".part");
			Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
			moveIntoPlace(temp, path(targetKey), targetKey);
		}
		catch (NoSuchFileException ex) {
			deleteQuietly(temp);
			if (!Files.exists(source)) {
				throw new ArtifactNotFoundException(sourceKey);
			}
			throw failure("cannot copy " + sourceKey + " to " + targetKey, ex);
		}
		catch (IOException ex) {
			deleteQuietly(temp);
			throw failure("cannot copy " + sourceKey + " to " + targetKey, ex);
		}
		catch (RuntimeException ex) {
			deleteQuietly(temp);
			throw ex;
		}
		// Empty only if a concurrent delete removed the copy already.
		return stat(targetKey).orElseThrow(() -> new ArtifactNotFoundException(targetKey));
	}

	@Override
	public void checkHealth() {
		if (!Files.isDirectory(this.root)) {
			throw new ArtifactStoreException("artifact folder " + this.root + " does not exist");
		}
		if (!Files.isWritable(this.root)) {
			throw new ArtifactStoreException("artifact folder " + this.root + " is not writable");
		}
	}

	@Override
	public String describe() {
		return "local folder " + this.root;
	}

	private Path path(String validKey) {
		return this.root.resolve(validKey);
	}

	/**
	 * Resolve the key of an artifact that must exist.
	 */
	private Path existingFile(String key) {
		Path file = path(key);
		try {
			BasicFileAttributes attributes = attributesOrNull(file);
			if (attributes == null || !attributes.isRegularFile()) {
				throw new ArtifactNotFoundException(key);
			}
			Path real = file.toRealPath();
			checkInsideRoot(real, key);
			return real;
		}
		catch (NoSuchFileException ex) {
			throw new ArtifactNotFoundException(key);
		}
		catch (IOException ex) {
			throw failure("cannot read " + key, ex);
		}
	}

	private void moveIntoPlace(Path temp, Path target, String key) throws IOException {
		for (int attempt = 1;; attempt++) {
			try {
				createFolders(target.getParent(), key);
				try {
					Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
				}
				catch (AtomicMoveNotSupportedException ex) {
					Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
				}
				return;
			}
			catch (NoSuchFileException ex) {
				if (attempt == MOVE_ATTEMPTS || !Files.exists(temp)) {
					throw ex;
				}
			}
		}
	}

	private void createFolders(Path folder, String key) throws IOException {
		// Check the part that exists before creating the rest: creating through
		// a link that leads elsewhere would already have written outside the
		// root.
		Path existing = folder;
		while (!Files.exists(existing)) {
			existing = existing.getParent();
		}
		checkInsideRoot(existing.toRealPath(), key);
		Files.createDirectories(folder);
		checkInsideRoot(folder.toRealPath(), key);
	}

	private void checkInsideRoot(Path realPath, String key) {
		if (!realPath.startsWith(this.root)) {
			throw new ArtifactStoreException(
					"artifact key " + key + " leads outside the artifact folder through a symbolic link");
		}
	}

	private void pruneEmptyFolders(Path folder) {
		Path current = folder;
		while (current != null && !current.equals(this.root) && current.startsWith(this.root)) {
			if (!deleteEmptyFolder(current)) {
				return;
			}
			current = current.getParent();
		}
	}

	/**
	 * Delete a folder if it is empty and not a link.
	 * @return whether the folder is gone
	 */
	private boolean deleteEmptyFolder(Path folder) {
		if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
			return false;
		}
		try {
			Files.delete(folder);
			return true;
		}
		catch (DirectoryNotEmptyException ex) {
			// Something new arrived in it, or it holds entries listings skip:
			// keep it.
			return false;
		}
		catch (NoSuchFileException ex) {
			return true;
		}
		catch (IOException ex) {
			logger.debug("Could not remove empty folder {}", folder, ex);
			return false;
		}
	}

	private void removeStaleUploads() {
		Instant cutoff = Instant.now().minus(STALE_UPLOAD_AGE);
		try (Stream<Path> files = Files.list(this.uploads)) {
			long removed = files.filter((file) -> isOlderThan(file, cutoff)).filter(this::deleteQuietly).count();
			if (removed > 0) {
				logger.info("Removed {} unfinished uploads older than {} from {}", removed, STALE_UPLOAD_AGE,
						this.uploads);
			}
		}
		catch (IOException | UncheckedIOException ex) {
			logger.warn("Could not clean unfinished uploads in {}: {}", this.uploads, ex.toString());
		}
	}

	private static boolean isOlderThan(Path file, Instant cutoff) {
		try {
			return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff);
		}
		catch (IOException ex) {
			return false;
		}
	}

	private boolean deleteQuietly(Path file) {
		if (file == null) {
			return false;
		}
		try {
			return Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			logger.warn("Could not delete {}: {}", file, ex.toString());
			return false;
		}
	}

	private static void closeQuietly(FileChannel channel) {
		if (channel != null) {
			try {
				channel.close();
			}
			catch (IOException ex) {
				// Already failing; the first error is the one to report.
			}
		}
	}

	/**
	 * Read attributes, following links.
	 * @return the attributes, or {@code null} when nothing is there
	 */
	private static BasicFileAttributes attributesOrNull(Path path) throws IOException {
		try {
			return Files.readAttributes(path, BasicFileAttributes.class);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		catch (FileSystemException ex) {
			// "Not a directory" when a parent is a file: the artifact does not
			// exist either.
			if (!Files.exists(path)) {
				return null;
			}
			throw ex;
		}
	}

	private ArtifactStoreException failure(String what, IOException ex) {
		return new ArtifactStoreException(what + " in " + describe() + ": " + StoreChecks.reason(ex), ex);
	}

}
