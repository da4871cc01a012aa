package dev.slipway.pipelines;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import dev.slipway.system.SlipwayProperties;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The executors of this replica: the local one always, the Kubernetes one when a run asks
 * for it (its client is made on first use, so a server without a cluster never needs
 * one).
 */
@Component
class StepExecutors implements DisposableBean {

	private final PipelineSettings settings;

	private final Path workRoot;

	private final LocalStepExecutor local;

	private final Map<String, StepExecutor> others = new ConcurrentHashMap<>();

	private final String hostName;

	private final Clock clock;

	private final String replicaName;

	private final ObjectProvider<io.fabric8.kubernetes.client.KubernetesClient> kubernetesClient;

	StepExecutors(PipelineSettings settings, SlipwayProperties properties, Clock clock,
			org.springframework.core.env.Environment environment,
			ObjectProvider<io.fabric8.kubernetes.client.KubernetesClient> kubernetesClient) {
		this.kubernetesClient = kubernetesClient;
		this.settings = settings;
		this.workRoot = ((settings.workDir() != null) ? settings.workDir() : properties.dataDir().resolve("pipelines"))
			.toAbsolutePath()
			.normalize();
		this.local = new LocalStepExecutor(settings.stopGracePeriod(), settings.maxLogSize().toBytes(), clock);
		this.hostName = localHostName();
		// db-scheduler's name for this replica when one is set, so attempts and its
		// executions name the same replica.
		this.replicaName = environment.getProperty("db-scheduler.scheduler-name",
				this.hostName + ":" + ProcessHandle.current().pid());
		this.clock = clock;
	}

	/** The executor of that kind. */
	StepExecutor get(String kind) {
		if ("local".equals(kind)) {
			return this.local;
		}
		if ("kubernetes".equals(kind)) {
			return this.others.computeIfAbsent(kind, (name) -> new KubernetesStepExecutor(
					// A client bean wins (tests give the mock server's); else one from
					// the
					// settings and the usual kubeconfig or in-cluster account.
					this.kubernetesClient
						.getIfAvailable(() -> KubernetesStepExecutor.client(this.settings.kubernetes())),
					this.settings.kubernetes(), this.settings.stopGracePeriod(), this.clock));
		}
		throw new SlipwayException(ErrorCode.INVALID_ARGUMENT, "executor: '" + kind + "' is not local or kubernetes");
	}

	/** Where local attempts get their working folders. */
	Path workRoot() {
		return this.workRoot;
	}

	/** This machine's name, as attempts record it. */
	String hostName() {
		return this.hostName;
	}

	/**
	 * This replica's name in attempt records: db-scheduler's scheduler name if set, else
	 * the host and the process id.
	 */
	String replicaName() {
		return this.replicaName;
	}

	@Override
	public void destroy() {
		this.local.close();
	}

	private static String localHostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

}
