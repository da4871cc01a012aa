package dev.slipway.tracking.search;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** View types as MLflow clients send them. */
class ViewTypeTest {

	@ParameterizedTest
	@CsvSource({ "ACTIVE_ONLY, ACTIVE_ONLY", "active_only, ACTIVE_ONLY", "1, ACTIVE_ONLY", "DELETED_ONLY, DELETED_ONLY",
			"2, DELETED_ONLY", "ALL, ALL", "all, ALL", "' 3 ', ALL" })
	void namesAndProtoNumbers(String value, ViewType expected) {
		assertThat(ViewType.parse(value)).isEqualTo(expected);
	}

	@Test
	void absentMeansActiveOnly() {
		assertThat(ViewType.parse(null)).isEqualTo(ViewType.ACTIVE_ONLY);
		assertThat(ViewType.parse(" ")).isEqualTo(ViewType.ACTIVE_ONLY);
	}

	@Test
	void unknownValuesAreInvalidArguments() {
		assertThatThrownBy(() -> ViewType.parse("run_view_type", "4"))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
			.hasMessage(
					"run_view_type: invalid view type '4'; expected one of ACTIVE_ONLY, DELETED_ONLY, ALL (or 1, 2, 3)");
		assertThatThrownBy(() -> ViewType.parse("deleted")).hasMessageStartingWith("view_type: invalid view type");
	}

}
