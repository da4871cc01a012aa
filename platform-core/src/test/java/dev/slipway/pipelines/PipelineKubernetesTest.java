package dev.slipway.pipelines;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.slipway.CoreTestApplication;
import dev.slipway.testsupport.WithSlipwayUser;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Pipeline runs on the Kubernetes executor, through the engine and db-scheduler, against
 * fabric8's mock API server in CRUD mode: the test plays the Job controller (it writes
 * each Job's status) and checks that the run follows: a Job per attempt with the step's
 * labels, a succeeded Job ends the step, a failed one is retried with the next attempt's
 * Job, and cancel deletes the running Job.
 */
@WithSlipwayUser
@SpringBootTest(classes = { CoreTestApplication.class, PipelineKubernetesTest.MockCluster.class })
class PipelineKubernetesTest {

	static final String NAMESPACE = "ml-steps";

	static final KubernetesMockServer SERVER = new KubernetesMockServer(new Context(Serialization.jsonMapper()),
			new MockWebServer(), new HashMap<>(), new KubernetesMixedDispatcher(new HashMap<>()), false);

	static {
		SERVER.init();
	}

	@AfterAll
	static void stopServer() {
		SERVER.destroy();
	}

	@TestConfiguration
	static class MockCluster {

		@Bean(destroyMethod = "close")
		KubernetesClient kubernetesClient() {
			return SERVER.createClient();
		}

	}

	@DynamicPropertySource
	static void settings(DynamicPropertyRegistry registry) {
		PipelineRunsTest.properties(registry, "pipelines-k8s");
		registry.add("slipway.pipelines.executor", () -> "kubernetes");
		registry.add("slipway.pipelines.kubernetes.namespace", () -> NAMESPACE);
	}

	@Autowired
	PipelineService pipelines;

	@Autowired
	KubernetesClient client;

	@Test
	void aRunFollowsItsJobsThroughRetryAndSuccess() {
		this.pipelines.upload("""
				name: on-k8s
				steps:
				  - name: train
				    image: python:3.11-slim
				    command: [python, train.py]
				    retry: {maxAttempts: 2, backoff: 1s}
				""", null);
		PipelineRun run = this.pipelines.start("on-k8s", new StartRun(null, Map.of(), false, null, null), RunCause.API,
				null);
		assertThat(run.executor()).isEqualTo("kubernetes");

		String first = "slipway-" + run.id() + "-train-1";
		Job job = awaitJob(first);
		assertThat(job.getMetadata().getLabels()).containsEntry("slipway.dev/pipeline-run", Long.toString(run.id()))
			.containsEntry("slipway.dev/step", "train")
			.containsEntry("slipway.dev/attempt", "1");
		assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
			.anySatisfy((env) -> assertThat(env.getName()).isEqualTo("MLFLOW_RUN_ID"));
		setStatus(first,
				new JobStatusBuilder().withFailed(1)
					.withConditions(condition("Failed", "BackoffLimitExceeded"))
					.build());

		String second = "slipway-" + run.id() + "-train-2";
		awaitJob(second);
		setStatus(second, new JobStatusBuilder().withSucceeded(1).withConditions(condition("Complete", null)).build());

		PipelineRun ended = awaitEnd(run.id());
		assertThat(ended.state()).as(ended.message()).isEqualTo(RunState.SUCCEEDED);
		assertThat(ended.steps().get(0).attemptList()).extracting(Attempt::state)
			.containsExactly("FAILED", "SUCCEEDED");
		assertThat(ended.steps().get(0).attemptList()).extracting(Attempt::externalId).containsExactly(first, second);
	}

	@Test
	void cancelDeletesTheRunningJob() {
		this.pipelines.upload("""
				name: on-k8s-cancel
				steps:
				  - name: long
				    image: python:3.11-slim
				    command: [sleep, "600"]
				""", null);
		PipelineRun run = this.pipelines.start("on-k8s-cancel", new StartRun(null, Map.of(), false, null, null),
				RunCause.API, null);
		String name = "slipway-" + run.id() + "-long-1";
		awaitJob(name);
		setStatus(name, new JobStatusBuilder().withActive(1).build());
		await().atMost(Duration.ofSeconds(30))
			.pollInSameThread()
			.until(() -> "RUNNING".equals(this.pipelines.get(run.id()).steps().get(0).attemptList().get(0).state()));

		this.pipelines.cancel(run.id());

		assertThat(awaitEnd(run.id()).state()).isEqualTo(RunState.CANCELED);
		assertThat(jobs()).extracting((job) -> job.getMetadata().getName()).doesNotContain(name);
	}

	private Job awaitJob(String name) {
		await().atMost(Duration.ofSeconds(30)).until(() -> job(name) != null);
		return job(name);
	}

	private Job job(String name) {
		return this.client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get();
	}

	private List<Job> jobs() {
		return this.client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems();
	}

	private void setStatus(String name, JobStatus status) {
		Job job = job(name);
		job.setStatus(status);
		this.client.batch().v1().jobs().inNamespace(NAMESPACE).resource(job).updateStatus();
	}

	private static io.fabric8.kubernetes.api.model.batch.v1.JobCondition condition(String type, String reason) {
		return new JobConditionBuilder().withType(type).withStatus("True").withReason(reason).build();
	}

	private PipelineRun awaitEnd(long runId) {
		await().atMost(Duration.ofSeconds(60))
			.pollInSameThread()
			.until(() -> this.pipelines.get(runId).state().ended());
		return this.pipelines.get(runId);
	}

}
