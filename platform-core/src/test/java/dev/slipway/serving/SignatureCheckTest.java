package dev.slipway.serving;

import java.util.Arrays;
import java.util.List;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignatureCheckTest {

	private static final ModelSignature SIGNATURE = new ModelSignature(List.of(column("x", "double", true),
			column("n", "long", true), column("i", "integer", true), column("f", "float", true),
			column("b", "boolean", true), column("s", "string", true), column("opt", "double", false)), List.of(),
			false);

	@Test
	void castsJsonNumbersAndStringsToTheDeclaredTypes() {
		Frame frame = new Frame(List.of("s", "b", "f", "i", "n", "x"),
				List.of(List.of(7L, "TRUE", 2L, 3.0, "42", "1.5"), List.of("t", false, "0.25", "-4", 5L, 2L)));

		ModelInput checked = SignatureCheck.check(SIGNATURE, ModelInput.of(frame));

		assertThat(checked.frame().columns()).containsExactly("x", "n", "i", "f", "b", "s");
		assertThat(checked.frame().rows().get(0)).containsExactly(1.5, 42L, 3L, 2.0, true, "7");
		assertThat(checked.frame().rows().get(1)).containsExactly(2.0, 5L, -4L, 0.25, false, "t");
	}

	@Test
	void extraColumnsAreDroppedAndAbsentOptionalOnesLeftOut() {
		Frame frame = new Frame(List.of("x", "n", "i", "f", "b", "s", "extra"),
				List.of(List.of(1.0, 1L, 1L, 1.0, true, "a", "ignored")));

		ModelInput checked = SignatureCheck.check(SIGNATURE, ModelInput.of(frame));

		assertThat(checked.frame().columns()).doesNotContain("extra", "opt");
	}

	@Test
	void aMissingRequiredColumnIsNamed() {
		Frame frame = new Frame(List.of("x"), List.of(List.of(1.0)));

		assertThatThrownBy(() -> SignatureCheck.check(SIGNATURE, ModelInput.of(frame)))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
			.hasMessage("Missing column 'n' required by the model signature");
	}

	@Test
	void aValueThatDoesNotCastNamesColumnRowAndValue() {
		ModelSignature oneColumn = new ModelSignature(List.of(column("x", "double", true)), List.of(), false);
		Frame frame = new Frame(List.of("x"), List.of(List.of(1.0), List.of(2.0), List.of(3L), List.of("abc")));

		assertThatThrownBy(() -> SignatureCheck.check(oneColumn, ModelInput.of(frame)))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
			.hasMessage("Column 'x' expects double; row 3 has 'abc'");
	}

	@Test
	void integersRefuseFractionsAndIntegerRefusesLongRange() {
		assertThatThrownBy(() -> SignatureCheck.cast(1.5, "long", "n", 0))
			.hasMessage("Column 'n' expects long; row 0 has 1.5");
		assertThatThrownBy(() -> SignatureCheck.cast(3_000_000_000L, "integer", "i", 2))
			.hasMessage("Column 'i' expects integer; row 2 has 3000000000");
		assertThat(SignatureCheck.cast(3_000_000_000L, "long", "n", 0)).isEqualTo(3_000_000_000L);
		assertThatThrownBy(() -> SignatureCheck.cast("yes", "boolean", "b", 0))
			.hasMessage("Column 'b' expects boolean; row 0 has 'yes'");
		assertThatThrownBy(() -> SignatureCheck.cast(null, "long", "n", 1))
			.hasMessage("Column 'n' expects long; row 1 has no value");
	}

	@Test
	void aMissingNumberIsNaNAsPandasReadsIt() {
		assertThat(SignatureCheck.cast(null, "double", "x", 0)).isEqualTo(Double.NaN);
	}

	@Test
	void namedColumnTensorsBecomeAFrame() {
		ModelSignature ab = new ModelSignature(List.of(column("a", "double", true), column("b", "long", true)),
				List.of(), false);
		ModelInput tensors = ModelInput.of(List.of(new Tensor("b", "INT64", List.of(2L), List.of(2L, 4L)),
				new Tensor("a", "INT64", List.of(2L, 1L), List.of(1L, 3L))));

		ModelInput checked = SignatureCheck.check(ab, tensors);

		assertThat(checked.frame().columns()).containsExactly("a", "b");
		assertThat(checked.frame().rows()).containsExactly(List.of(1.0, 2L), List.of(3.0, 4L));
	}

	@Test
	void tensorSignaturesAndModelsWithoutOnePassInputAsItCame() {
		ModelInput input = ModelInput.of(new Frame(List.of("whatever"), List.of(Arrays.asList((Object) "v"))));
		ModelSignature tensors = new ModelSignature(
				List.of(new ModelSignature.Field(null, "FP32", List.of(-1L, 4L), true)), List.of(), true);

		assertThat(SignatureCheck.check(ModelSignature.NONE, input)).isSameAs(input);
		assertThat(SignatureCheck.check(tensors, input)).isSameAs(input);
	}

	private static ModelSignature.Field column(String name, String type, boolean required) {
		return new ModelSignature.Field(name, type, List.of(), required);
	}

}
