package dev.slipway.serving;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelPackagesTest {

	@Test
	void readsAColumnBasedSignatureFromMlflowsMlmodel() {
		ModelPackage model = ServingFixtures.modelPackage("lr_plain");

		assertThat(model.model()).isEqualTo("lr_plain");
		assertThat(model.flavors()).containsKeys("onnx", "python_function");
		ModelSignature signature = model.signature();
		assertThat(signature.tensorBased()).isFalse();
		assertThat(signature.inputs()).extracting(ModelSignature.Field::name)
			.containsExactly("sepal_length", "sepal_width", "petal_length", "petal_width");
		assertThat(signature.inputs()).allSatisfy((f) -> {
			assertThat(f.type()).isEqualTo("double");
			assertThat(f.required()).isTrue();
		});
		assertThat(signature.outputs()).singleElement().satisfies((f) -> {
			assertThat(f.type()).isEqualTo("INT64");
			assertThat(f.shape()).containsExactly(-1L);
		});
	}

	@Test
	void readsATensorBasedSignatureWithNumpyDtypesAsProtocolDatatypes() {
		ModelSignature signature = ServingFixtures.modelPackage("lr_tensor").signature();

		assertThat(signature.tensorBased()).isTrue();
		assertThat(signature.inputs()).singleElement().satisfies((f) -> {
			assertThat(f.name()).isNull();
			assertThat(f.type()).isEqualTo("FP32");
			assertThat(f.shape()).containsExactly(-1L, 4L);
		});
	}

	@Test
	void aFolderWithOneOnnxFileAndNoMlmodelIsAPlainOnnxPackage() {
		ModelPackage model = ServingFixtures.modelPackage("lr_zipmap");

		assertThat(model.mlmodel()).isEmpty();
		assertThat(model.signature()).isEqualTo(ModelSignature.NONE);
	}

	@Test
	void aFolderWithNeitherIsRefused(@TempDir Path dir) throws Exception {
		Files.writeString(dir.resolve("a.onnx"), "x");
		Files.writeString(dir.resolve("b.onnx"), "x");

		assertThatThrownBy(() -> ModelPackages.read("m", 2, dir))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
			.hasMessage("Model 'm' version 2 has no MLmodel file and not exactly one .onnx file");
	}

	@Test
	void anMlmodelOverOneMebibyteIsRefused(@TempDir Path dir) throws Exception {
		Files.writeString(dir.resolve("MLmodel"), "a: '" + "x".repeat(1024 * 1024) + "'\n");

		assertThatThrownBy(() -> ModelPackages.read("m", 1, dir))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
			.hasMessage("The MLmodel file is larger than 1048576 bytes");
	}

	@Test
	void yamlTagsAndBrokenSignaturesAreRefused(@TempDir Path dir) throws Exception {
		Files.writeString(dir.resolve("MLmodel"), "x: !!javax.script.ScriptEngineManager [1]\n");
		assertThatThrownBy(() -> ModelPackages.read("m", 1, dir)).isInstanceOf(SlipwayException.class)
			.hasMessage("The MLmodel file is not valid YAML");

		Files.writeString(dir.resolve("MLmodel"), "signature:\n  inputs: '[{not json'\n");
		assertThatThrownBy(() -> ModelPackages.read("m", 1, dir)).isInstanceOf(SlipwayException.class)
			.hasMessage("The MLmodel signature's inputs are not JSON");
	}

	@Test
	void mapsNumpyDtypes() {
		assertThat(List.of("float32", "float64", "int64", "int32", "uint8", "bool", "str", "object", "bytes"))
			.extracting(ModelPackages::datatype)
			.containsExactly("FP32", "FP64", "INT64", "INT32", "UINT8", "BOOL", "BYTES", "BYTES", "BYTES");
	}

}
