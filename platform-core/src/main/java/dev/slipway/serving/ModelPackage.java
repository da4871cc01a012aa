package dev.slipway.serving;

import java.nio.file.Path;
import java.util.Map;

/**
 * A registered model version's files on this machine, ready to load: the folder holding
 * its {@code MLmodel} file (or a bare {@code .onnx} file), the parsed {@code MLmodel} and
 * its signature.
 *
 * @param model the registered model's name
 * @param version the version number
 * @param directory the local folder with the version's files
 * @param mlmodel the {@code MLmodel} file as parsed YAML, empty when there is none
 * @param signature the declared signature, {@link ModelSignature#NONE} when none
 */
public record ModelPackage(String model, int version, Path directory, Map<String, Object> mlmodel,
		ModelSignature signature) {

	public ModelPackage {
		mlmodel = (mlmodel != null) ? Map.copyOf(mlmodel) : Map.of();
	}

	/** The flavors the {@code MLmodel} file names, by flavor name. */
	@SuppressWarnings("unchecked")
	public Map<String, Object> flavors() {
		Object flavors = this.mlmodel.get("flavors");
		return (flavors instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

}
