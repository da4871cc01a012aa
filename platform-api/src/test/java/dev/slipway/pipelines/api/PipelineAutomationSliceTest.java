package dev.slipway.pipelines.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.pipelines.NewSchedule;
import dev.slipway.pipelines.NewTrigger;
import dev.slipway.pipelines.PipelineSchedule;
import dev.slipway.pipelines.PipelineTrigger;
import dev.slipway.pipelines.ScheduleChange;
import dev.slipway.pipelines.ScheduleService;
import dev.slipway.pipelines.TriggerFiring;
import dev.slipway.pipelines.TriggerKind;
import dev.slipway.pipelines.TriggerService;
import dev.slipway.security.api.ApiSlice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;

/**
 * The schedule and trigger routes at the edge: snake_case in and out, instants read as
 * ISO-8601, and refusals answered with their catalogue code.
 */
class PipelineAutomationSliceTest extends ApiSlice {

	@Autowired
	ScheduleService schedules;

	@Autowired
	TriggerService triggers;

	@AfterEach
	void forgetStubs() {
		// The context is shared by every slice test: leave the mocks answering defaults.
		Mockito.reset(this.schedules, this.triggers);
	}

	private static PipelineSchedule nightly() {
		return new PipelineSchedule(3, "train", "nightly", "0 9 * * *", null, "Europe/Paris", 1_800_000_000_000L, null,
				1, 2, null, Map.of("rows", 5), true, "every day at 09:00 (Europe/Paris)", null, 1_800_003_600_000L, 0,
				null, "alice", 1L, 2L);
	}

	private MvcTestResult post(String uri, String body) {
		return this.mvc.post()
			.uri(uri)
			.header("Authorization", "Bearer " + TOKEN)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();
	}

	@Test
	void aScheduleIsMadeFromSnakeCaseAndAnsweredInIt() {
		given(this.schedules.create(eq("train"), any())).willReturn(nightly());

		MvcTestResult result = post("/api/v1/pipelines/train/schedules",
				"{\"name\": \"nightly\", \"cron\": \"0 9 * * *\", \"zone\": \"Europe/Paris\", "
						+ "\"start_at\": \"2027-01-15T08:00:00+01:00\", \"catchup_limit\": 2, "
						+ "\"parameters\": {\"rows\": 5}}");

		assertThat(result).hasStatus(201);
		assertThat(result).bodyJson().extractingPath("$.next_fire_at").isEqualTo(1_800_003_600_000L);
		assertThat(result).bodyJson().extractingPath("$.max_concurrent").isEqualTo(1);
		assertThat(result).bodyJson().extractingPath("$.description").isEqualTo("every day at 09:00 (Europe/Paris)");
		ArgumentCaptor<NewSchedule> made = ArgumentCaptor.forClass(NewSchedule.class);
		then(this.schedules).should().create(eq("train"), made.capture());
		assertThat(made.getValue().startAt()).isEqualTo(Instant.parse("2027-01-15T07:00:00Z"));
		assertThat(made.getValue().catchupLimit()).isEqualTo(2);
		assertThat(made.getValue().parameters()).containsEntry("rows", 5);
	}

	@Test
	void aScheduleWithAnUnreadableInstantOrADuplicateNameIsRefused() {
		MvcTestResult unreadable = post("/api/v1/pipelines/train/schedules",
				"{\"name\": \"nightly\", \"interval_seconds\": 3600, \"end_at\": \"next tuesday\"}");
		given(this.schedules.create(eq("train"), any()))
			.willThrow(new SlipwayException(ErrorCode.ALREADY_EXISTS, "Pipeline train already has a schedule"));
		MvcTestResult duplicate = post("/api/v1/pipelines/train/schedules",
				"{\"name\": \"nightly\", \"interval_seconds\": 3600}");

		assertThat(unreadable).hasStatus(400);
		assertThat(unreadable).bodyJson().extractingPath("$.code").isEqualTo("INVALID_ARGUMENT");
		assertThat(unreadable).bodyJson().extractingPath("$.detail").asString().startsWith("end_at: ");
		assertThat(duplicate).hasStatus(409);
		assertThat(duplicate).bodyJson().extractingPath("$.code").isEqualTo("ALREADY_EXISTS");
	}

	@Test
	void patchingAScheduleChangesOnlyWhatIsGiven() {
		given(this.schedules.update(eq("train"), eq("nightly"), any())).willReturn(nightly());

		MvcTestResult result = this.mvc.patch()
			.uri("/api/v1/pipelines/train/schedules/nightly")
			.header("Authorization", "Bearer " + TOKEN)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"enabled\": false, \"max_concurrent\": 3}")
			.exchange();

		assertThat(result).hasStatus(200);
		then(this.schedules).should()
			.update("train", "nightly", new ScheduleChange(false, null, null, null, null, null, 3, null, null, null));
	}

	@Test
	void aTriggerIsMadeAndItsFiringsAreListed() {
		given(this.triggers.create(eq("train"), any()))
			.willReturn(new PipelineTrigger(4, "train", "retrain", TriggerKind.ALERT, "churn",
					Map.of("note", "{{event.model}}"), 3600, true, null, null, "alice", 1L, 1L));
		given(this.triggers.firings("train", "retrain", 10))
			.willReturn(List.of(new TriggerFiring("alert:41:1796342400000", "STARTED", 77L, 5L, null)));

		MvcTestResult made = post("/api/v1/pipelines/train/triggers",
				"{\"name\": \"retrain\", \"kind\": \"ALERT\", \"source_name\": \"churn\", "
						+ "\"parameters\": {\"note\": \"{{event.model}}\"}}");
		MvcTestResult firings = this.mvc.get()
			.uri("/api/v1/pipelines/train/triggers/retrain/firings?limit=10")
			.header("Authorization", "Bearer " + TOKEN)
			.exchange();

		assertThat(made).hasStatus(201);
		assertThat(made).bodyJson().extractingPath("$.cooldown_seconds").isEqualTo(3600);
		assertThat(made).bodyJson().extractingPath("$.source_name").isEqualTo("churn");
		then(this.triggers).should()
			.create("train",
					new NewTrigger("retrain", "ALERT", "churn", Map.of("note", "{{event.model}}"), null, null));
		assertThat(firings).hasStatus(200);
		assertThat(firings).bodyJson().extractingPath("$.firings[0].run_id").isEqualTo(77);
		assertThat(firings).bodyJson().extractingPath("$.firings[0].outcome").isEqualTo("STARTED");
	}

	@Test
	void aTriggerRefusedByTheServiceIsAnsweredWithTheFieldAndAMissingOneWithNotFound() {
		given(this.triggers.create(eq("train"), any()))
			.willThrow(SlipwayException.invalidArgument("source_name", "a pipeline cannot trigger itself"));
		given(this.triggers.get("train", "gone"))
			.willThrow(SlipwayException.notFound("Trigger of pipeline train", "gone"));

		MvcTestResult loop = post("/api/v1/pipelines/train/triggers",
				"{\"name\": \"self\", \"kind\": \"PIPELINE_SUCCEEDED\", \"source_name\": \"train\"}");
		MvcTestResult missing = this.mvc.get()
			.uri("/api/v1/pipelines/train/triggers/gone")
			.header("Authorization", "Bearer " + TOKEN)
			.exchange();

		assertThat(loop).hasStatus(400);
		assertThat(loop).bodyJson().extractingPath("$.detail").asString().startsWith("source_name: ");
		assertThat(missing).hasStatus(404);
		assertThat(missing).bodyJson().extractingPath("$.code").isEqualTo("NOT_FOUND");
	}

}
