package dev.slipway.serving;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InferenceProtocolTest {

	private static final long MAX = 64 * 1024;

	@Test
	void decodesTheSpecsExample() {
		InferenceProtocol.Request request = decode(
				"{\"id\":\"42\",\"parameters\":{\"p\":1},\"inputs\":[{\"name\":\"input\","
						+ "\"shape\":[2,4],\"datatype\":\"FP32\",\"data\":[5.1,3.5,1.4,0.2,6.2,2.9,4.3,1.3]}],"
						+ "\"outputs\":[{\"name\":\"output\"}]}");

		assertThat(request.id()).isEqualTo("42");
		assertThat(request.outputs()).containsExactly("output");
		assertThat(request.input().params()).containsEntry("p", 1L);
		assertThat(request.input().tensors()).singleElement().satisfies((t) -> {
			assertThat(t.name()).isEqualTo("input");
			assertThat(t.datatype()).isEqualTo("FP32");
			assertThat(t.shape()).containsExactly(2L, 4L);
			assertThat(t.data()).hasSize(8).startsWith(5.1, 3.5);
		});
	}

	@Test
	void nestedDataIsFlattenedRowMajor() {
		InferenceProtocol.Request request = decode(
				"{\"inputs\":[{\"name\":\"x\",\"shape\":[2,2],\"datatype\":\"INT64\",\"data\":[[1,2],[3,4]]},"
						+ "{\"name\":\"s\",\"shape\":[2],\"datatype\":\"BYTES\",\"data\":[\"a\",\"b\"]},"
						+ "{\"name\":\"b\",\"shape\":[1],\"datatype\":\"BOOL\",\"data\":[true]}]}");

		assertThat(request.id()).isNull();
		assertThat(request.outputs()).isEmpty();
		assertThat(request.input().tensors().get(0).data()).containsExactly(1L, 2L, 3L, 4L);
		assertThat(request.input().tensors().get(1).data()).containsExactly("a", "b");
		assertThat(request.input().tensors().get(2).data()).containsExactly(true);
	}

	@Test
	void aShapeThatDoesNotMatchTheDataIsRefusedNamingTheInput() {
		assertInvalid("{\"inputs\":[{\"name\":\"x\",\"shape\":[2,4],\"datatype\":\"FP32\",\"data\":[1,2,3]}]}",
				"Input 'x' has shape [2, 4] (8 elements) but 3 data values");
		assertInvalid("{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1,2,3]}]}",
				"Input 'x' has more data values than its shape holds (1)");
	}

	@Test
	void valuesMustFitTheDatatype() {
		assertInvalid("{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"INT64\",\"data\":[1.5]}]}",
				"Input 'x' is INT64 but holds 1.5");
		assertInvalid("{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"UINT8\",\"data\":[-1]}]}",
				"Input 'x' is UINT8 but holds -1");
		assertInvalid("{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"FP32\",\"data\":[\"a\"]}]}",
				"Input 'x' is FP32 but holds \"a\"");
		assertInvalid("{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"FLOAT\",\"data\":[1]}]}",
				"Input 'x' has datatype 'FLOAT'; expected one of BOOL, UINT8-64, INT8-64, FP16, FP32, FP64, BYTES");
		assertInvalid("{\"inputs\":[]}", "'inputs' must be a non-empty list of tensors");
		assertInvalid("{\"inputs\":[{\"shape\":[1],\"datatype\":\"FP32\",\"data\":[1]}]}", "Input 0 needs a 'name'");
		assertInvalid("{\"inputs\":[{\"name\":\"x\",\"shape\":[-1],\"datatype\":\"FP32\",\"data\":[1]}]}",
				"Input 'x' has a shape with a dimension that is not a whole number >= 0");
	}

	@Test
	void aBodyOverTheLimitIsTooLarge() {
		assertThatThrownBy(() -> InferenceProtocol.decode(body("{\"inputs\":[" + " ".repeat(200) + "]}"), 100))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
	}

	@Test
	void encodesAllOutputsOrTheOnesAskedFor() {
		Predictions predictions = new Predictions(
				List.of(new Tensor("label", "INT64", List.of(2L), List.of(0L, 2L)),
						new Tensor("probabilities", "FP32", List.of(2L, 2L), List.of(0.5f, 0.5f, 0.25f, 0.75f))),
				null, 2, List.of(0L, 2L));

		assertThat(InferenceProtocol.encode("iris", "3", "42", predictions, List.of()))
			.isEqualTo("{\"model_name\":\"iris\",\"model_version\":\"3\",\"id\":\"42\",\"outputs\":["
					+ "{\"name\":\"label\",\"shape\":[2],\"datatype\":\"INT64\",\"data\":[0,2]},"
					+ "{\"name\":\"probabilities\",\"shape\":[2,2],\"datatype\":\"FP32\",\"data\":[0.5,0.5,0.25,0.75]}]}");
		assertThat(InferenceProtocol.encode("iris", "3", null, predictions, List.of("probabilities")))
			.isEqualTo("{\"model_name\":\"iris\",\"model_version\":\"3\",\"outputs\":["
					+ "{\"name\":\"probabilities\",\"shape\":[2,2],\"datatype\":\"FP32\",\"data\":[0.5,0.5,0.25,0.75]}]}");
		assertThatThrownBy(() -> InferenceProtocol.encode("iris", "3", null, predictions, List.of("nope")))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
			.hasMessage("Output 'nope' is not an output of model 'iris'");
	}

	@Test
	void aModelServersJsonPredictionsBecomeTensors() {
		assertThat(InferenceProtocol.encode("m", "1", null, new Predictions(null, "[[1.5, 2], [3, 4]]", 2, List.of()),
				List.of()))
			.isEqualTo("{\"model_name\":\"m\",\"model_version\":\"1\",\"outputs\":["
					+ "{\"name\":\"predictions\",\"shape\":[2,2],\"datatype\":\"FP64\",\"data\":[1.5,2.0,3.0,4.0]}]}");
		assertThat(InferenceProtocol.encode("m", "1", null,
				new Predictions(null, "{\"label\": [1, 0], \"name\": [\"a\", \"b\"]}", 2, List.of()), List.of()))
			.contains("{\"name\":\"label\",\"shape\":[2],\"datatype\":\"INT64\",\"data\":[1,0]}")
			.contains("{\"name\":\"name\",\"shape\":[2],\"datatype\":\"BYTES\",\"data\":[\"a\",\"b\"]}");
	}

	@Test
	void decodedTensorsPredictWithTheOnnxRuntime() {
		InferenceProtocol.Request request = decode("{\"inputs\":[{\"name\":\"X\",\"shape\":[1,4],\"datatype\":\"FP32\","
				+ "\"data\":[[5.1,3.5,1.4,0.2]]}]}");
		try (LoadedModel model = new OnnxModelRuntime().load(ServingFixtures.modelPackage("lr_tensor"))) {
			Predictions predictions = model.predict(request.input());

			assertThat(InferenceProtocol.encode("iris", "1", null, predictions, List.of("label")))
				.isEqualTo("{\"model_name\":\"iris\",\"model_version\":\"1\",\"outputs\":["
						+ "{\"name\":\"label\",\"shape\":[1],\"datatype\":\"INT64\",\"data\":[0]}]}");
		}
	}

	@Test
	void signatureTypesMapToProtocolDatatypes() {
		assertThat(List.of("double", "float", "long", "integer", "boolean", "string", "datetime", "FP32"))
			.extracting(InferenceProtocol::datatype)
			.containsExactly("FP64", "FP32", "INT64", "INT32", "BOOL", "BYTES", "BYTES", "FP32");
	}

	private static InferenceProtocol.Request decode(String text) {
		return InferenceProtocol.decode(body(text), MAX);
	}

	private static ByteArrayInputStream body(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
	}

	private static void assertInvalid(String body, String message) {
		assertThatThrownBy(() -> decode(body))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
			.hasMessage(message);
	}

}
