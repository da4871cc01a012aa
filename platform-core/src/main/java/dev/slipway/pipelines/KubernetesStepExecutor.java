package dev.slipway.pipelines;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.slipway.error.DependencyOutages;
import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.error.TemporarilyUnavailableException;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobList;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.ScalableResource;

/**
 * Runs each attempt as one {@code batch/v1} Job with a single pod
 * (docs/pipelines-kubernetes.md). The Job's name is derived from the attempt id, so
 * starting again re-attaches to the Job that exists, on this replica or on another.
 * Kubernetes owns the deadline ({@code activeDeadlineSeconds}) and the clean-up
 * ({@code ttlSecondsAfterFinished}); the engine owns retries, which is why
 * {@code backoffLimit} is 0.
 */
class KubernetesStepExecutor implements StepExecutor {

	static final String KIND = "kubernetes";

	static final String MANAGED_BY = "app.kubernetes.io/managed-by";

	static final String PIPELINE_RUN = "slipway.dev/pipeline-run";

	static final String STEP_RUN = "slipway.dev/step-run";

	static final String STEP = "slipway.dev/step";

	static final String ATTEMPT = "slipway.dev/attempt";

	/** The full attempt id, since the name may be cut. */
	static final String ATTEMPT_ID = "slipway.dev/attempt-id";

	/** Set on its pods by the Job controller (also as batch.kubernetes.io/job-name). */
	static final String JOB_NAME = "job-name";

	static final String CONTAINER = "step";

	static final String GPU = "nvidia.com/gpu";

	/**
	 * The most of a pod's log this executor serves. The log API can only read from the
	 * start ({@code limitBytes}), so every read of a running pod fetches everything up to
	 * the offset again; and the kubelet rotates a container's log at 10 MiB by default,
	 * after which the start moves. 8 MiB stays below that.
	 */
	static final int DEFAULT_LOG_CAP = 8 * 1024 * 1024;

	private static final int LIST_PAGE = 500;

	/** Waiting reasons after which the pod will not start without a change. */
	private static final Set<String> STUCK = Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName",
			"ErrImageNeverPull", "CreateContainerConfigError", "CreateContainerError");

	private final KubernetesClient client;

	private final PipelineSettings.Kubernetes settings;

	private final Duration stopGrace;

	private final Clock clock;

	private final int logCap;

	private final String namespace;

	/**
	 * Jobs this replica deleted on request, so their absence reads STOPPED rather than
	 * LOST. Another replica (or this one after a restart) does not know them and answers
	 * LOST, which the engine also accepts for a cancelled attempt.
	 */
	private final Set<String> stopped = ConcurrentHashMap.newKeySet();

	/**
	 * The whole log of a few pods that ended, so reading it in chunks fetches it once.
	 */
	private final Map<String, EndedLog> endedLogs = new LinkedHashMap<>(4, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, EndedLog> eldest) {
			return size() > 2;
		}

	};

	KubernetesStepExecutor(KubernetesClient client, PipelineSettings.Kubernetes settings, Duration stopGrace,
			Clock clock) {
		this(client, settings, stopGrace, clock, DEFAULT_LOG_CAP);
	}

	KubernetesStepExecutor(KubernetesClient client, PipelineSettings.Kubernetes settings, Duration stopGrace,
			Clock clock, int logCap) {
		this.client = client;
		this.settings = settings;
		this.stopGrace = stopGrace;
		this.clock = clock;
		this.logCap = logCap;
		this.namespace = namespaceOf(client, settings);
	}

	/**
	 * The client the engine uses in production: the usual discovery (the pod's service
	 * account in a cluster, else {@code KUBECONFIG} or {@code ~/.kube/config}) with
	 * Slipway's bounds on every call.
	 */
	static KubernetesClient client(PipelineSettings.Kubernetes settings) {
		return client(settings, Config.autoConfigure(null));
	}

	/** A client for {@code base} with Slipway's bounds on every call. */
	static KubernetesClient client(PipelineSettings.Kubernetes settings, Config base) {
		int timeout = (int) Math.min(Integer.MAX_VALUE, settings.requestTimeout().toMillis());
		ConfigBuilder config = new ConfigBuilder(base).withRequestTimeout(timeout)
			.withConnectionTimeout(timeout)
			// fabric8 retries a failed call up to 10 times with a growing pause (over a
			// minute when the API server is down); the engine calls again on its next
			// round anyway, so one call is bounded by requestTimeout alone.
			.withRequestRetryBackoffLimit(0);
		if (hasText(settings.namespace())) {
			config.withNamespace(settings.namespace());
		}
		return new KubernetesClientBuilder().withConfig(config.build()).build();
	}

	@Override
	public String kind() {
		return KIND;
	}

	/** The namespace Jobs go to. */
	String namespace() {
		return this.namespace;
	}

	@Override
	public StartedAttempt start(AttemptLaunch launch) {
		String name = KubernetesNames.jobName(launch.id());
		this.stopped.remove(name);
		Job job = job(launch, name);
		Job created = create(job);
		if (created == null) {
			created = call(() -> jobs().withName(name).get(), "reading Job " + name);
			if (created == null) {
				// Gone between the refusal and the read: create it after all.
				created = create(job);
			}
			if (created == null) {
				throw new TemporarilyUnavailableException(
						"Kubernetes Job " + name + " was being created and deleted at the same time",
						DependencyOutages.RETRY_AFTER);
			}
			checkSameAttempt(created, launch);
		}
		return new StartedAttempt(name, this.namespace, null, createdAt(created));
	}

	/** Creates {@code job}; {@code null} when one of that name exists (HTTP 409). */
	private Job create(Job job) {
		try {
			return jobs().resource(job).create();
		}
		catch (KubernetesClientException ex) {
			if (ex.getCode() == HttpURLConnection.HTTP_CONFLICT) {
				return null;
			}
			throw failure(ex, "creating Job " + job.getMetadata().getName());
		}
	}

	/** The Job for {@code launch}; nothing is sent. */
	Job job(AttemptLaunch launch, String name) {
		Map<String, String> labels = labels(launch);
		String image = hasText(launch.image()) ? launch.image() : this.settings.defaultImage();
		List<EnvVar> env = new ArrayList<>();
		launch.environment().forEach((key, value) -> env.add(new EnvVar(key, value, null)));
		JobBuilder builder = new JobBuilder().withNewMetadata()
			.withName(name)
			.withNamespace(this.namespace)
			.withLabels(labels)
			.addToAnnotations(ATTEMPT_ID, launch.id())
			.endMetadata()
			.withNewSpec()
			// Retries are the engine's, never Kubernetes'.
			.withBackoffLimit(0)
			.withTtlSecondsAfterFinished(seconds(this.settings.ttlAfterFinished()))
			.withNewTemplate()
			.withNewMetadata()
			.withLabels(labels)
			.endMetadata()
			.withNewSpec()
			.withRestartPolicy("Never")
			// What a stopped pod gets between SIGTERM and SIGKILL.
			.withTerminationGracePeriodSeconds((long) seconds(this.stopGrace))
			.addNewContainer()
			.withName(CONTAINER)
			.withImage(image)
			.withCommand(launch.command())
			.withEnv(env)
			.withResources(resources(launch.resources()))
			.endContainer()
			.endSpec()
			.endTemplate()
			.endSpec();
		if (launch.timeout() != null) {
			builder.editSpec().withActiveDeadlineSeconds((long) seconds(launch.timeout())).endSpec();
		}
		if (hasText(this.settings.serviceAccount())) {
			builder.editSpec()
				.editTemplate()
				.editSpec()
				.withServiceAccountName(this.settings.serviceAccount())
				.endSpec()
				.endTemplate()
				.endSpec();
		}
		if (hasText(this.settings.imagePullSecret())) {
			builder.editSpec()
				.editTemplate()
				.editSpec()
				.withImagePullSecrets(new LocalObjectReference(this.settings.imagePullSecret()))
				.endSpec()
				.endTemplate()
				.endSpec();
		}
		return builder.build();
	}

	private Map<String, String> labels(AttemptLaunch launch) {
		Map<String, String> labels = new LinkedHashMap<>(this.settings.labels());
		labels.put(MANAGED_BY, "slipway");
		labels.put(PIPELINE_RUN, Long.toString(launch.runId()));
		labels.put(STEP_RUN, Long.toString(launch.stepRunId()));
		labels.put(STEP, KubernetesNames.labelValue(launch.stepName()));
		labels.put(ATTEMPT, Integer.toString(launch.attempt()));
		return labels;
	}

	private static ResourceRequirements resources(Resources resources) {
		ResourceRequirementsBuilder builder = new ResourceRequirementsBuilder();
		if (resources == null) {
			return builder.build();
		}
		// Requests equal to limits: the step gets what it asked for and no more
		// (the Guaranteed QoS class when both are set).
		if (hasText(resources.cpu())) {
			builder.addToRequests("cpu", new Quantity(resources.cpu()))
				.addToLimits("cpu", new Quantity(resources.cpu()));
		}
		if (hasText(resources.memory())) {
			builder.addToRequests("memory", new Quantity(resources.memory()))
				.addToLimits("memory", new Quantity(resources.memory()));
		}
		if (resources.gpu() != null && resources.gpu() > 0) {
			// An extended resource is given as a limit; its request defaults to it.
			builder.addToLimits(GPU, new Quantity(Integer.toString(resources.gpu())));
		}
		return builder.build();
	}

	/**
	 * A Job of this name exists; it is this attempt's unless it was made for another step
	 * run (a database reset that reuses ids, another Slipway in the namespace).
	 */
	private void checkSameAttempt(Job existing, AttemptLaunch launch) {
		Map<String, String> labels = existing.getMetadata().getLabels();
		String stepRun = (labels != null) ? labels.get(STEP_RUN) : null;
		if (!Long.toString(launch.stepRunId()).equals(stepRun)) {
			throw new SlipwayException(ErrorCode.INVALID_STATE,
					"Kubernetes Job " + existing.getMetadata().getName() + " in namespace " + this.namespace
							+ " exists but does not belong to step run " + launch.stepRunId());
		}
	}

	private Instant createdAt(Job job) {
		String created = job.getMetadata().getCreationTimestamp();
		if (created != null) {
			try {
				return Instant.parse(created);
			}
			catch (DateTimeParseException ex) {
				// Not RFC 3339 as Kubernetes writes it; now is close enough.
			}
		}
		return this.clock.instant();
	}

	@Override
	public AttemptStatus poll(AttemptLaunch launch) {
		String name = KubernetesNames.jobName(launch.id());
		Job job = call(() -> jobs().withName(name).get(), "reading Job " + name);
		if (job == null || job.getMetadata().getDeletionTimestamp() != null) {
			if (this.stopped.contains(name)) {
				return new AttemptStatus(AttemptPhase.STOPPED, null, "stopped on request");
			}
			return new AttemptStatus(AttemptPhase.LOST, null,
					(job == null) ? "the Job was deleted" : "the Job is being deleted");
		}
		JobStatus status = (job.getStatus() != null) ? job.getStatus() : new JobStatus();
		if (isTrue(status, "Complete") != null || atLeastOne(status.getSucceeded())) {
			return new AttemptStatus(AttemptPhase.SUCCEEDED, 0, null);
		}
		JobCondition failed = isTrue(status, "Failed");
		if (failed != null || atLeastOne(status.getFailed())) {
			Pod pod = newestPod(job);
			ContainerStateTerminated terminated = terminated(pod);
			Integer exitCode = (terminated != null) ? terminated.getExitCode() : null;
			if (failed != null && "DeadlineExceeded".equals(failed.getReason())) {
				return new AttemptStatus(AttemptPhase.TIMED_OUT, exitCode,
						"ran longer than its timeout of " + job.getSpec().getActiveDeadlineSeconds() + " s");
			}
			return new AttemptStatus(AttemptPhase.FAILED, exitCode, failureMessage(failed, terminated));
		}
		Pod pod = newestPod(job);
		if (atLeastOne(status.getActive()) && pod != null && pod.getStatus() != null
				&& "Running".equals(pod.getStatus().getPhase())) {
			return new AttemptStatus(AttemptPhase.RUNNING, null, null);
		}
		return new AttemptStatus(AttemptPhase.PENDING, null, pendingMessage(pod));
	}

	private static JobCondition isTrue(JobStatus status, String type) {
		if (status.getConditions() == null) {
			return null;
		}
		return status.getConditions()
			.stream()
			.filter((condition) -> type.equals(condition.getType()) && "True".equals(condition.getStatus()))
			.findFirst()
			.orElse(null);
	}

	private static boolean atLeastOne(Integer count) {
		return count != null && count >= 1;
	}

	private static String failureMessage(JobCondition failed, ContainerStateTerminated terminated) {
		List<String> parts = new ArrayList<>();
		if (terminated != null) {
			String reason = terminated.getReason();
			if (hasText(terminated.getMessage())) {
				reason = (reason != null) ? reason + ": " + terminated.getMessage() : terminated.getMessage();
			}
			parts.add("the container ended with exit code " + terminated.getExitCode()
					+ ((reason != null) ? " (" + reason.strip() + ")" : ""));
		}
		if (failed != null) {
			parts.add(hasText(failed.getMessage()) ? failed.getMessage() : failed.getReason());
		}
		parts.removeIf(Objects::isNull);
		return parts.isEmpty() ? "the Job failed" : String.join("; ", parts);
	}

	/**
	 * Why a pod has not started, when it will not start by itself: an image that cannot
	 * be pulled, a missing secret, no node that fits. The engine's timeout ends it.
	 */
	private static String pendingMessage(Pod pod) {
		if (pod == null || pod.getStatus() == null) {
			return null;
		}
		ContainerStatus container = firstContainer(pod);
		ContainerStateWaiting waiting = (container != null && container.getState() != null)
				? container.getState().getWaiting() : null;
		if (waiting != null && STUCK.contains(waiting.getReason())) {
			return waiting.getReason() + (hasText(waiting.getMessage()) ? ": " + waiting.getMessage() : "");
		}
		if (pod.getStatus().getConditions() != null) {
			for (PodCondition condition : pod.getStatus().getConditions()) {
				if ("PodScheduled".equals(condition.getType()) && "False".equals(condition.getStatus())
						&& condition.getReason() != null) {
					return condition.getReason()
							+ (hasText(condition.getMessage()) ? ": " + condition.getMessage() : "");
				}
			}
		}
		return null;
	}

	private static ContainerStatus firstContainer(Pod pod) {
		if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
				|| pod.getStatus().getContainerStatuses().isEmpty()) {
			return null;
		}
		return pod.getStatus().getContainerStatuses().get(0);
	}

	private static ContainerStateTerminated terminated(Pod pod) {
		ContainerStatus container = firstContainer(pod);
		return (container != null && container.getState() != null) ? container.getState().getTerminated() : null;
	}

	/**
	 * The Job's newest pod; with {@code backoffLimit: 0} there is one, unless it was
	 * evicted or deleted and the controller made another. A pod of an earlier Job of the
	 * same name, still being collected, is not this one's.
	 */
	private Pod newestPod(Job job) {
		String name = job.getMetadata().getName();
		String uid = job.getMetadata().getUid();
		List<Pod> pods = call(() -> this.client.pods().inNamespace(this.namespace).withLabel(JOB_NAME, name).list(),
				"listing the pods of Job " + name)
			.getItems();
		return pods.stream()
			.filter((pod) -> uid == null || ownedBy(pod, uid))
			.max(Comparator.comparing((Pod pod) -> Objects.toString(pod.getMetadata().getCreationTimestamp(), "")))
			.orElse(null);
	}

	private static boolean ownedBy(Pod pod, String uid) {
		List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
		if (owners == null || owners.isEmpty()) {
			return true;
		}
		return owners.stream().anyMatch((owner) -> !"Job".equals(owner.getKind()) || uid.equals(owner.getUid()));
	}

	/**
	 * Deletes the Job and, in the background, its pod, which gets the stop grace period
	 * (set at creation) between SIGTERM and SIGKILL. Returns once the API server accepted
	 * the deletion, not once the pod is gone.
	 */
	@Override
	public void stop(AttemptLaunch launch) {
		String name = KubernetesNames.jobName(launch.id());
		this.stopped.add(name);
		call(() -> jobs().withName(name)
			.withPropagationPolicy(DeletionPropagation.BACKGROUND)
			.withGracePeriod(seconds(this.stopGrace))
			.delete(), "deleting Job " + name);
	}

	/**
	 * The pod's log (stdout and stderr merged by the kubelet) as
	 * {@link LogStream#STDOUT}; {@link LogStream#STDERR} is always empty and complete.
	 * Serves the first {@link #DEFAULT_LOG_CAP} bytes, then one line saying the rest
	 * stays in the pod.
	 */
	@Override
	public LogChunk readLog(AttemptLaunch launch, LogStream stream, long offset, int maxBytes) {
		if (stream == LogStream.STDERR) {
			return new LogChunk("", offset, true);
		}
		String name = KubernetesNames.jobName(launch.id());
		Job job = call(() -> jobs().withName(name).get(), "reading Job " + name);
		Pod pod = (job != null) ? newestPod(job) : null;
		if (pod == null) {
			// No pod yet, or the Job and its pod are gone: then nothing more will come.
			return new LogChunk("", offset, job == null || ended(job));
		}
		// The pod's phase, not the Job's conditions: a pod stopped at the deadline still
		// writes during its grace period.
		boolean podEnded = ended(pod);
		if (!started(pod)) {
			return new LogChunk("", offset, podEnded);
		}
		String podName = pod.getMetadata().getName();
		if (offset >= this.logCap) {
			return beyondCap(name, podName, offset, podEnded);
		}
		int end = (int) Math.min(offset + Math.max(1, maxBytes), this.logCap);
		// One byte more than asked for, to tell "ends here" from "more follows" and to
		// see whether the chunk's end cuts a character.
		byte[] log = podEnded ? endedLog(name, podName) : fetchLog(podName, end + 1);
		if (log == null || offset >= log.length) {
			return new LogChunk("", offset, podEnded);
		}
		int from = (int) offset;
		int to = characterBoundary(log, from, Math.min(end, log.length));
		return new LogChunk(new String(log, from, to - from, StandardCharsets.UTF_8), to, podEnded && to == log.length);
	}

	/**
	 * At the cap: one note if the log goes on, then nothing. A note's length moves the
	 * offset past the cap, so it is given once.
	 */
	private LogChunk beyondCap(String jobName, String podName, long offset, boolean podEnded) {
		if (offset == this.logCap) {
			byte[] log = podEnded ? endedLog(jobName, podName) : fetchLog(podName, this.logCap + 1);
			if (log != null && log.length > this.logCap) {
				String note = "\n[slipway: the log is longer than " + this.logCap
						+ " bytes; the rest is only in the pod: kubectl logs " + podName + " -n " + this.namespace
						+ "]\n";
				return new LogChunk(note, offset + note.getBytes(StandardCharsets.UTF_8).length, podEnded);
			}
		}
		return new LogChunk("", offset, podEnded);
	}

	/**
	 * The log of an ended pod, which no longer changes: fetched once (up to the cap and
	 * one byte) for all the chunks the engine reads of it.
	 */
	private byte[] endedLog(String jobName, String podName) {
		synchronized (this.endedLogs) {
			EndedLog cached = this.endedLogs.get(jobName);
			if (cached != null && cached.pod().equals(podName)) {
				return cached.bytes();
			}
		}
		byte[] log = fetchLog(podName, this.logCap + 1);
		if (log != null) {
			synchronized (this.endedLogs) {
				this.endedLogs.put(jobName, new EndedLog(podName, log));
			}
		}
		return log;
	}

	/**
	 * The first {@code limit} bytes of the pod's log, or {@code null} when the pod or its
	 * container is gone or has not started.
	 */
	private byte[] fetchLog(String podName, int limit) {
		// Ready wait 0: fabric8 would otherwise wait 5 s for a pod that ended in failure.
		try (InputStream in = this.client.pods()
			.inNamespace(this.namespace)
			.withName(podName)
			.withReadyWaitTimeout(0)
			.limitBytes(limit)
			.getLogInputStream()) {
			// limitBytes again here: the API server may end a line past it.
			return (in != null) ? in.readNBytes(limit) : null;
		}
		catch (KubernetesClientException ex) {
			if (ex.getCode() == HttpURLConnection.HTTP_NOT_FOUND
					|| ex.getCode() == HttpURLConnection.HTTP_BAD_REQUEST) {
				// The pod is gone, or its container is waiting to start.
				return null;
			}
			throw failure(ex, "reading the log of pod " + podName);
		}
		catch (IOException ex) {
			throw failure(new KubernetesClientException("reading the log failed", ex),
					"reading the log of pod " + podName);
		}
	}

	/**
	 * Moves {@code to} back to the start of a UTF-8 character, so a character cut by the
	 * chunk's end is read whole next time; at least one character is always given.
	 */
	static int characterBoundary(byte[] bytes, int from, int to) {
		int end = to;
		while (end > from && end < bytes.length && isContinuation(bytes[end])) {
			end--;
		}
		if (end == from && to > from) {
			end = from + 1;
			while (end < bytes.length && isContinuation(bytes[end])) {
				end++;
			}
		}
		return end;
	}

	private static boolean isContinuation(byte b) {
		return (b & 0xC0) == 0x80;
	}

	private static boolean started(Pod pod) {
		String phase = (pod.getStatus() != null) ? pod.getStatus().getPhase() : null;
		return phase != null && !"Pending".equals(phase) && !"Unknown".equals(phase);
	}

	private static boolean ended(Pod pod) {
		String phase = (pod.getStatus() != null) ? pod.getStatus().getPhase() : null;
		return "Succeeded".equals(phase) || "Failed".equals(phase);
	}

	private static boolean ended(Job job) {
		JobStatus status = job.getStatus();
		return status != null && (isTrue(status, "Complete") != null || isTrue(status, "Failed") != null);
	}

	/** Forgets what this replica remembers of the attempt; the Job's TTL removes it. */
	@Override
	public void release(AttemptLaunch launch) {
		String name = KubernetesNames.jobName(launch.id());
		this.stopped.remove(name);
		synchronized (this.endedLogs) {
			this.endedLogs.remove(name);
		}
	}

	/**
	 * The names of Slipway's Jobs in the namespace that have not ended, for re-attaching
	 * after a restart and for reporting. Read page by page.
	 */
	List<String> activeJobNames() {
		List<String> names = new ArrayList<>();
		String next = null;
		do {
			String page = next;
			JobList list = call(
					() -> jobs().withLabel(MANAGED_BY, "slipway")
						.list(new ListOptionsBuilder().withLimit((long) LIST_PAGE).withContinue(page).build()),
					"listing Slipway's Jobs");
			for (Job job : list.getItems()) {
				if (!ended(job) && job.getMetadata().getDeletionTimestamp() == null) {
					names.add(job.getMetadata().getName());
				}
			}
			next = (list.getMetadata() != null) ? list.getMetadata().getContinue() : null;
		}
		while (hasText(next));
		return names;
	}

	private NonNamespaceOperation<Job, JobList, ScalableResource<Job>> jobs() {
		return this.client.batch().v1().jobs().inNamespace(this.namespace);
	}

	private static int seconds(Duration duration) {
		long millis = duration.toMillis();
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (millis + 999) / 1000));
	}

	private static boolean hasText(String text) {
		return text != null && !text.isBlank();
	}

	private static String namespaceOf(KubernetesClient client, PipelineSettings.Kubernetes settings) {
		if (hasText(settings.namespace())) {
			return settings.namespace();
		}
		return hasText(client.getNamespace()) ? client.getNamespace() : "default";
	}

	/** Runs one call to the API server, its failures turned into Slipway's. */
	private <T> T call(Supplier<T> call, String what) {
		try {
			return call.get();
		}
		catch (KubernetesClientException ex) {
			throw failure(ex, what);
		}
	}

	/**
	 * 400 and 422 (a Job the API server refuses, such as a quantity it cannot read) are
	 * INVALID_ARGUMENT: sending it again will not help. Everything else, including no
	 * answer within the request timeout and a refusal for want of RBAC rights, is
	 * SERVICE_UNAVAILABLE: retrying may help once the cluster or its operator acts.
	 */
	private SlipwayException failure(KubernetesClientException failure, String what) {
		int code = failure.getCode();
		if (code == HttpURLConnection.HTTP_BAD_REQUEST || code == 422) {
			return new SlipwayException(ErrorCode.INVALID_ARGUMENT,
					"Kubernetes refused " + what + ": " + describe(failure), failure);
		}
		return new TemporarilyUnavailableException("The Kubernetes API server failed " + what + " in namespace "
				+ this.namespace + ": " + describe(failure), DependencyOutages.RETRY_AFTER, failure);
	}

	/**
	 * One short line: the API server's own message, or what went wrong on the way (no
	 * class names, no stack).
	 */
	static String describe(KubernetesClientException failure) {
		String message;
		Status status = failure.getStatus();
		if (failure.getCode() > 0) {
			message = "HTTP " + failure.getCode()
					+ ((status != null && hasText(status.getMessage())) ? " " + status.getMessage() : "");
		}
		else {
			message = networkFailure(failure);
		}
		int line = message.indexOf('\n');
		message = ((line < 0) ? message : message.substring(0, line)).strip();
		return (message.length() > 300) ? message.substring(0, 300) + "..." : message;
	}

	private static String networkFailure(Throwable failure) {
		boolean refused = false;
		boolean timedOut = false;
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			refused |= cause instanceof ConnectException;
			timedOut |= cause instanceof HttpTimeoutException || cause instanceof KubernetesClientTimeoutException;
			if (cause instanceof UnknownHostException) {
				return "unknown host " + cause.getMessage();
			}
		}
		if (timedOut) {
			return "no answer within the request timeout";
		}
		return refused ? "connection refused" : "the connection failed";
	}

	/** The whole (capped) log of an ended pod. */
	private record EndedLog(String pod, byte[] bytes) {
	}

}
