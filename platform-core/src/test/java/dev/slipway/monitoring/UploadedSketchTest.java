package dev.slipway.monitoring;

import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.List;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Sketches made by the datasketches Python package (its C++ core) read by the Java
 * library and merged with Java-made profiles of the same window
 * ({@code src/test/resources/monitoring/python-sketches.json}, written by
 * {@code make_sketches.py}). CI also uploads freshly made Python sketches to the running
 * server ({@code test_monitoring.py}).
 */
class UploadedSketchTest {

	private static final JsonNode SKETCHES = load();

	@Test
	void aPythonKllSketchReadsAndMergesWithAJavaProfile() {
		ColumnProfile uploaded = ColumnProfile.uploaded(ColumnKind.NUMERICAL,
				new UploadedSketch(bytes("kll"), null, null, 5L, null, null), "x");
		assertThat(uploaded.count()).isEqualTo(SKETCHES.get("kll_n").asLong());
		assertThat(uploaded.nulls()).isEqualTo(5);
		assertThat(uploaded.min()).isEqualTo(SKETCHES.get("kll_min").asDouble());
		assertThat(uploaded.max()).isEqualTo(SKETCHES.get("kll_max").asDouble());
		assertThat(uploaded.kll()
			.getQuantile(0.5, org.apache.datasketches.quantilescommon.QuantileSearchCriteria.INCLUSIVE))
			.isEqualTo(SKETCHES.get("kll_median").asDouble());
		// Uniform 0..99.99: the estimated mean and variance are close to 50 and 833.
		assertThat(uploaded.mean()).isCloseTo(50, within(1.0));
		assertThat(uploaded.variance()).isCloseTo(833.3, within(25.0));

		ColumnProfile local = ColumnProfile.empty(ColumnKind.NUMERICAL, 400, null, 0);
		for (int i = 0; i < 10000; i++) {
			local.add(100 + i % 100, -1);
		}
		local.merge(uploaded);
		assertThat(local.count()).isEqualTo(20000);
		assertThat(local.kll().getN()).isEqualTo(20000);
		assertThat(local.kll().getRank(100, org.apache.datasketches.quantilescommon.QuantileSearchCriteria.EXCLUSIVE))
			.isCloseTo(0.5, within(2 * local.kll().getNormalizedRankError(false)));
	}

	@Test
	void pythonFrequentItemsAndHllReadAsCategories() {
		ColumnProfile uploaded = ColumnProfile.uploaded(ColumnKind.CATEGORICAL,
				new UploadedSketch(null, bytes("frequent_items"), bytes("hll"), null, null, null), "color");
		assertThat(uploaded.count()).isEqualTo(SKETCHES.get("items_n").asLong());
		assertThat(uploaded.items().getEstimate("red")).isEqualTo(SKETCHES.get("red_estimate").asLong());
		assertThat(uploaded.hll().getEstimate()).isCloseTo(SKETCHES.get("hll_estimate").asDouble(), within(1e-6));

		ColumnProfile local = ColumnProfile.empty(ColumnKind.CATEGORICAL, 400,
				BinSpec.categories(List.of("red", "blue")), 1);
		local.add("red", 0);
		local.merge(uploaded);
		assertThat(local.items().getEstimate("red")).isEqualTo(SKETCHES.get("red_estimate").asLong() + 1);
		assertThat(local.bins(1)).as("exact bins cannot survive a merge with an uploaded sketch").isNull();
	}

	@Test
	void bytesThatAreNotASketchAreRefusedNamingTheColumn() {
		assertThatThrownBy(() -> ColumnProfile.uploaded(ColumnKind.NUMERICAL,
				new UploadedSketch(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, null, null, null, null, null), "x"))
			.isInstanceOfSatisfying(SlipwayException.class, (ex) -> {
				assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
				assertThat(ex.getMessage()).startsWith("columns.x: ");
			});
		assertThatThrownBy(() -> ColumnProfile.uploaded(ColumnKind.CATEGORICAL,
				new UploadedSketch(bytes("kll"), null, null, null, null, null), "color"))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.getMessage()).contains("needs frequent_items"));
		assertThatThrownBy(() -> ColumnProfile.uploaded(ColumnKind.CATEGORICAL,
				new UploadedSketch(null, bytes("kll"), null, null, null, null), "color"))
			.isInstanceOf(SlipwayException.class);
	}

	private static byte[] bytes(String field) {
		return Base64.getDecoder().decode(SKETCHES.get(field).asString());
	}

	private static JsonNode load() {
		try (InputStream in = UploadedSketchTest.class.getResourceAsStream("/monitoring/python-sketches.json")) {
			return JsonMapper.builder().build().readTree(in);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
