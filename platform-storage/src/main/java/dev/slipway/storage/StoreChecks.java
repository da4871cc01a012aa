package dev.slipway.storage;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * Argument checks and messages shared by the stores, so both word failures alike.
 */
final class StoreChecks {

	private StoreChecks() {
	}

	static void checkRange(String key, long offset, long length) {
		if (offset < 0) {
			throw new InvalidArtifactRequestException("offset must not be negative, was " + offset + " for " + key);
		}
		if (length < -1) {
			throw new InvalidArtifactRequestException(
					"length must be -1 (to the end) or at least 0, was " + length + " for " + key);
		}
	}

	static InvalidArtifactRequestException beyondEnd(String key, long offset, long size) {
		return new InvalidArtifactRequestException(
				"offset " + offset + " is beyond the end of " + key + " (" + size + " bytes)");
	}

	static String displayPrefix(String folder) {
		return folder.isEmpty() ? "the root folder" : folder;
	}

	/**
	 * Say why an I/O operation failed in words rather than as a class name.
	 */
	static String reason(IOException ex) {
		if (ex instanceof FileSystemException fileSystem) {
			String reason = (fileSystem.getReason() != null) ? fileSystem.getReason() : describeType(ex);
			return (fileSystem.getFile() != null) ? fileSystem.getFile() + ": " + reason : reason;
		}
		return (ex.getMessage() != null) ? ex.getMessage() : describeType(ex);
	}

	private static String describeType(IOException ex) {
		// NoSuchFileException -> "no such file", FileAlreadyExistsException ->
		// "file already exists"
		String name = ex.getClass().getSimpleName().replaceFirst("Exception$", "");
		return name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
	}

}
