package dev.slipway.pipelines;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.storage.ArtifactStore;
import dev.slipway.storage.ListEntry;
import dev.slipway.storage.ListPage;
import dev.slipway.storage.ObjectInfo;
import dev.slipway.storage.StoredObject;

import org.springframework.stereotype.Component;

/**
 * Moves step outputs, inputs and logs between an attempt's working folder and the
 * artifact store, under the step's tracking run ({@code outputs/<name>},
 * {@code logs/attempt-<n>/}). Everything is bounded by the output size setting.
 */
@Component
class StepArtifacts {

	/** The most bytes of a {@code value} or {@code metrics} output kept as text. */
	static final int MAX_VALUE_BYTES = 64 * 1024;

	private static final int PAGE = 1000;

	private final ArtifactStore store;

	private final PipelineSettings settings;

	StepArtifacts(ArtifactStore store, PipelineSettings settings) {
		this.store = store;
		this.settings = settings;
	}

	/**
	 * Stores what the step wrote at {@code local} (a file, or a folder of files) under
	 * {@code key}, and describes it.
	 * @throws SlipwayException INVALID_STATE when nothing is there or it is too large
	 */
	StepOutput storeOutput(Path local, String key, String uri, OutputType type) {
		if (!Files.exists(local)) {
			throw new SlipwayException(ErrorCode.INVALID_STATE, "the step wrote nothing at its output path");
		}
		try {
			long limit = this.settings.maxOutputSize().toBytes();
			if (Files.isRegularFile(local)) {
				long size = Files.size(local);
				requireWithin(size, limit);
				StoredObject stored;
				try (InputStream in = Files.newInputStream(local)) {
					stored = this.store.put(key, in, size);
				}
				return new StepOutput(type, uri, "sha256:" + stored.sha256Hex(), size, valueOf(local, type, size));
			}
			List<Path> files;
			try (Stream<Path> walk = Files.walk(local)) {
				files = walk.filter(Files::isRegularFile).sorted().toList();
			}
			long total = 0;
			TreeMap<String, String> digests = new TreeMap<>();
			for (Path file : files) {
				long size = Files.size(file);
				total += size;
				requireWithin(total, limit);
				String relative = local.relativize(file).toString().replace('\\', '/');
				try (InputStream in = Files.newInputStream(file)) {
					digests.put(relative, this.store.put(key + "/" + relative, in, size).sha256Hex());
				}
			}
			StringBuilder manifest = new StringBuilder();
			digests.forEach((path, digest) -> manifest.append(path).append('\0').append(digest).append('\n'));
			return new StepOutput(type, uri, "sha256:" + StepInputs.sha256(manifest.toString()), total, null);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Describes what a step left under {@code key} by itself (the Kubernetes executor's
	 * steps upload their outputs), or empty when nothing is there.
	 */
	Optional<StepOutput> describeStored(String key, String uri, OutputType type) {
		Optional<ObjectInfo> single = this.store.stat(key);
		if (single.isPresent()) {
			String digest;
			String value = null;
			try (InputStream in = this.store.get(key)) {
				byte[] bytes = in.readNBytes((int) Math.min(single.get().size(), 64L * 1024 * 1024));
				digest = "sha256:" + sha256(bytes);
				if ((type == OutputType.VALUE || type == OutputType.METRICS) && bytes.length <= MAX_VALUE_BYTES) {
					value = new String(bytes, StandardCharsets.UTF_8);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return Optional.of(new StepOutput(type, uri, digest, single.get().size(), value));
		}
		List<ListEntry> files = files(key);
		if (files.isEmpty()) {
			return Optional.empty();
		}
		StringBuilder manifest = new StringBuilder();
		long total = 0;
		for (ListEntry file : files) {
			manifest.append(file.path()).append('\0').append(file.size()).append('\n');
			total += file.size();
		}
		return Optional.of(new StepOutput(type, uri, "sha256:" + StepInputs.sha256(manifest.toString()), total, null));
	}

	/** Whether an output stored earlier is still there (a cache hit needs it). */
	boolean exists(String key) {
		return this.store.stat(key).isPresent() || !this.store.list(key, null, 1).entries().isEmpty();
	}

	/**
	 * Copies a stored output into {@code target}: a file, or a folder of its files.
	 */
	void download(String key, Path target) {
		try {
			Files.createDirectories(target.getParent());
			if (this.store.stat(key).isPresent()) {
				try (InputStream in = this.store.get(key)) {
					Files.copy(in, target);
				}
				return;
			}
			long total = 0;
			for (ListEntry file : files(key)) {
				total += file.size();
				requireWithin(total, this.settings.maxOutputSize().toBytes());
				String relative = file.path().substring(key.length() + 1);
				Path local = target.resolve(relative).normalize();
				if (!local.startsWith(target)) {
					continue;
				}
				Files.createDirectories(local.getParent());
				try (InputStream in = this.store.get(file.path())) {
					Files.copy(in, local);
				}
			}
			Files.createDirectories(target);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Stores a log file (at most the log size setting; the rest is cut). */
	void storeLog(Path log, String key) {
		try {
			if (!Files.isRegularFile(log)) {
				return;
			}
			long size = Math.min(Files.size(log), this.settings.maxLogSize().toBytes());
			try (InputStream in = Files.newInputStream(log)) {
				this.store.put(key, new java.io.ByteArrayInputStream(in.readNBytes((int) size)), size);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Stores a log given as text. */
	void storeLogText(String text, String key) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		this.store.put(key, new java.io.ByteArrayInputStream(bytes), bytes.length);
	}

	/**
	 * Reads a stored log from a byte offset, at most {@code maxBytes}; empty when absent.
	 */
	Optional<byte[]> readLog(String key, long offset, int maxBytes) {
		Optional<ObjectInfo> info = this.store.stat(key);
		if (info.isEmpty() || offset >= info.get().size()) {
			return info.map((found) -> new byte[0]);
		}
		try (InputStream in = this.store.get(key, offset, Math.min(maxBytes, info.get().size() - offset))) {
			return Optional.of(in.readAllBytes());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private List<ListEntry> files(String key) {
		List<ListEntry> files = new ArrayList<>();
		List<String> folders = new ArrayList<>(List.of(key));
		while (!folders.isEmpty()) {
			String folder = folders.remove(folders.size() - 1);
			String token = null;
			do {
				ListPage page = this.store.list(folder, token, PAGE);
				for (ListEntry entry : page.entries()) {
					if (entry.directory()) {
						folders.add(entry.path());
					}
					else {
						files.add(entry);
					}
				}
				token = page.nextPageToken();
				if (files.size() > 100_000) {
					throw new SlipwayException(ErrorCode.INVALID_STATE, "an output holds more than 100000 files");
				}
			}
			while (token != null);
		}
		files.sort(java.util.Comparator.comparing(ListEntry::path));
		return files;
	}

	private String valueOf(Path file, OutputType type, long size) throws IOException {
		if ((type == OutputType.VALUE || type == OutputType.METRICS) && size <= MAX_VALUE_BYTES) {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		return null;
	}

	private static void requireWithin(long size, long limit) {
		if (size > limit) {
			throw new SlipwayException(ErrorCode.INVALID_STATE,
					"the output is larger than " + limit + " bytes (slipway.pipelines.max-output-size)");
		}
	}

	private static String sha256(byte[] bytes) {
		try {
			return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
