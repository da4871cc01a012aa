package dev.slipway.monitoring;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.error.SlipwayException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rows handed over in memory (serving's prediction log) are read exactly as the same rows
 * sent as JSON in split orientation: numbers, text, booleans, nulls, times, ids and
 * categories as numbers.
 */
class BatchReaderRowsTest {

	private static final MonitorSchema SCHEMA = new MonitorSchema(
			List.of(new MonitorSchema.Column("x", ColumnKind.NUMERICAL),
					new MonitorSchema.Column("flag", ColumnKind.NUMERICAL),
					new MonitorSchema.Column("color", ColumnKind.CATEGORICAL),
					new MonitorSchema.Column("prediction", ColumnKind.CATEGORICAL)),
			"prediction", null, "prediction_id", "timestamp", null, null, null);

	private static final List<String> COLUMNS = List.of("x", "flag", "color", "prediction", "prediction_id",
			"timestamp", "model_version", "latency_ms");

	@Test
	void rowsAreReadAsTheirJsonIs() {
		List<List<Object>> rows = new ArrayList<>();
		rows.add(Arrays.asList(5.1, true, "red", 0L, "p-1", 1_765_000_000_123L, 3, 0.25));
		rows.add(Arrays.asList(7, false, "blue", 2.5, "p-2", 1_765_000_000_456L, 3, 0.5f));
		rows.add(Arrays.asList(null, null, null, null, null, 1_765_000_000_789L, null, null));
		rows.add(Arrays.asList(1.0E-7f, 1, true, 1.0, "p-4", 1_765_000_001_000L, 4, 12L));

		Batch fromRows = read((reader) -> reader.rows(COLUMNS, rows));
		Batch fromJson = read((reader) -> reader.json(new ByteArrayInputStream(
				JsonMapper.builder().build().writeValueAsString(split(rows)).getBytes(StandardCharsets.UTF_8))));

		assertThat(fromRows.rows()).isEqualTo(4).isEqualTo(fromJson.rows());
		for (String number : List.of("x", "flag")) {
			assertThat(Arrays.copyOf(fromRows.numbers(number), 4)).as(number)
				.isEqualTo(Arrays.copyOf(fromJson.numbers(number), 4));
		}
		for (String text : List.of("color", "prediction")) {
			assertThat(Arrays.copyOf(fromRows.texts(text), 4)).as(text)
				.isEqualTo(Arrays.copyOf(fromJson.texts(text), 4));
		}
		assertThat(Arrays.copyOf(fromRows.times(), 4)).isEqualTo(Arrays.copyOf(fromJson.times(), 4))
			.startsWith(1_765_000_000_123L);
		assertThat(Arrays.copyOf(fromRows.ids(), 4)).isEqualTo(Arrays.copyOf(fromJson.ids(), 4)).startsWith("p-1");
		assertThat(fromRows.texts("prediction")[0]).isEqualTo("0");
	}

	@Test
	void nestedValuesAndBadTimesAreRefusedAsInJson() {
		assertThatThrownBy(() -> read((reader) -> reader.rows(COLUMNS,
				List.of(Arrays.asList(1.0, 1, "red", List.of(0.1, 0.9), "p", 1L, 1, 1.0)))))
			.isInstanceOf(SlipwayException.class)
			.hasMessageContaining("nested values are not read");
		assertThatThrownBy(() -> read(
				(reader) -> reader.rows(COLUMNS, List.of(Arrays.asList(1.0, 1, "red", 0, "p", true, 1, 1.0)))))
			.isInstanceOf(SlipwayException.class)
			.hasMessageContaining("is not a time");
	}

	private static Map<String, Object> split(List<List<Object>> rows) {
		Map<String, Object> split = new LinkedHashMap<>();
		split.put("columns", COLUMNS);
		split.put("data", rows);
		return split;
	}

	private static Batch read(java.util.function.Consumer<BatchReader> reading) {
		List<Batch> batches = new ArrayList<>();
		reading.accept(new BatchReader(SCHEMA, ZoneOffset.UTC, 1000, 1000, batches::add));
		return batches.get(0);
	}

}
