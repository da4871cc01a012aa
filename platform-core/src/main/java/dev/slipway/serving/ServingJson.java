package dev.slipway.serving;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;
import tools.jackson.databind.json.JsonMapper;

/** JSON of the serving wire formats and of MLmodel signatures. */
final class ServingJson {

	/**
	 * Deep nesting is never a valid prediction request; the bound keeps a crafted body
	 * from costing stack. Buffers are recycled per thread (request threads are pooled
	 * platform threads), not through Jackson 3's default shared deque, whose contention
	 * showed on the prediction hot path.
	 */
	static final JsonMapper JSON = JsonMapper
		.builder(JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
			.recyclerPool(JsonRecyclerPools.threadLocalPool())
			.build())
		.build();

	private ServingJson() {
	}

}
