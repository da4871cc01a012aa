package dev.slipway.serving;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tensor input reaches monitoring as rows: one column per value of a row, named after the
 * model's signature where it names them.
 */
class LoggableInputTest {

	private static final ModelSignature IRIS = new ModelSignature(
			List.of(field("sepal_length"), field("sepal_width"), field("petal_length"), field("petal_width")),
			List.of(), false);

	private static ModelSignature.Field field(String name) {
		return new ModelSignature.Field(name, "double", List.of(), true);
	}

	@Test
	void aTableIsLoggedAsItIs() {
		Frame frame = new Frame(List.of("x"), List.of(List.of(1.0)));
		assertThat(ServingService.loggable(ModelInput.of(frame), IRIS)).isSameAs(frame);
	}

	@Test
	void aMatrixTensorBecomesTheSignaturesColumns() {
		Tensor input = new Tensor("input", "FP64", List.of(2L, 4L), List.of(5.1, 3.5, 1.4, 0.2, 6.3, 3.3, 6.0, 2.5));
		Frame frame = ServingService.loggable(ModelInput.of(List.of(input)), IRIS);
		assertThat(frame.columns()).containsExactly("sepal_length", "sepal_width", "petal_length", "petal_width");
		assertThat(frame.rows()).containsExactly(List.of(5.1, 3.5, 1.4, 0.2), List.of(6.3, 3.3, 6.0, 2.5));
	}

	@Test
	void withoutMatchingNamesColumnsAreNumberedAndVectorsKeepTheirName() {
		Tensor matrix = new Tensor("features", "FP32", List.of(1L, 2L), List.of(1.0f, 2.0f));
		Tensor vector = new Tensor("age", "INT64", List.of(1L), List.of(42L));
		Frame frame = ServingService.loggable(ModelInput.of(List.of(matrix, vector)), IRIS);
		assertThat(frame.columns()).containsExactly("features_0", "features_1", "age");
		assertThat(frame.rows()).containsExactly(List.of(1.0f, 2.0f, 42L));
	}

	@Test
	void imagesAndMismatchedRowsAreNotLogged() {
		Tensor image = new Tensor("image", "UINT8", List.of(1L, 2L, 2L), List.of(1, 2, 3, 4));
		assertThat(ServingService.loggable(ModelInput.of(List.of(image)), IRIS)).isNull();
		Tensor a = new Tensor("a", "FP64", List.of(2L), List.of(1.0, 2.0));
		Tensor b = new Tensor("b", "FP64", List.of(3L), List.of(1.0, 2.0, 3.0));
		assertThat(ServingService.loggable(ModelInput.of(List.of(a, b)), IRIS)).isNull();
	}

}
