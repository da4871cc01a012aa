package dev.slipway.pipelines;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.error.TemporarilyUnavailableException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The Kubernetes executor against fabric8's mock API server in CRUD mode. No controller
 * runs there, so each test plays the Job controller and the kubelet: it writes the Job's
 * status and creates the pod itself. Pod logs are served by a small dispatcher that
 * honours {@code limitBytes} as the API server does.
 */
class KubernetesStepExecutorTest {

	static final String NAMESPACE = "steps";

	static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

	private LogServingDispatcher dispatcher;

	private KubernetesMockServer server;

	private KubernetesClient client;

	private KubernetesStepExecutor executor;

	@BeforeEach
	void startServer() {
		Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
		this.dispatcher = new LogServingDispatcher(responses);
		this.server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), responses,
				this.dispatcher, false);
		this.server.init();
		this.client = this.server.createClient();
		this.executor = executor(settings(NAMESPACE), KubernetesStepExecutor.DEFAULT_LOG_CAP);
	}

	@AfterEach
	void stopServer() {
		this.client.close();
		this.server.destroy();
	}

	@Test
	void startCreatesOneJobShapedForOneAttempt() {
		StartedAttempt started = this.executor.start(train());

		assertThat(started.externalId()).isEqualTo("slipway-42-train-1");
		assertThat(started.host()).isEqualTo(NAMESPACE);
		assertThat(started.pid()).isNull();
		assertThat(started.startedAt()).isNotNull();
		Job job = job("slipway-42-train-1");
		Map<String, String> labels = Map.of("app.kubernetes.io/managed-by", "slipway", "slipway.dev/pipeline-run", "42",
				"slipway.dev/step-run", "7", "slipway.dev/step", "train", "slipway.dev/attempt", "1", "team", "ml");
		assertThat(job.getMetadata().getLabels()).isEqualTo(labels);
		assertThat(job.getMetadata().getAnnotations()).containsEntry("slipway.dev/attempt-id", "42-train-1");
		assertThat(job.getSpec().getBackoffLimit()).isZero();
		assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(1800L);
		assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(3600);
		assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(labels);
		PodSpec pod = job.getSpec().getTemplate().getSpec();
		assertThat(pod.getRestartPolicy()).isEqualTo("Never");
		assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(10L);
		assertThat(pod.getServiceAccountName()).isEqualTo("slipway-steps");
		assertThat(pod.getImagePullSecrets()).singleElement()
			.satisfies((secret) -> assertThat(secret.getName()).isEqualTo("registry"));
		Container container = pod.getContainers().get(0);
		assertThat(pod.getContainers()).hasSize(1);
		assertThat(container.getImage()).as("no image named: the default").isEqualTo("python:3.11-slim");
		assertThat(container.getCommand()).containsExactly("python", "train.py", "--lr", "0.01");
		assertThat(container.getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
			.containsExactly(tuple("MLFLOW_TRACKING_URI", "http://slipway.ml:8080"), tuple("SLIPWAY_STEP", "train"));
		assertThat(container.getResources().getRequests())
			.isEqualTo(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("2Gi")));
		assertThat(container.getResources().getLimits()).isEqualTo(Map.of("cpu", new Quantity("500m"), "memory",
				new Quantity("2Gi"), "nvidia.com/gpu", new Quantity("1")));
	}

	@Test
	void aNamedImageWinsAndTheClientsNamespaceIsTheDefault() {
		KubernetesStepExecutor inClientNamespace = executor(settings(null), KubernetesStepExecutor.DEFAULT_LOG_CAP);
		AttemptLaunch launch = launch(42, 7, "train", 1, "ghcr.io/acme/train:3", new Resources(null, null, 0));

		StartedAttempt started = inClientNamespace.start(launch);

		assertThat(started.host()).isEqualTo(this.client.getNamespace()).isNotEqualTo(NAMESPACE);
		Job job = this.client.batch().v1().jobs().inNamespace(started.host()).withName(started.externalId()).get();
		Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
		assertThat(container.getImage()).isEqualTo("ghcr.io/acme/train:3");
		assertThat(container.getResources().getLimits()).as("no GPU asked for, none given").isNullOrEmpty();
	}

	@Test
	void jobNamesAreValidDnsLabelsCutWithAHashWhenTooLong() {
		Pattern dnsLabel = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
		String longStep = "prepare-the-features-of-every-customer-in-every-region";
		String name = KubernetesNames.jobName(AttemptLaunch.idOf(123456789, longStep, 12));
		String neighbour = KubernetesNames.jobName(AttemptLaunch.idOf(123456789, longStep, 13));

		assertThat(KubernetesNames.jobName("42-train-1")).isEqualTo("slipway-42-train-1");
		assertThat(name).hasSizeLessThanOrEqualTo(63)
			.matches(dnsLabel)
			.startsWith("slipway-123456789-prepare-the-features")
			.isEqualTo(KubernetesNames.jobName(AttemptLaunch.idOf(123456789, longStep, 12)));
		assertThat(neighbour).hasSizeLessThanOrEqualTo(63).matches(dnsLabel).isNotEqualTo(name);
		// Characters a label refuses are replaced, and the hash keeps "a_b" apart from
		// "a-b".
		assertThat(KubernetesNames.jobName("1-Train_Model-1")).matches(dnsLabel)
			.startsWith("slipway-1-train-model-1-")
			.isNotEqualTo(KubernetesNames.jobName("1-train-model-1"));
		assertThat(KubernetesNames.labelValue("-" + longStep + longStep)).hasSize(63)
			.matches("[a-z0-9][-a-z0-9_.]*[a-z0-9]");
	}

	@Test
	void aSecondStartReattachesToTheSameJob() {
		StartedAttempt first = this.executor.start(train());
		// A replica after a restart: it knows nothing but the attempt.
		StartedAttempt again = executor(settings(NAMESPACE), KubernetesStepExecutor.DEFAULT_LOG_CAP).start(train());

		assertThat(again).isEqualTo(first);
		assertThat(this.client.batch().v1().jobs().inNamespace(NAMESPACE).list().getItems()).hasSize(1);
	}

	@Test
	void aJobOfTheSameNameForAnotherStepRunIsNotTakenOver() {
		this.executor.start(train());

		assertThatThrownBy(() -> this.executor.start(launch(42, 8, "train", 1, null, Resources.NONE)))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_STATE))
			.hasMessageContaining("slipway-42-train-1")
			.hasMessageContaining("step run 8");
	}

	@Test
	void pendingThenRunningThenSucceeded() {
		AttemptLaunch launch = train();
		String name = this.executor.start(launch).externalId();
		assertThat(this.executor.poll(launch)).isEqualTo(new AttemptStatus(AttemptPhase.PENDING, null, null));

		createPod(name, "Pending", waiting("ImagePullBackOff", "Back-off pulling image \"python:3.11-slim\""));
		AttemptStatus stuck = this.executor.poll(launch);
		assertThat(stuck.phase()).isEqualTo(AttemptPhase.PENDING);
		assertThat(stuck.message()).startsWith("ImagePullBackOff: Back-off pulling image");

		setJobStatus(name, new JobStatusBuilder().withActive(1).build());
		setPodStatus(name, "Running", new ContainerStateBuilder().withNewRunning().endRunning().build());
		assertThat(this.executor.poll(launch)).isEqualTo(new AttemptStatus(AttemptPhase.RUNNING, null, null));

		setPodStatus(name, "Succeeded", terminated(0, "Completed"));
		setJobStatus(name, new JobStatusBuilder().withSucceeded(1).withConditions(condition("Complete", null)).build());
		assertThat(this.executor.poll(launch)).isEqualTo(new AttemptStatus(AttemptPhase.SUCCEEDED, 0, null));
	}

	@Test
	void aFailedJobReportsItsContainersExitCode() {
		AttemptLaunch launch = train();
		String name = this.executor.start(launch).externalId();
		createPod(name, "Failed", terminated(3, "Error"));
		setJobStatus(name,
				new JobStatusBuilder().withFailed(1)
					.withConditions(condition("Failed", "BackoffLimitExceeded"))
					.build());

		AttemptStatus status = this.executor.poll(launch);

		assertThat(status.phase()).isEqualTo(AttemptPhase.FAILED);
		assertThat(status.exitCode()).isEqualTo(3);
		assertThat(status.message()).contains("exit code 3 (Error)").contains("BackoffLimitExceeded message");
	}

	@Test
	void theJobsDeadlineIsATimeout() {
		AttemptLaunch launch = train();
		String name = this.executor.start(launch).externalId();
		setJobStatus(name,
				new JobStatusBuilder().withFailed(1).withConditions(condition("Failed", "DeadlineExceeded")).build());

		AttemptStatus status = this.executor.poll(launch);

		assertThat(status.phase()).isEqualTo(AttemptPhase.TIMED_OUT);
		assertThat(status.message()).contains("1800 s");
	}

	@Test
	void stopDeletesTheJobWithItsPodsAndThenReadsStopped() throws InterruptedException {
		AttemptLaunch launch = train();
		String name = this.executor.start(launch).externalId();

		this.executor.stop(launch);

		RecordedRequest delete = this.server.getLastRequest();
		assertThat(delete.getMethod()).isEqualTo("DELETE");
		assertThat(delete.getPath()).endsWith("/namespaces/steps/jobs/" + name);
		assertThat(delete.getUtf8Body()).contains("\"propagationPolicy\":\"Background\"")
			.contains("\"gracePeriodSeconds\":10");
		assertThat(this.client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get()).isNull();
		assertThat(this.executor.poll(launch).phase()).isEqualTo(AttemptPhase.STOPPED);
		// Another replica never asked for the stop: to it, the attempt is lost.
		assertThat(executor(settings(NAMESPACE), KubernetesStepExecutor.DEFAULT_LOG_CAP).poll(launch).phase())
			.isEqualTo(AttemptPhase.LOST);
		this.executor.stop(launch);
		assertThat(this.executor.poll(launch).phase()).as("a second stop is harmless").isEqualTo(AttemptPhase.STOPPED);
	}

	@Test
	void aJobDeletedBySomeoneElseIsLost() {
		AttemptLaunch launch = train();
		String name = this.executor.start(launch).externalId();

		this.client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).delete();

		assertThat(this.executor.poll(launch))
			.isEqualTo(new AttemptStatus(AttemptPhase.LOST, null, "the Job was deleted"));
	}

	@Test
	void theLogIsReadByByteOffsetWithoutCuttingACharacter() {
		AttemptLaunch launch = train();
		String name = this.executor.start(launch).externalId();
		assertThat(this.executor.readLog(launch, LogStream.STDOUT, 0, 1024))
			.as("no pod yet: nothing, and more may come")
			.isEqualTo(new LogChunk("", 0, false));
		createPod(name, "Running", new ContainerStateBuilder().withNewRunning().endRunning().build());
		String text = "epoch 1 loss=0.5 ✓\népoque 2 — 0.25 🚀\n";
		this.dispatcher.logs.put(name + "-abcde", text.getBytes(StandardCharsets.UTF_8));

		int total = text.getBytes(StandardCharsets.UTF_8).length;
		StringBuilder read = new StringBuilder();
		long offset = 0;
		for (int i = 0; i < 100 && offset < total; i++) {
			LogChunk chunk = this.executor.readLog(launch, LogStream.STDOUT, offset, 3);
			assertThat(chunk.text()).doesNotContain("\uFFFD");
			assertThat(chunk.complete()).as("the pod still runs").isFalse();
			read.append(chunk.text());
			offset = chunk.nextOffset();
		}
		assertThat(read).hasToString(text);
		assertThat(offset).isEqualTo(total);
		assertThat(this.dispatcher.limits).as("never more than up to the chunk's end and one byte")
			.isNotEmpty()
			.allMatch((limit) -> limit <= total + 4);

		setPodStatus(name, "Succeeded", terminated(0, "Completed"));
		assertThat(this.executor.readLog(launch, LogStream.STDOUT, offset, 1024))
			.isEqualTo(new LogChunk("", offset, true));
		assertThat(this.executor.readLog(launch, LogStream.STDOUT, 0, 1024))
			.isEqualTo(new LogChunk(text, offset, true));
		assertThat(this.executor.readLog(launch, LogStream.STDERR, 0, 1024)).isEqualTo(new LogChunk("", 0, true));
	}

	@Test
	void aLogLongerThanTheCapEndsWithANote() {
		KubernetesStepExecutor capped = executor(settings(NAMESPACE), 16);
		AttemptLaunch launch = train();
		String name = capped.start(launch).externalId();
		createPod(name, "Succeeded", terminated(0, "Completed"));
		this.dispatcher.logs.put(name + "-abcde", "0123456789abcdefTHE REST".getBytes(StandardCharsets.UTF_8));

		LogChunk head = capped.readLog(launch, LogStream.STDOUT, 0, 1024);
		LogChunk note = capped.readLog(launch, LogStream.STDOUT, head.nextOffset(), 1024);
		LogChunk after = capped.readLog(launch, LogStream.STDOUT, note.nextOffset(), 1024);

		assertThat(head).isEqualTo(new LogChunk("0123456789abcdef", 16, false));
		assertThat(note.text()).contains("longer than 16 bytes").contains("kubectl logs " + name + "-abcde -n steps");
		assertThat(after).isEqualTo(new LogChunk("", note.nextOffset(), true));
	}

	@Test
	void activeJobNamesListsSlipwaysUnfinishedJobs() {
		String running = this.executor.start(train()).externalId();
		String done = this.executor.start(launch(42, 8, "evaluate", 1, null, Resources.NONE)).externalId();
		setJobStatus(done, new JobStatusBuilder().withSucceeded(1).withConditions(condition("Complete", null)).build());
		this.client.batch()
			.v1()
			.jobs()
			.inNamespace(NAMESPACE)
			.resource(new JobBuilder().withNewMetadata()
				.withName("someone-elses")
				.endMetadata()
				.withNewSpec()
				.withNewTemplate()
				.endTemplate()
				.endSpec()
				.build())
			.create();

		assertThat(this.executor.activeJobNames()).containsExactly(running);
	}

	@Test
	void aJobTheApiServerRefusesIsAnInvalidArgument() {
		this.server.expect()
			.post()
			.withPath("/apis/batch/v1/namespaces/steps/jobs")
			.andReturn(422, new StatusBuilder().withCode(422)
				.withMessage(
						"Job.batch \"slipway-42-train-1\" is invalid: quantities must match the regular expression")
				.build())
			.once();

		assertThatThrownBy(() -> this.executor.start(train()))
			.isInstanceOfSatisfying(SlipwayException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
			.hasMessageContaining("HTTP 422 Job.batch \"slipway-42-train-1\" is invalid");
	}

	@Test
	void aRefusalForWantOfRightsIsUnavailable() {
		this.server.expect()
			.get()
			.withPath("/apis/batch/v1/namespaces/steps/jobs/slipway-42-train-1")
			.andReturn(403, new StatusBuilder().withCode(403).withMessage("jobs.batch is forbidden").build())
			.once();

		assertThatThrownBy(() -> this.executor.poll(train())).isInstanceOf(TemporarilyUnavailableException.class)
			.hasMessage("The Kubernetes API server failed reading Job slipway-42-train-1 in namespace steps: "
					+ "HTTP 403 jobs.batch is forbidden");
	}

	@Test
	void aClosedPortIsUnavailableQuickly() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = socket.getLocalPort();
		}
		assertUnavailableWithin(port, Duration.ofSeconds(5), "connection refused");
	}

	@Test
	void anApiServerThatDoesNotAnswerIsUnavailableAfterTheRequestTimeout() throws IOException {
		// Accepts connections (the kernel does, through the backlog) but never answers.
		try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			assertUnavailableWithin(silent.getLocalPort(), Duration.ofSeconds(5),
					"no answer within the request timeout");
		}
	}

	private void assertUnavailableWithin(int port, Duration bound, String reason) {
		PipelineSettings.Kubernetes settings = new PipelineSettings.Kubernetes(NAMESPACE, null, null,
				Duration.ofHours(1), null, null, Duration.ofMillis(500));
		Config base = new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:" + port).build();
		try (KubernetesClient unreachable = KubernetesStepExecutor.client(settings, base)) {
			KubernetesStepExecutor executor = new KubernetesStepExecutor(unreachable, settings, Duration.ofSeconds(10),
					CLOCK);
			long began = System.nanoTime();

			assertThatThrownBy(() -> executor.start(train())).isInstanceOf(TemporarilyUnavailableException.class)
				.hasMessage("The Kubernetes API server failed creating Job slipway-42-train-1 in namespace steps: "
						+ reason);
			assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(bound);
		}
	}

	private KubernetesStepExecutor executor(PipelineSettings.Kubernetes settings, int logCap) {
		return new KubernetesStepExecutor(this.client, settings, Duration.ofSeconds(10), CLOCK, logCap);
	}

	private static PipelineSettings.Kubernetes settings(String namespace) {
		return new PipelineSettings.Kubernetes(namespace, "slipway-steps", "python:3.11-slim", Duration.ofHours(1),
				"registry", Map.of("team", "ml"), Duration.ofSeconds(10));
	}

	private static AttemptLaunch train() {
		return launch(42, 7, "train", 1, null, new Resources("500m", "2Gi", 1));
	}

	private static AttemptLaunch launch(long run, long stepRun, String step, int attempt, String image,
			Resources resources) {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("MLFLOW_TRACKING_URI", "http://slipway.ml:8080");
		env.put("SLIPWAY_STEP", step);
		return new AttemptLaunch(AttemptLaunch.idOf(run, step, attempt), run, stepRun, step, attempt,
				List.of("python", step + ".py", "--lr", "0.01"), env, image, resources, Duration.ofMinutes(30), null);
	}

	private Job job(String name) {
		return this.client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get();
	}

	private void setJobStatus(String name, JobStatus status) {
		Job job = job(name);
		job.setStatus(status);
		this.client.batch().v1().jobs().inNamespace(NAMESPACE).resource(job).updateStatus();
	}

	/** The pod the Job controller would create, named as it would. */
	private void createPod(String jobName, String phase, ContainerState state) {
		Pod pod = new PodBuilder().withNewMetadata()
			.withName(jobName + "-abcde")
			.addToLabels("job-name", jobName)
			.endMetadata()
			.withNewSpec()
			.addNewContainer()
			.withName("step")
			.withImage("python:3.11-slim")
			.endContainer()
			.endSpec()
			.build();
		this.client.pods().inNamespace(NAMESPACE).resource(pod).create();
		setPodStatus(jobName, phase, state);
	}

	private void setPodStatus(String jobName, String phase, ContainerState state) {
		Pod pod = this.client.pods().inNamespace(NAMESPACE).withName(jobName + "-abcde").get();
		pod.setStatus(new PodStatusBuilder().withPhase(phase)
			.addNewContainerStatus()
			.withName("step")
			.withState(state)
			.endContainerStatus()
			.build());
		this.client.pods().inNamespace(NAMESPACE).resource(pod).updateStatus();
	}

	private static ContainerState waiting(String reason, String message) {
		return new ContainerStateBuilder().withNewWaiting()
			.withReason(reason)
			.withMessage(message)
			.endWaiting()
			.build();
	}

	private static ContainerState terminated(int exitCode, String reason) {
		return new ContainerStateBuilder().withNewTerminated()
			.withExitCode(exitCode)
			.withReason(reason)
			.endTerminated()
			.build();
	}

	private static JobCondition condition(String type, String reason) {
		return new JobConditionBuilder().withType(type)
			.withStatus("True")
			.withReason(reason)
			.withMessage((reason != null) ? reason + " message" : null)
			.build();
	}

	/**
	 * CRUD for everything, plus pod logs from {@link #logs}, cut at {@code limitBytes}.
	 */
	static final class LogServingDispatcher extends KubernetesMixedDispatcher {

		private static final Pattern LOG = Pattern.compile("/api/v1/namespaces/[^/]+/pods/([^/?]+)/log(\\?.*)?");

		private static final Pattern LIMIT = Pattern.compile("[?&]limitBytes=([0-9]+)");

		final Map<String, byte[]> logs = new ConcurrentHashMap<>();

		final List<Integer> limits = new CopyOnWriteArrayList<>();

		LogServingDispatcher(Map<ServerRequest, Queue<ServerResponse>> responses) {
			super(responses);
		}

		@Override
		public MockResponse dispatch(RecordedRequest request) {
			Matcher log = LOG.matcher(request.getPath());
			if (!"GET".equals(request.getMethod()) || !log.matches()) {
				return super.dispatch(request);
			}
			byte[] bytes = this.logs.get(log.group(1));
			if (bytes == null) {
				return new MockResponse().setResponseCode(404);
			}
			Matcher limit = LIMIT.matcher(request.getPath());
			int length = bytes.length;
			if (limit.find()) {
				int limitBytes = Integer.parseInt(limit.group(1));
				this.limits.add(limitBytes);
				length = Math.min(length, limitBytes);
			}
			return new MockResponse().setResponseCode(200).setBody(Arrays.copyOf(bytes, length));
		}

	}

}
