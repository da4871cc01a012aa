package dev.slipway.serving;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MlflowInvocationsTest {

	private static final long MAX = 64 * 1024;

	@Test
	void dataframeSplit() {
		ModelInput input = json(
				"{\"dataframe_split\":{\"index\":[7,8],\"columns\":[\"a\",\"b\"],\"data\":[[1,2.5],[3,\"x\"]]}}");

		assertThat(input.frame().columns()).containsExactly("a", "b");
		assertThat(input.frame().rows()).containsExactly(List.of(1L, 2.5), List.of(3L, "x"));
		assertThat(input.params()).isEmpty();
	}

	@Test
	void dataframeSplitWithoutColumnsNamesThemByPosition() {
		ModelInput input = json("{\"dataframe_split\":{\"data\":[[1,2]]}}");

		assertThat(input.frame().columns()).containsExactly("0", "1");
	}

	@Test
	void dataframeRecordsTakeTheUnionOfKeysWithNullsForMissingOnes() {
		ModelInput input = json("{\"dataframe_records\":[{\"a\":1,\"b\":true},{\"b\":false,\"c\":null}]}");

		assertThat(input.frame().columns()).containsExactly("a", "b", "c");
		assertThat(input.frame().rows().get(0)).containsExactly(1L, true, null);
		assertThat(input.frame().rows().get(1)).containsExactly(null, false, null);
	}

	@Test
	void instancesOfObjectsAreAFrameAndOfArraysOneUnnamedTensor() {
		ModelInput frame = json("{\"instances\":[{\"a\":1},{\"a\":2}]}");
		assertThat(frame.frame().rows()).containsExactly(List.of(1L), List.of(2L));

		ModelInput tensor = json("{\"instances\":[[1,2],[3,4.5]]}");
		assertThat(tensor.tensors()).singleElement().satisfies((t) -> {
			assertThat(t.name()).isNull();
			assertThat(t.datatype()).isEqualTo("FP64");
			assertThat(t.shape()).containsExactly(2L, 2L);
			assertThat(t.data()).containsExactly(1.0, 2.0, 3.0, 4.5);
		});
		assertThat(json("{\"instances\":[[1,2]]}").tensors().get(0).datatype()).isEqualTo("INT64");
		assertThat(json("{\"instances\":[true,false]}").tensors().get(0).datatype()).isEqualTo("BOOL");
		assertThat(json("{\"instances\":[\"a\",\"b\"]}").tensors().get(0).datatype()).isEqualTo("BYTES");
	}

	@Test
	void inputsAsADictionaryAreNamedTensors() {
		ModelInput input = json(
				"{\"inputs\":{\"a\":[1,3],\"b\":[[2.0],[4.0]]},\"params\":{\"k\":5,\"mode\":\"fast\",\"none\":null}}");

		assertThat(input.tensors()).extracting(Tensor::name).containsExactly("a", "b");
		assertThat(input.tensors().get(1).shape()).containsExactly(2L, 1L);
		assertThat(input.params()).isEqualTo(Map.of("k", 5L, "mode", "fast"));
	}

	@Test
	void raggedOrMixedArraysAreRefused() {
		assertInvalid("{\"instances\":[[1,2],[3]]}", "The input is not a rectangular array");
		assertInvalid("{\"inputs\":{\"a\":[1,\"x\"]}}", "Tensor 'a' mixes numbers, strings and booleans");
		assertInvalid("{\"dataframe_split\":{\"columns\":[\"a\",\"b\"],\"data\":[[1,2],[3]]}}",
				"'dataframe_split' row 1 has 1 values for 2 columns");
		assertInvalid("{\"dataframe_records\":[{\"a\":[1,2]}]}",
				"Column 'a' holds a list or dictionary in row 0; send tensors as {\"inputs\": {\"name\": [...]}}");
		assertInvalid("{\"dataframe_records\":[{\"a\":1}],\"params\":[1]}", "'params' must be a JSON dictionary");
	}

	@Test
	void notExactlyOneInputFieldGetsMlflowsMessage() {
		String expected = "The input must be a JSON dictionary with exactly one of the input fields "
				+ "{'dataframe_split', 'dataframe_records', 'instances', 'inputs'}. Received dictionary with input fields: ['instances', 'inputs']. "
				+ MlflowInvocations.SCORING_PROTOCOL_CHANGE_INFO;
		assertInvalid("{\"instances\":[1],\"inputs\":[1]}", expected);
		assertThatThrownBy(() -> json("{\"data\":[1]}")).hasMessageStartingWith(MlflowInvocations.REQUIRED_INPUT_FORMAT
				+ ". Received dictionary with input fields: ['data']. IMPORTANT:");
		assertInvalid("[1,2]", MlflowInvocations.REQUIRED_INPUT_FORMAT + ". Received a list.");
	}

	@Test
	void badJsonIsAMalformedRequest() {
		assertThatThrownBy(() -> json("{\"instances\":"))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.MALFORMED_REQUEST))
			.hasMessageStartingWith("Ensure that input is a valid JSON formatted string.");
	}

	@Test
	void anEmptyBodyIsRefusedAsABadRequest() {
		assertThatThrownBy(() -> json("")).isInstanceOfSatisfying(SlipwayException.class,
				(ex) -> assertThat(ex.code().httpStatus()).isEqualTo(400));
		assertThatThrownBy(() -> MlflowInvocations.decode("text/csv", body(""), MAX)).isInstanceOfSatisfying(
				SlipwayException.class, (ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
	}

	@Test
	void csvWithAHeaderIsTypedPerColumnAsPandasDoes() {
		String csv = "a,b,c,d\r\n1,1.5,x,true\n2,,\"y, \"\"quoted\"\"\",False\n";

		for (String type : List.of("text/csv", "application/csv; charset=UTF-8")) {
			Frame frame = MlflowInvocations.decode(type, body(csv), MAX).frame();
			assertThat(frame.columns()).containsExactly("a", "b", "c", "d");
			assertThat(frame.rows()).containsExactly(List.of(1L, 1.5, "x", true),
					Arrays.asList(2L, null, "y, \"quoted\"", false));
		}
		assertThatThrownBy(() -> MlflowInvocations.decode("text/csv", body("a,b\n1\n"), MAX))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
			.hasMessageContaining("row 0 has 1 fields for 2 columns");
	}

	@Test
	void otherContentTypesAre415() {
		for (String type : new String[] { "text/plain", "application/json; charset=latin-1",
				"application/json; format=pandas-split", null }) {
			assertThatThrownBy(() -> MlflowInvocations.decode(type, body("{}"), MAX)).isInstanceOfSatisfying(
					SlipwayException.class, (ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.UNSUPPORTED_MEDIA_TYPE));
		}
		assertThat(
				MlflowInvocations.decode("Application/JSON; charset=utf-8", body("{\"instances\":[1]}"), MAX).tensors())
			.hasSize(1);
	}

	@Test
	void aBodyOverTheLimitIsTooLarge() {
		String body = "{\"instances\":[" + "1,".repeat(100) + "1]}";

		assertThatThrownBy(() -> MlflowInvocations.decode("application/json", body(body), 100)).isInstanceOfSatisfying(
				SlipwayException.class, (ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
		assertThat(MlflowInvocations.decode("application/json", body(body), body.length()).tensors()).hasSize(1);
	}

	@Test
	void bodiesAroundTheFirstReadAndTheLimitAreReadWhole() {
		// The first read takes 1,024 bytes: bodies just under, at and over it, and limits
		// under, at and over it.
		for (int elements : new int[] { 1, 509, 510, 511, 512, 5_000 }) {
			String body = "{\"instances\":[" + "1,".repeat(elements - 1) + "1]}";
			for (long limit : new long[] { body.length() - 1, body.length(), body.length() + 1, 1023, 1024, 1025 }) {
				if (limit >= body.length()) {
					assertThat(MlflowInvocations.decode("application/json", body(body), limit).tensors().get(0).data())
						.as(body.length() + " bytes, limit " + limit)
						.hasSize(elements);
				}
				else {
					assertThatThrownBy(() -> MlflowInvocations.decode("application/json", body(body), limit))
						.as(body.length() + " bytes, limit " + limit)
						.isInstanceOfSatisfying(SlipwayException.class,
								(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
				}
			}
		}
	}

	@Test
	void oneOutputIsAnsweredAsItsValuesPerRow() {
		Tensor labels = new Tensor("label", "INT64", List.of(3L), List.of(0L, 1L, 2L));
		Tensor matrix = new Tensor("p", "FP32", List.of(2L, 2L), List.of(0.25f, 0.75f, 1.0f, 0.0f));

		assertThat(MlflowInvocations.encode(new Predictions(List.of(labels), null, 3, List.of())))
			.isEqualTo("{\"predictions\":[0,1,2]}");
		assertThat(MlflowInvocations.encode(new Predictions(List.of(matrix), null, 2, List.of())))
			.isEqualTo("{\"predictions\":[[0.25,0.75],[1.0,0.0]]}");
	}

	@Test
	void severalOutputsAreADictionaryAsPyfuncAnswersForOnnx() {
		Tensor labels = new Tensor("label", "INT64", List.of(2L), List.of(0L, 1L));
		Tensor matrix = new Tensor("probabilities", "FP32", List.of(2L, 2L), List.of(0.5f, 0.5f, 0.0f, 1.0f));

		assertThat(MlflowInvocations.encode(new Predictions(List.of(labels, matrix), null, 2, List.of())))
			.isEqualTo("{\"predictions\":{\"label\":[0,1],\"probabilities\":[[0.5,0.5],[0.0,1.0]]}}");
	}

	@Test
	void aModelServersJsonIsEmbeddedAsItCame() {
		assertThat(MlflowInvocations.encode(new Predictions(null, "[{\"a\": 1}]", 1, List.of())))
			.isEqualTo("{\"predictions\":[{\"a\": 1}]}");
	}

	@Test
	void nanIsAnsweredAsNull() {
		Tensor values = new Tensor("y", "FP64", List.of(2L), List.of(Double.NaN, 1.5));

		assertThat(MlflowInvocations.encode(new Predictions(List.of(values), null, 2, List.of())))
			.isEqualTo("{\"predictions\":[null,1.5]}");
	}

	private static ModelInput json(String text) {
		return MlflowInvocations.decode("application/json", body(text), MAX);
	}

	private static ByteArrayInputStream body(String text) {
		return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
	}

	private static void assertInvalid(String body, String message) {
		assertThatThrownBy(() -> json(body))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
			.hasMessage(message);
	}

}
