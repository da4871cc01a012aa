package dev.slipway.serving;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/** JSON of the serving wire formats and of MLmodel signatures. */
final class ServingJson {

	/**
	 * Deep nesting is never a valid prediction request; the bound keeps a crafted body
	 * from costing stack.
	 */
	static final JsonMapper JSON = JsonMapper
		.builder(JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
			.build())
		.build();

	private ServingJson() {
	}

}
