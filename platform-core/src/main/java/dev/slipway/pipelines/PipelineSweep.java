package dev.slipway.pipelines;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Moves on runs that are not ended, in case the move that was due was lost with a replica
 * (each move is idempotent). One replica sweeps at a time (a db-scheduler recurring
 * task).
 */
@Component
class PipelineSweep {

	private static final Logger log = LoggerFactory.getLogger(PipelineSweep.class);

	private static final int MAX_RUNS_PER_SWEEP = 500;

	private final PipelineRunRepository runs;

	private final PipelineEngine engine;

	PipelineSweep(PipelineRunRepository runs, PipelineEngine engine) {
		this.runs = runs;
		this.engine = engine;
	}

	void sweep() {
		List<Long> active = this.runs.idsInStates(List.of(RunState.PENDING, RunState.RUNNING, RunState.CANCELING),
				MAX_RUNS_PER_SWEEP);
		for (Long id : active) {
			try {
				this.engine.advance(id);
			}
			catch (RuntimeException ex) {
				log.warn("Pipeline run {} was not advanced: {}", id, ex.getMessage());
			}
		}
	}

}
