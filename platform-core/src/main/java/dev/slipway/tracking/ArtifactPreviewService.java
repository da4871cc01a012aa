package dev.slipway.tracking;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.slipway.tracking.ArtifactPreview.Kind;

import org.springframework.stereotype.Service;

/**
 * Previews of run artifacts for the web pages: each reads at most
 * {@link ArtifactPreview#MAX_BYTES} of the file, whatever its size. Authorization is the
 * artifact service's.
 */
@Service
public class ArtifactPreviewService {

	private static final Map<String, String> IMAGE_TYPES = Map.of("png", "image/png", "jpg", "image/jpeg", "jpeg",
			"image/jpeg", "gif", "image/gif", "svg", "image/svg+xml", "webp", "image/webp");

	private static final List<String> TEXT_EXTENSIONS = List.of("txt", "log", "py", "md", "sh", "cfg", "ini", "toml",
			"xml", "html", "r", "sql", "java", "js", "ts", "requirements", "lock", "properties", "out", "err");

	private final ArtifactService artifacts;

	ArtifactPreviewService(ArtifactService artifacts) {
		this.artifacts = artifacts;
	}

	/** The preview of one file of a run's artifacts. */
	public ArtifactPreview preview(String runId, String path) {
		String relative = ArtifactService.requireRelative(path);
		Kind kind = kindOf(relative);
		ArtifactService.Download download = this.artifacts.openRun(runId, relative);
		if (kind == Kind.IMAGE) {
			close(download);
			return new ArtifactPreview(relative, kind, download.size(), null, List.of(), List.of(), false);
		}
		byte[] head = readHead(download);
		boolean truncated = download.size() > head.length;
		String text = decode(head, truncated);
		if (text == null) {
			return new ArtifactPreview(relative, Kind.BINARY, download.size(), null, List.of(), List.of(), false);
		}
		return switch (kind) {
			case JSON -> new ArtifactPreview(relative, kind, download.size(),
					truncated ? text : ArtifactPreviewJson.pretty(text), List.of(), List.of(), truncated);
			case TABLE -> table(relative, download.size(), text, truncated);
			case MLMODEL ->
				new ArtifactPreview(relative, kind, download.size(), text, List.of(), flavors(text), truncated);
			default -> new ArtifactPreview(relative, (kind == Kind.BINARY) ? Kind.TEXT : kind, download.size(), text,
					List.of(), List.of(), truncated);
		};
	}

	/** The content type an image is served with, or null for a file that is no image. */
	public static String imageType(String path) {
		return IMAGE_TYPES.get(extension(path));
	}

	/** How a file is shown, judged by its name. */
	static Kind kindOf(String path) {
		String name = path.substring(path.lastIndexOf('/') + 1);
		if (name.equals("MLmodel")) {
			return Kind.MLMODEL;
		}
		String extension = extension(name);
		if (IMAGE_TYPES.containsKey(extension)) {
			return Kind.IMAGE;
		}
		return switch (extension) {
			case "json", "jsonl" -> extension.equals("json") ? Kind.JSON : Kind.TEXT;
			case "yaml", "yml" -> Kind.YAML;
			case "csv", "tsv" -> Kind.TABLE;
			default -> TEXT_EXTENSIONS.contains(extension) || name.indexOf('.') < 0 ? Kind.TEXT : Kind.BINARY;
		};
	}

	private static String extension(String path) {
		String name = path.substring(path.lastIndexOf('/') + 1);
		int dot = name.lastIndexOf('.');
		return (dot < 0) ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
	}

	private static byte[] readHead(ArtifactService.Download download) {
		try (InputStream in = download.content()) {
			return in.readNBytes(ArtifactPreview.MAX_BYTES);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void close(ArtifactService.Download download) {
		try {
			download.content().close();
		}
		catch (IOException ex) {
			// Nothing was read; a failed close loses nothing.
		}
	}

	/**
	 * UTF-8 text, or null for binary content; a read cut short may have split the last
	 * character, which is dropped.
	 */
	static String decode(byte[] bytes, boolean truncated) {
		int length = bytes.length;
		for (int i = 0; i < length; i++) {
			if (bytes[i] == 0) {
				return null;
			}
		}
		if (truncated) {
			// Step back over an incomplete trailing UTF-8 sequence.
			int back = 0;
			while (back < 3 && length - back - 1 >= 0 && (bytes[length - back - 1] & 0xC0) == 0x80) {
				back++;
			}
			if (length - back - 1 >= 0 && (bytes[length - back - 1] & 0x80) != 0) {
				length = length - back - 1;
			}
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes, 0, length))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	static ArtifactPreview table(String path, long size, String text, boolean truncated) {
		char separator = extension(path).equals("tsv") ? '\t' : ',';
		List<List<String>> rows = new ArrayList<>();
		List<String> row = new ArrayList<>();
		StringBuilder cell = new StringBuilder();
		boolean quoted = false;
		int i = 0;
		while (i < text.length() && rows.size() < ArtifactPreview.MAX_ROWS) {
			char c = text.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
					cell.append('"');
					i++;
				}
				else if (c == '"') {
					quoted = false;
				}
				else {
					cell.append(c);
				}
			}
			else if (c == '"' && cell.isEmpty()) {
				quoted = true;
			}
			else if (c == separator) {
				row.add(cell.toString());
				cell.setLength(0);
			}
			else if (c == '\n' || c == '\r') {
				if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
					i++;
				}
				row.add(cell.toString());
				cell.setLength(0);
				rows.add(row);
				row = new ArrayList<>();
			}
			else {
				cell.append(c);
			}
			i++;
		}
		boolean more = i < text.length();
		if (!more && (!cell.isEmpty() || !row.isEmpty()) && rows.size() < ArtifactPreview.MAX_ROWS) {
			row.add(cell.toString());
			rows.add(row);
		}
		return new ArtifactPreview(path, Kind.TABLE, size, null, rows, List.of(), truncated || more);
	}

	/** The keys directly below the top-level {@code flavors:} of an MLmodel file. */
	static List<String> flavors(String yaml) {
		List<String> flavors = new ArrayList<>();
		boolean inFlavors = false;
		int indent = -1;
		for (String line : yaml.split("\\R")) {
			if (line.isBlank() || line.trim().startsWith("#")) {
				continue;
			}
			int lead = line.length() - line.stripLeading().length();
			if (lead == 0) {
				inFlavors = line.startsWith("flavors:");
				indent = -1;
				continue;
			}
			if (inFlavors) {
				if (indent < 0) {
					indent = lead;
				}
				if (lead == indent) {
					String key = line.trim();
					int colon = key.indexOf(':');
					if (colon > 0) {
						flavors.add(key.substring(0, colon));
					}
				}
			}
		}
		return flavors;
	}

}
