package dev.slipway.pipelines;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;

/** Reads pipeline documents: parse, validate, canonicalize and digest. */
public final class PipelineDefinitions {

	/** Largest accepted document, in bytes of UTF-8. */
	public static final int MAX_BYTES = 256 * 1024;

	private PipelineDefinitions() {
	}

	/**
	 * Parses and validates a YAML or JSON document; refusals are
	 * SlipwayException(ErrorCode.INVALID_ARGUMENT) whose message starts with "line N: "
	 * naming the offending line (1-based) when there is one.
	 */
	public static ParsedPipeline parse(String text) {
		if (text == null || text.isBlank()) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, "the pipeline document is empty");
		}
		// Measured before parsing, so an oversized document costs no parser work.
		int bytes = utf8Length(text);
		if (bytes > MAX_BYTES) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
					"the pipeline document has " + bytes + " bytes, more than the " + MAX_BYTES + " allowed");
		}
		PipelineDefinition definition = DefinitionReader.read(text);
		String canonicalJson = CanonicalJson.write(definition);
		return new ParsedPipeline(definition, canonicalJson, digest(canonicalJson));
	}

	static String digest(String canonicalJson) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonicalJson.getBytes(StandardCharsets.UTF_8));
			return "sha256:" + HexFormat.of().formatHex(hash);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has SHA-256", ex);
		}
	}

	/** The UTF-8 length without encoding the whole text, stopping once past the limit. */
	private static int utf8Length(String text) {
		int bytes = 0;
		for (int i = 0; i < text.length() && bytes <= MAX_BYTES; i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				bytes += 1;
			}
			else if (c < 0x800) {
				bytes += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < text.length()
					&& Character.isLowSurrogate(text.charAt(i + 1))) {
				bytes += 4;
				i++;
			}
			else {
				bytes += 3;
			}
		}
		return bytes;
	}

}
