package dev.slipway.serving;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads a local model folder into a {@link ModelPackage}: the {@code MLmodel} file and
 * its signature, or a folder holding exactly one {@code .onnx} file and nothing that says
 * otherwise.
 */
final class ModelPackages {

	/** The largest {@code MLmodel} file read; real ones are a few kilobytes. */
	static final long MAX_MLMODEL_BYTES = 1024 * 1024;

	static final String MLMODEL = "MLmodel";

	private ModelPackages() {
	}

	/**
	 * The package in the folder.
	 * @throws SlipwayException {@code INVALID_ARGUMENT} when the folder holds neither an
	 * {@code MLmodel} file nor exactly one {@code .onnx} file, or the {@code MLmodel}
	 * file is too large or not valid
	 */
	static ModelPackage read(String model, int version, Path directory) {
		Path mlmodel = directory.resolve(MLMODEL);
		if (Files.isRegularFile(mlmodel)) {
			Map<String, Object> parsed = parseMlmodel(mlmodel);
			return new ModelPackage(model, version, directory, parsed, signature(parsed.get("signature")));
		}
		if (onnxFiles(directory).size() == 1) {
			return new ModelPackage(model, version, directory, Map.of(), ModelSignature.NONE);
		}
		throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
				"Model '" + model + "' version " + version + " has no MLmodel file and not exactly one .onnx file");
	}

	/** The {@code .onnx} files directly in the folder, sorted by name. */
	static List<Path> onnxFiles(Path directory) {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((f) -> f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx"))
				.filter(Files::isRegularFile)
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new SlipwayException(ErrorCode.SERVICE_UNAVAILABLE, "The model's files cannot be listed");
		}
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> parseMlmodel(Path file) {
		byte[] bytes;
		try (InputStream in = Files.newInputStream(file)) {
			bytes = in.readNBytes((int) MAX_MLMODEL_BYTES + 1);
		}
		catch (IOException ex) {
			throw new SlipwayException(ErrorCode.SERVICE_UNAVAILABLE, "The model's MLmodel file cannot be read");
		}
		if (bytes.length > MAX_MLMODEL_BYTES) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
					"The MLmodel file is larger than " + MAX_MLMODEL_BYTES + " bytes");
		}
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		options.setAllowRecursiveKeys(false);
		// A few aliases at most: an alias bomb must not cost more than the file's size.
		options.setMaxAliasesForCollections(10);
		options.setCodePointLimit((int) MAX_MLMODEL_BYTES);
		options.setNestingDepthLimit(32);
		options.setTagInspector((tag) -> false);
		try {
			Object root = new Yaml(new SafeConstructor(options)).load(new String(bytes, StandardCharsets.UTF_8));
			if (!(root instanceof Map<?, ?> map)) {
				throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, "The MLmodel file is not a YAML mapping");
			}
			// Map.copyOf in ModelPackage refuses null values, which MLmodel files have
			// (code: null); drop them at the top level, and keep nested maps as they
			// came.
			Map<String, Object> result = new LinkedHashMap<>();
			((Map<Object, Object>) map).forEach((key, value) -> {
				if (key != null && value != null) {
					result.put(key.toString(), value);
				}
			});
			return result;
		}
		catch (YAMLException ex) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, "The MLmodel file is not valid YAML");
		}
	}

	/**
	 * The signature from the {@code MLmodel} {@code signature} entry, whose inputs and
	 * outputs are JSON strings.
	 */
	static ModelSignature signature(Object signature) {
		if (!(signature instanceof Map<?, ?> map)) {
			return ModelSignature.NONE;
		}
		List<ModelSignature.Field> inputs = new ArrayList<>();
		boolean tensorBased = fields(map.get("inputs"), "inputs", inputs);
		List<ModelSignature.Field> outputs = new ArrayList<>();
		fields(map.get("outputs"), "outputs", outputs);
		return new ModelSignature(inputs, outputs, tensorBased);
	}

	/** Adds the fields in the JSON text to the list; answers whether they are tensors. */
	private static boolean fields(Object json, String what, List<ModelSignature.Field> into) {
		if (!(json instanceof String text) || text.isBlank()) {
			return false;
		}
		JsonNode specs;
		try {
			specs = ServingJson.JSON.readTree(text);
		}
		catch (JacksonException ex) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, "The MLmodel signature's " + what + " are not JSON");
		}
		if (!specs.isArray()) {
			throw new SlipwayException(ErrorCode.INVALID_ARGUMENT,
					"The MLmodel signature's " + what + " are not a JSON list");
		}
		boolean tensors = false;
		for (JsonNode spec : specs) {
			String type = spec.path("type").asString("");
			String name = spec.hasNonNull("name") ? spec.get("name").asString() : null;
			boolean required = spec.path("required").asBoolean(true);
			if ("tensor".equals(type)) {
				tensors = true;
				JsonNode tensorSpec = spec.path("tensor-spec");
				List<Long> shape = new ArrayList<>();
				for (JsonNode dim : tensorSpec.path("shape")) {
					shape.add(dim.asLong());
				}
				into.add(new ModelSignature.Field(name, datatype(tensorSpec.path("dtype").asString("")), shape,
						required));
			}
			else {
				into.add(new ModelSignature.Field(name, type, List.of(), required));
			}
		}
		return tensors;
	}

	/**
	 * The Open Inference Protocol datatype of a numpy dtype name ({@code float32} →
	 * {@code FP32}); {@code BYTES} for strings, bytes and objects.
	 */
	static String datatype(String numpyDtype) {
		return switch (numpyDtype) {
			case "float16" -> "FP16";
			case "float32" -> "FP32";
			case "float64" -> "FP64";
			case "int8" -> "INT8";
			case "int16" -> "INT16";
			case "int32" -> "INT32";
			case "int64" -> "INT64";
			case "uint8" -> "UINT8";
			case "uint16" -> "UINT16";
			case "uint32" -> "UINT32";
			case "uint64" -> "UINT64";
			case "bool" -> "BOOL";
			default -> "BYTES";
		};
	}

}
