package dev.slipway.serving;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MlflowRequestsTest {

	@Test
	void aFrameIsSentAsDataframeSplit() {
		Frame frame = new Frame(List.of("a", "b"), List.of(List.of(1L, "x"), Arrays.asList(2.5, null)));

		String body = MlflowRequests.encode(ModelInput.of(frame));

		assertThat(body).isEqualTo("{\"dataframe_split\":{\"columns\":[\"a\",\"b\"],\"data\":[[1,\"x\"],[2.5,null]]}}");
	}

	@Test
	void paramsTravelBesideTheInput() {
		Frame frame = new Frame(List.of("a"), List.of(List.of(true)));

		String body = MlflowRequests.encode(new ModelInput(frame, null, Map.of("k", 3L)));

		assertThat(body)
			.isEqualTo("{\"dataframe_split\":{\"columns\":[\"a\"],\"data\":[[true]]},\"params\":{\"k\":3}}");
	}

	@Test
	void oneUnnamedTensorIsANestedList() {
		Tensor tensor = new Tensor(null, "FP32", List.of(2L, 3L), List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0));

		String body = MlflowRequests.encode(ModelInput.of(List.of(tensor)));

		assertThat(body).isEqualTo("{\"inputs\":[[1.0,2.0,3.0],[4.0,5.0,6.0]]}");
	}

	@Test
	void aThreeDimensionalTensorNestsRowMajor() {
		Tensor tensor = new Tensor("", "INT64", List.of(2L, 1L, 2L), List.of(1L, 2L, 3L, 4L));

		assertThat(MlflowRequests.encode(ModelInput.of(List.of(tensor)))).isEqualTo("{\"inputs\":[[[1,2]],[[3,4]]]}");
	}

	@Test
	void namedTensorsAreAnObjectOfNestedLists() {
		Tensor a = new Tensor("a", "INT64", List.of(2L), List.of(1L, 3L));
		Tensor b = new Tensor("b", "FP64", List.of(2L, 1L), List.of(2.0, 4.0));

		String body = MlflowRequests.encode(ModelInput.of(List.of(a, b)));

		assertThat(body).isEqualTo("{\"inputs\":{\"a\":[1,3],\"b\":[[2.0],[4.0]]}}");
	}

	@Test
	void aScalarTensorIsItsValue() {
		Tensor tensor = new Tensor("t", "FP64", List.of(), List.of(7.0));

		assertThat(MlflowRequests.encode(ModelInput.of(List.of(tensor)))).isEqualTo("{\"inputs\":{\"t\":7.0}}");
	}

	@Test
	void nonFiniteNumbersAreWrittenAsPythonReadsThem() {
		Frame frame = new Frame(List.of("a"), List.of(List.of(Double.NaN), List.of(Double.POSITIVE_INFINITY)));

		assertThat(MlflowRequests.encode(ModelInput.of(frame))).contains("[[NaN],[Infinity]]");
	}

	@Test
	void aTensorWhoseDataDoesNotFillItsShapeIsRefused() {
		Tensor tensor = new Tensor("t", "FP32", List.of(2L, 2L), List.of(1.0, 2.0, 3.0));

		assertThatThrownBy(() -> MlflowRequests.encode(ModelInput.of(List.of(tensor))))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
			.hasMessageContaining("inputs.t")
			.hasMessageContaining("holds 4 elements but the data has 3");
	}

	@Test
	void twoUnnamedTensorsAreRefused() {
		Tensor one = new Tensor(null, "FP32", List.of(1L), List.of(1.0));

		assertThatThrownBy(() -> MlflowRequests.encode(ModelInput.of(List.of(one, one)))).isInstanceOfSatisfying(
				SlipwayException.class, (ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
	}

	@Test
	void aListOfValuesGivesOneValuePerRow() {
		Predictions predictions = decode("{\"predictions\": [1, 2.5, \"x\", null, [3, 4]]}");

		assertThat(predictions.json()).isEqualTo("[1,2.5,\"x\",null,[3,4]]");
		assertThat(predictions.rows()).isEqualTo(5);
		assertThat(predictions.rowValues()).containsExactly(1L, 2.5, "x", null, List.of(3L, 4L));
		assertThat(predictions.outputs()).isNull();
	}

	@Test
	void recordsGiveTheirFirstField() {
		Predictions predictions = decode(
				"{\"predictions\": [{\"label\": \"a\", \"p\": 0.9}, {\"label\": \"b\", \"p\": 0.6}]}");

		assertThat(predictions.rowValues()).containsExactly("a", "b");
		assertThat(predictions.json()).isEqualTo("[{\"label\":\"a\",\"p\":0.9},{\"label\":\"b\",\"p\":0.6}]");
	}

	@Test
	void multipleOutputsGiveTheFirstOutputsList() {
		Predictions predictions = decode(
				"{\"predictions\": {\"label\": [0, 1, 1], \"proba\": [[0.9, 0.1], [0.2, 0.8], [0.4, 0.6]]}}");

		assertThat(predictions.rows()).isEqualTo(3);
		assertThat(predictions.rowValues()).containsExactly(0L, 1L, 1L);
	}

	@Test
	void aScalarAnswerIsOneRow() {
		assertThat(decode("{\"predictions\": 42}").rowValues()).containsExactly(42L);
		assertThat(decode("{\"predictions\": {\"answer\": \"yes\"}}").rowValues()).containsExactly("yes");
	}

	@Test
	void metadataBesideThePredictionsIsLeftOut() {
		Predictions predictions = decode("{\"predictions\": [1], \"model_version\": \"3\"}");

		assertThat(predictions.json()).isEqualTo("[1]");
	}

	@Test
	void nanFromPythonIsRead() {
		Predictions predictions = decode("{\"predictions\": [NaN, 1.0]}");

		assertThat(predictions.rowValues()).containsExactly(Double.NaN, 1.0);
		assertThat(predictions.json()).isEqualTo("[NaN,1.0]");
	}

	@Test
	void anAnswerThatIsNotJsonIsAFailedPrediction() {
		assertThatThrownBy(() -> decode("<html>oops</html>")).isInstanceOfSatisfying(SlipwayException.class,
				(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.PREDICTION_FAILED));
	}

	@Test
	void anAnswerOverTheLimitIsAFailedPrediction() {
		byte[] body = "{\"predictions\": [1, 2, 3]}".getBytes(StandardCharsets.UTF_8);

		assertThat(MlflowRequests.decode(body, body.length).rows()).isEqualTo(3);
		assertThatThrownBy(() -> MlflowRequests.decode(body, body.length - 1))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.PREDICTION_FAILED))
			.hasMessageContaining("answer too large");
	}

	private static Predictions decode(String answer) {
		return MlflowRequests.decode(answer.getBytes(StandardCharsets.UTF_8));
	}

}
