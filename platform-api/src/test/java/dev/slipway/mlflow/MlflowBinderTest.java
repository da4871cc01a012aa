package dev.slipway.mlflow;

import java.util.List;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The MLflow wire rules in one place: MLflow's leniencies kept, wrong JSON types refused
 * in MLflow's words.
 */
class MlflowBinderTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@MlflowMessage
	record Point(@Required String key, Double value, Long step) {
	}

	@MlflowMessage
	record Sample(@Required @MlflowField(aliases = "run_uuid") String runId, Long timestamp, Double value,
			Boolean allowDeleted, List<String> experimentIds, List<KeyValueMessage> tags, List<Point> metrics,
			Point first) {
	}

	private static Sample bind(String json) {
		JsonNode body = JSON.readTree(json);
		return MlflowBinder.bind(Sample.class, body, Map.of());
	}

	private static void assertRefused(String json, String message) {
		assertThatThrownBy(() -> bind(json)).isInstanceOfSatisfying(SlipwayException.class, (ex) -> {
			assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
			assertThat(ex.getMessage()).contains(message);
		});
	}

	@Test
	void refusesNulCharactersInEveryTextFieldNamingIt() {
		assertRefused("{\"run_id\": \"r\\u0000\"}", "parameter 'run_id' supplied: it contains a NUL character");
		assertRefused("{\"run_id\": \"r\", \"experiment_ids\": [\"1\", \"2\\u0000\"]}",
				"parameter 'experiment_ids' supplied: it contains a NUL character");
		assertRefused("{\"run_id\": \"r\", \"tags\": [{\"key\": \"k\", \"value\": \"v\\u0000\"}]}",
				"parameter 'tags.value' supplied: it contains a NUL character");
		assertThatThrownBy(() -> MlflowBinder.bind(Sample.class, null,
				Map.of("run_id", new String[] { "r" }, "experiment_ids", new String[] { "a\0" })))
			.hasMessageContaining("parameter 'experiment_ids' supplied: it contains a NUL character");
	}

	@Test
	void refusesUnpairedSurrogatesWhichNoAnswerCouldCarryBack() {
		assertRefused("{\"run_id\": \"r\\ud800x\"}", "parameter 'run_id' supplied: it contains an unpaired UTF-16");
		assertRefused("{\"run_id\": \"r\", \"tags\": [{\"key\": \"\\udfff\", \"value\": \"v\"}]}",
				"parameter 'tags.key' supplied: it contains an unpaired UTF-16");
		assertThat(bind("{\"run_id\": \"\\ud83d\\ude00\"}").runId()).isEqualTo("\ud83d\ude00");
	}

	@Test
	void refusesNumbersBeyondTheirTypesRange() {
		assertRefused("{\"run_id\": \"r\", \"timestamp\": 123456789012345678901234567890}",
				"Invalid value 123456789012345678901234567890 for parameter 'timestamp'");
		assertRefused("{\"run_id\": \"r\", \"timestamp\": 1e30}", "for parameter 'timestamp'");
		assertRefused("{\"run_id\": \"r\", \"value\": 1" + "0".repeat(400) + "}", "for parameter 'value'");
		assertRefused("{\"run_id\": \"r\", \"value\": 1e400}", "for parameter 'value'");
		assertThat(bind("{\"run_id\": \"r\", \"timestamp\": 9223372036854775807, \"value\": \"-Infinity\"}"))
			.satisfies((sample) -> {
				assertThat(sample.timestamp()).isEqualTo(Long.MAX_VALUE);
				assertThat(sample.value()).isEqualTo(Double.NEGATIVE_INFINITY);
			});
	}

	@Test
	void readsEveryKindOfField() {
		Sample sample = bind("""
				{"run_id": "r1", "timestamp": "59", "value": "NaN", "allow_deleted": "True",
				 "experiment_ids": ["1", "2"], "tags": [{"key": "k"}],
				 "metrics": [{"key": "m", "value": 1.5, "step": 3}], "first": {"key": "f"}, "unknown": [1]}
				""");
		assertThat(sample.runId()).isEqualTo("r1");
		assertThat(sample.timestamp()).isEqualTo(59L);
		assertThat(sample.value()).isNaN();
		assertThat(sample.allowDeleted()).isTrue();
		assertThat(sample.experimentIds()).containsExactly("1", "2");
		assertThat(sample.tags()).extracting(KeyValueMessage::toKeyValue)
			.singleElement()
			.satisfies((tag) -> assertThat(tag.value()).isEmpty());
		assertThat(sample.metrics()).containsExactly(new Point("m", 1.5, 3L));
		assertThat(sample.first()).isEqualTo(new Point("f", null, null));
	}

	@Test
	void absentListsAreEmptyAndAbsentScalarsNull() {
		Sample sample = bind("{\"run_id\": \"r1\", \"timestamp\": null}");
		assertThat(sample.timestamp()).isNull();
		assertThat(sample.tags()).isEmpty();
		assertThat(sample.experimentIds()).isEmpty();
		assertThat(sample.first()).isNull();
	}

	@Test
	void readsTheOlderNameWhereTheWireNameIsAbsent() {
		assertThat(bind("{\"run_uuid\": \"old\"}").runId()).isEqualTo("old");
		assertThat(bind("{\"run_id\": \"new\", \"run_uuid\": \"old\"}").runId()).isEqualTo("new");
	}

	@Test
	void refusesWrongJsonTypesInMlflowsWords() {
		assertRefused("{\"run_id\": 31}",
				"Invalid value 31 for parameter 'run_id' supplied: Hint: Value was of type 'int'.");
		assertRefused("{\"run_id\": \"r\", \"timestamp\": \"foo\"}",
				"Invalid value \"foo\" for parameter 'timestamp' supplied");
		assertRefused("{\"run_id\": \"r\", \"timestamp\": 1.5}", "Invalid value 1.5 for parameter 'timestamp'");
		assertRefused("{\"run_id\": \"r\", \"tags\": \"5\"}", "Invalid value \"5\" for parameter 'tags'");
		assertRefused("{\"run_id\": \"r\", \"experiment_ids\": [1]}", "for parameter 'experiment_ids'");
		assertRefused("{\"run_id\": \"r\", \"metrics\": [{\"key\": 7}]}", "parameter 'metrics.key'");
		assertRefused("{\"run_id\": \"r\", \"allow_deleted\": \"maybe\"}", "parameter 'allow_deleted'");
	}

	@Test
	void requiredMeansPresentAndNotEmpty() {
		assertRefused("{}", "Missing value for required parameter 'run_id'.");
		assertRefused("{\"run_id\": null}", "Missing value for required parameter 'run_id'.");
		assertRefused("{\"run_id\": \"\"}", "Missing value for required parameter 'run_id'.");
		assertRefused("{\"run_id\": \"r\", \"tags\": [{\"value\": \"v\"}]}",
				"Missing value for required parameter 'tags.key'.");
	}

	@Test
	void queryParametersAreReadWhenTheBodyHasNoSuchField() {
		Sample sample = MlflowBinder.bind(Sample.class, null, Map.of("run_id", new String[] { "q" }, "timestamp",
				new String[] { "7" }, "experiment_ids", new String[] { "1", "3" }));
		assertThat(sample.runId()).isEqualTo("q");
		assertThat(sample.timestamp()).isEqualTo(7L);
		assertThat(sample.experimentIds()).containsExactly("1", "3");
		assertThatThrownBy(() -> MlflowBinder.bind(Sample.class, null,
				Map.of("run_id", new String[] { "q" }, "timestamp", new String[] { "x" })))
			.hasMessageContaining("Invalid value \"x\" for parameter 'timestamp'");
	}

	@Test
	void wireNamesAreSnakeCase() {
		assertThat(MlflowBinder.snakeCase("artifactLocation")).isEqualTo("artifact_location");
		assertThat(MlflowBinder.snakeCase("name")).isEqualTo("name");
	}

}
