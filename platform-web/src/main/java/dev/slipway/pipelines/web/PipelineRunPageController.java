package dev.slipway.pipelines.web;

import java.time.Clock;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.pipelines.PipelinePages;
import dev.slipway.pipelines.PipelineService;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A pipeline run's page (header, graph coloured by step state, steps with outputs and log
 * viewers, history), and its Cancel and Retry buttons. The page is one call to
 * {@link PipelinePages}; the services decide who may cancel or retry.
 */
@Controller
class PipelineRunPageController {

	private final PipelinePages pages;

	private final PipelineService pipelines;

	private final Clock clock;

	PipelineRunPageController(PipelinePages pages, PipelineService pipelines, Clock clock) {
		this.pages = pages;
		this.pipelines = pipelines;
		this.clock = clock;
	}

	@GetMapping("/pipeline-runs/{id}")
	String run(@PathVariable long id, Model model) {
		model.addAttribute("r", PipelineRunView.of(this.pages.run(id), this.clock.millis()));
		return "pipelines/run";
	}

	@PostMapping("/pipeline-runs/{id}/cancel")
	String cancel(@PathVariable long id, RedirectAttributes redirect) {
		return apply(() -> this.pipelines.cancel(id), "Cancel requested: running steps are being stopped", id,
				redirect);
	}

	@PostMapping("/pipeline-runs/{id}/retry")
	String retry(@PathVariable long id, RedirectAttributes redirect) {
		return apply(() -> this.pipelines.retry(id), "Retry started: failed, cancelled and skipped steps run again", id,
				redirect);
	}

	/**
	 * Applies a change and goes back to the run; a run in the wrong state for it (ended,
	 * or not failed) is said on the page, while a refusal of permission or an unknown run
	 * shows the error page.
	 */
	private static String apply(Runnable change, String notice, long id, RedirectAttributes redirect) {
		try {
			change.run();
			redirect.addFlashAttribute("notice", notice);
		}
		catch (SlipwayException ex) {
			if (ex.code() != ErrorCode.INVALID_STATE) {
				throw ex;
			}
			redirect.addFlashAttribute("error", PageError.of(ex));
		}
		return "redirect:/pipeline-runs/" + id;
	}

}
