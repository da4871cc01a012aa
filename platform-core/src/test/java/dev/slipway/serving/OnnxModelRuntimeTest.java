package dev.slipway.serving;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OnnxModelRuntimeTest {

	private final OnnxModelRuntime runtime = new OnnxModelRuntime();

	@Test
	void mlflowOnnxFlavorWithColumnSignatureAgreesWithScikitLearn() {
		JsonNode expected = ServingFixtures.expected("lr_plain");
		try (LoadedModel model = this.runtime.load(ServingFixtures.modelPackage("lr_plain"))) {
			Predictions predictions = model.predict(ModelInput.of(ServingFixtures.frame(expected)));

			assertThat(predictions.rows()).isEqualTo(6);
			assertThat(predictions.outputs()).extracting(Tensor::name).containsExactly("label", "probabilities");
			assertThat(predictions.rowValues()).containsExactlyElementsOf(longs(expected.get("label")));
			Tensor probabilities = predictions.outputs().get(1);
			assertThat(probabilities.datatype()).isEqualTo("FP32");
			assertThat(probabilities.shape()).containsExactly(6L, 3L);
			assertProbabilities(probabilities, expected.get("probabilities"));
		}
	}

	@Test
	void columnsAreTakenInSignatureOrderNotRequestOrder() {
		JsonNode expected = ServingFixtures.expected("lr_plain");
		Frame frame = ServingFixtures.frame(expected);
		List<String> reversed = new ArrayList<>(frame.columns());
		Collections.reverse(reversed);
		List<List<Object>> rows = frame.rows().stream().map((r) -> {
			List<Object> copy = new ArrayList<>(r);
			Collections.reverse(copy);
			return copy;
		}).toList();
		try (LoadedModel model = this.runtime.load(ServingFixtures.modelPackage("lr_plain"))) {
			Predictions predictions = model.predict(ModelInput.of(new Frame(reversed, rows)));

			assertThat(predictions.rowValues()).containsExactlyElementsOf(longs(expected.get("label")));
		}
	}

	@Test
	void zipMapOutputIsAnsweredAsAProbabilityMatrix() {
		JsonNode expected = ServingFixtures.expected("lr_zipmap");
		ModelPackage plainOnnx = ServingFixtures.modelPackage("lr_zipmap");
		assertThat(plainOnnx.mlmodel()).isEmpty();
		assertThat(this.runtime.supports(plainOnnx)).isTrue();
		try (LoadedModel model = this.runtime.load(plainOnnx)) {
			// No signature: the frame's own column order is the feature order.
			Predictions predictions = model.predict(ModelInput.of(ServingFixtures.frame(expected)));

			assertThat(predictions.outputs()).extracting(Tensor::name)
				.containsExactly("output_label", "output_probability");
			assertThat(predictions.rowValues()).containsExactlyElementsOf(longs(expected.get("label")));
			Tensor probabilities = predictions.outputs().get(1);
			assertThat(probabilities.shape()).containsExactly(6L, 3L);
			assertProbabilities(probabilities, expected.get("probabilities"));
			// Without an MLmodel signature the graph's own is reported.
			assertThat(model.signature().tensorBased()).isTrue();
			assertThat(model.signature().inputs()).singleElement()
				.satisfies((f) -> assertThat(f.shape()).containsExactly(-1L, 4L));
		}
	}

	@Test
	void tensorInputIsFedPositionallyToASingleGraphInput() {
		JsonNode expected = ServingFixtures.expected("lr_tensor");
		List<Object> data = new ArrayList<>();
		expected.get("rows").forEach((row) -> row.forEach((v) -> data.add(v.doubleValue())));
		try (LoadedModel model = this.runtime.load(ServingFixtures.modelPackage("lr_tensor"))) {
			Predictions predictions = model
				.predict(ModelInput.of(List.of(new Tensor("anything", "FP64", List.of(6L, 4L), data))));

			assertThat(predictions.rowValues()).containsExactlyElementsOf(longs(expected.get("label")));
			assertProbabilities(predictions.outputs().get(1), expected.get("probabilities"));
		}
	}

	@Test
	void severalGraphInputsTakeOneColumnEachByName() {
		JsonNode expected = ServingFixtures.expected("reg_named");
		try (LoadedModel model = this.runtime.load(ServingFixtures.modelPackage("reg_named"))) {
			Predictions predictions = model.predict(ModelInput.of(ServingFixtures.frame(expected)));

			List<Object> values = predictions.rowValues();
			JsonNode variable = expected.get("variable");
			assertThat(values).hasSize(variable.size());
			for (int i = 0; i < values.size(); i++) {
				assertThat(((Number) values.get(i)).doubleValue()).isCloseTo(variable.get(i).doubleValue(),
						within(1e-4));
			}
		}
	}

	@Test
	void namedColumnTensorsAreReadAsColumnsForAColumnSignature() {
		try (LoadedModel model = this.runtime.load(ServingFixtures.modelPackage("reg_named"))) {
			Predictions fromTensors = model
				.predict(ModelInput.of(List.of(new Tensor("b", "INT64", List.of(2L), List.of(2L, -1L)),
						new Tensor("a", "FP64", List.of(2L), List.of(1.0, 3.0)))));
			Predictions fromFrame = model
				.predict(ModelInput.of(new Frame(List.of("a", "b"), List.of(List.of(1.0, 2L), List.of(3.0, -1L)))));

			assertThat(fromTensors.rowValues()).isEqualTo(fromFrame.rowValues());
		}
	}

	@Test
	void aMissingColumnIsAnInvalidArgumentNamingIt() {
		try (LoadedModel model = this.runtime.load(ServingFixtures.modelPackage("reg_named"))) {
			assertThatThrownBy(() -> model.predict(ModelInput.of(new Frame(List.of("a"), List.of(List.of(1.0))))))
				.isInstanceOfSatisfying(SlipwayException.class,
						(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
				.hasMessage("Missing column 'b' required by the model signature");
		}
	}

	@Test
	void aValueOfTheWrongTypeIsAnInvalidArgumentNamingTheColumn() {
		try (LoadedModel model = this.runtime.load(ServingFixtures.modelPackage("lr_zipmap"))) {
			Frame frame = new Frame(List.of("w", "x", "y", "z"),
					List.of(List.of(1.0, 2.0, 3.0, 4.0), List.of(1.0, "abc", 3.0, 4.0)));

			assertThatThrownBy(() -> model.predict(ModelInput.of(frame)))
				.isInstanceOfSatisfying(SlipwayException.class,
						(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
				.hasMessage("Column 'x' expects float; row 1 has 'abc'");
		}
	}

	@Test
	void aTensorOfTheWrongShapeIsAnInvalidArgumentNamingIt() {
		try (LoadedModel model = this.runtime.load(ServingFixtures.modelPackage("lr_tensor"))) {
			Tensor threeWide = new Tensor("X", "FP32", List.of(1L, 3L), List.of(1.0, 2.0, 3.0));

			assertThatThrownBy(() -> model.predict(ModelInput.of(List.of(threeWide))))
				.isInstanceOfSatisfying(SlipwayException.class,
						(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
				.hasMessage("Tensor 'X' has shape [1,3]; the model takes [-1,4]");
		}
	}

	@Test
	void tooManyColumnsForTheGraphIsAnInvalidArgument() {
		try (LoadedModel model = this.runtime.load(ServingFixtures.modelPackage("lr_zipmap"))) {
			Frame frame = new Frame(List.of("a", "b"), List.of(List.of(1.0, 2.0)));

			assertThatThrownBy(() -> model.predict(ModelInput.of(frame)))
				.isInstanceOfSatisfying(SlipwayException.class,
						(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
				.hasMessageContaining("takes 4 columns");
		}
	}

	@Test
	void anOversizedRequestIsRefusedBeforeItReachesTheModel() {
		OnnxModelRuntime small = new OnnxModelRuntime(1, 8, OnnxModelRuntime.DEFAULT_TIMEOUT);
		try (LoadedModel model = small.load(ServingFixtures.modelPackage("lr_zipmap"))) {
			List<List<Object>> rows = Collections.nCopies(3, List.<Object>of(1.0, 2.0, 3.0, 4.0));

			assertThatThrownBy(() -> model.predict(ModelInput.of(new Frame(List.of("a", "b", "c", "d"), rows))))
				.isInstanceOfSatisfying(SlipwayException.class,
						(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
				.hasMessage("The input has 12 values; one request may send at most 8");
		}
	}

	@Test
	void aModelThatFailsOnAValidInputIsAPredictionFailure() {
		try (LoadedModel model = this.runtime.load(ServingFixtures.modelPackage("first_row"))) {
			Frame twoRows = new Frame(List.of("a", "b"), List.of(List.of(1.0, 2.0), List.of(3.0, 4.0)));
			assertThat(model.predict(ModelInput.of(twoRows)).outputs().get(0).data()).containsExactly(1.0f, 2.0f);

			Frame noRows = new Frame(List.of("a", "b"), List.of());
			assertThatThrownBy(() -> model.predict(ModelInput.of(noRows)))
				.isInstanceOfSatisfying(SlipwayException.class,
						(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.PREDICTION_FAILED))
				.hasMessageStartingWith("Model 'first_row' version 1 failed to predict: ");
		}
	}

	@Test
	void aRunPastItsTimeLimitIsStoppedAsATimeout() {
		OnnxModelRuntime impatient = new OnnxModelRuntime(1, 8, Duration.ofMillis(200));
		try (LoadedModel model = impatient.load(ServingFixtures.modelPackage("slow_loop"))) {
			assertThat(model.predict(ModelInput.of(List.of(scalar(3L)))).outputs().get(0).data()).containsExactly(3.0f);

			long started = System.nanoTime();
			assertThatThrownBy(() -> model.predict(ModelInput.of(List.of(scalar(1_000_000_000_000L)))))
				.isInstanceOfSatisfying(SlipwayException.class,
						(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.PREDICTION_TIMEOUT))
				.hasMessage("Model 'slow_loop' version 1 did not answer within 200 ms");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
		}
	}

	private static Tensor scalar(long n) {
		return new Tensor("n", "INT64", List.of(), List.of(n));
	}

	@Test
	void aClosedModelNoLongerPredicts() {
		LoadedModel model = this.runtime.load(ServingFixtures.modelPackage("lr_plain"));
		Frame frame = ServingFixtures.frame(ServingFixtures.expected("lr_plain"));
		assertThat(model.healthy()).isTrue();

		model.close();
		model.close();

		assertThat(model.healthy()).isFalse();
		assertThatThrownBy(() -> model.predict(ModelInput.of(frame))).isInstanceOfSatisfying(SlipwayException.class,
				(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
	}

	@Test
	void eightThreadsPredictingAtOnceAllGetTheSameAnswer() throws Exception {
		JsonNode expected = ServingFixtures.expected("lr_plain");
		Frame frame = ServingFixtures.frame(expected);
		List<Object> labels = longs(expected.get("label"));
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try (LoadedModel model = this.runtime.load(ServingFixtures.modelPackage("lr_plain"))) {
			List<Future<List<Object>>> answers = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				answers.add(pool.submit(() -> model.predict(ModelInput.of(frame)).rowValues()));
			}
			for (Future<List<Object>> answer : answers) {
				assertThat(answer.get()).isEqualTo(labels);
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void aFileThatIsNotAModelFailsToLoadAsInvalidArgument(@TempDir Path dir) throws Exception {
		Files.writeString(dir.resolve("model.onnx"), "not a model");
		ModelPackage bogus = ModelPackages.read("bogus", 1, dir);

		assertThatThrownBy(() -> this.runtime.load(bogus))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
			.hasMessageStartingWith("Model 'bogus' version 1 cannot be loaded by ONNX Runtime");
	}

	@Test
	void anMlmodelWhoseDataPathLeavesTheFolderIsRefused(@TempDir Path dir) {
		ModelPackage escaping = new ModelPackage("m", 1, dir,
				Map.of("flavors", Map.of("onnx", Map.of("data", "../../etc/model.onnx"))), ModelSignature.NONE);

		assertThat(this.runtime.supports(escaping)).isTrue();
		assertThatThrownBy(() -> this.runtime.load(escaping))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
			.hasMessageContaining("leaves the model folder");
	}

	@Test
	void aPackageWithoutTheOnnxFlavorIsNotSupported(@TempDir Path dir) {
		ModelPackage sklearn = new ModelPackage("m", 1, dir,
				Map.of("flavors", Map.of("sklearn", Map.of("pickled_model", "model.pkl"))), ModelSignature.NONE);

		assertThat(this.runtime.supports(sklearn)).isFalse();
	}

	private static List<Object> longs(JsonNode array) {
		List<Object> values = new ArrayList<>();
		array.forEach((v) -> values.add(v.longValue()));
		return values;
	}

	private static void assertProbabilities(Tensor actual, JsonNode expected) {
		int k = expected.get(0).size();
		for (int r = 0; r < expected.size(); r++) {
			for (int c = 0; c < k; c++) {
				assertThat(((Number) actual.data().get(r * k + c)).doubleValue())
					.isCloseTo(expected.get(r).get(c).doubleValue(), within(1e-5));
			}
		}
	}

}
