package dev.slipway.pipelines.web;

import dev.slipway.error.SlipwayException;
import dev.slipway.pipelines.LogStream;
import dev.slipway.pipelines.LogText;
import dev.slipway.pipelines.PipelineRun;
import dev.slipway.pipelines.PipelineService;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The JSON a run's page polls with its browser session (the REST API takes tokens only):
 * whether the run changed since the page was drawn, and its attempts' logs from a byte
 * offset.
 */
@RestController
class PipelineRunLiveController {

	/** The most bytes of a log one poll reads; a viewer asks again at once for more. */
	static final int LOG_READ = 64 * 1024;

	private final PipelineService pipelines;

	PipelineRunLiveController(PipelineService pipelines) {
		this.pipelines = pipelines;
	}

	/**
	 * A run's state for its page.
	 *
	 * @param state the run's state
	 * @param ended whether it has ended (the page stops polling)
	 * @param signature changes whenever the page would show something new
	 */
	record RunStatus(String state, boolean ended, String signature) {
	}

	/**
	 * A piece of a log.
	 *
	 * @param text the text
	 * @param nextOffset the offset to ask for next
	 * @param complete whether the attempt has ended and nothing follows
	 */
	record LogPiece(String text, long nextOffset, boolean complete) {
	}

	@GetMapping("/pipeline-runs/{id}/status")
	RunStatus status(@PathVariable long id) {
		PipelineRun run = this.pipelines.get(id);
		return new RunStatus(run.state().name(), run.state().ended(), PipelineRunView.signature(run));
	}

	@GetMapping("/pipeline-runs/{id}/steps/{step}/attempts/{attempt}/logs")
	LogPiece log(@PathVariable long id, @PathVariable String step, @PathVariable int attempt,
			@RequestParam(defaultValue = "stdout") String stream, @RequestParam(defaultValue = "0") long offset) {
		LogText text = this.pipelines.log(id, step, attempt, stream(stream), offset, LOG_READ);
		return new LogPiece(text.text(), text.nextOffset(), text.complete());
	}

	private static LogStream stream(String stream) {
		return switch (stream) {
			case "stdout" -> LogStream.STDOUT;
			case "stderr" -> LogStream.STDERR;
			default -> throw SlipwayException.invalidArgument("stream", "must be stdout or stderr");
		};
	}

}
