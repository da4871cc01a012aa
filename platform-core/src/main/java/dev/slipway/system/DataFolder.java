package dev.slipway.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Creates the folders Slipway keeps its embedded data in, failing with the setting to
 * fix.
 */
final class DataFolder {

	static final String SETTING = "SLIPWAY_DATA_DIR";

	private DataFolder() {
	}

	/** Makes sure {@code folder} exists and is writable, creating it and its parents. */
	static Path ensure(Path folder, String setting) {
		Path absolute = folder.toAbsolutePath().normalize();
		try {
			Files.createDirectories(absolute);
		}
		catch (IOException ex) {
			throw new InvalidSettingException(setting, "cannot create folder " + absolute + " ("
					+ ex.getClass().getSimpleName().replace("Exception", "") + ")");
		}
		if (!Files.isWritable(absolute)) {
			throw new InvalidSettingException(setting, "folder " + absolute + " is not writable");
		}
		return absolute;
	}

}
