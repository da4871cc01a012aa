package dev.slipway.mlflow;

import java.util.List;

import dev.slipway.query.KeyValue;

/**
 * MLflow's {@code {key, value}} pair (a tag or a param). An absent value is the empty
 * string, which protobuf's JSON leaves out.
 *
 * @param key the key
 * @param value the value
 */
@MlflowMessage
public record KeyValueMessage(@Required String key, String value) {

	/** The pair as the services take it. */
	public KeyValue toKeyValue() {
		return new KeyValue(this.key, (this.value != null) ? this.value : "");
	}

	/** Each pair as the services take it. */
	public static List<KeyValue> toKeyValues(List<KeyValueMessage> pairs) {
		return pairs.stream().map(KeyValueMessage::toKeyValue).toList();
	}

}
