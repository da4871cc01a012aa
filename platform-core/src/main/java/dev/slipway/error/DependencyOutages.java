package dev.slipway.error;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import dev.slipway.storage.ArtifactNotFoundException;
import dev.slipway.storage.ArtifactStore;
import dev.slipway.storage.ArtifactStoreException;
import dev.slipway.storage.InvalidArtifactKeyException;
import dev.slipway.storage.InvalidArtifactRequestException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The up or down state of each {@link Dependency}, so that an outage is logged once when
 * it begins and once when it ends, not once per refused request. A request that fails
 * because a dependency is unreachable reports it here ({@link #failed}); while one is
 * down a probe checks it every two seconds and logs its return with the outage's length
 * and the number of requests refused meanwhile. Exported as {@code slipway_dependency_up}
 * and {@code slipway_dependency_refused_requests_total}.
 */
@Component
public class DependencyOutages implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(DependencyOutages.class);

	/** What a refused request is told to wait before trying again. */
	public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

	private static final Duration PROBE_INTERVAL = Duration.ofSeconds(2);

	private final Map<Dependency, State> states = new EnumMap<>(Dependency.class);

	private final ObjectProvider<DataSource> dataSource;

	private final ObjectProvider<ArtifactStore> artifactStore;

	private final Clock clock;

	private final ScheduledExecutorService prober;

	public DependencyOutages(ObjectProvider<DataSource> dataSource, ObjectProvider<ArtifactStore> artifactStore,
			MeterRegistry meters, Clock clock) {
		this.dataSource = dataSource;
		this.artifactStore = artifactStore;
		this.clock = clock;
		for (Dependency dependency : Dependency.values()) {
			State state = new State(Counter.builder("slipway.dependency.refused.requests")
				.description("Requests answered 503 because the dependency was unavailable")
				.tag("dependency", dependency.name().toLowerCase(java.util.Locale.ROOT))
				.register(meters));
			this.states.put(dependency, state);
			Gauge.builder("slipway.dependency.up", state, (s) -> (s.downSince.get() == null) ? 1 : 0)
				.description("1 while the dependency answers, 0 during an outage")
				.tag("dependency", dependency.name().toLowerCase(java.util.Locale.ROOT))
				.register(meters);
		}
		this.prober = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "slipway-dependency-probe");
			thread.setDaemon(true);
			return thread;
		});
		this.prober.scheduleWithFixedDelay(this::probe, PROBE_INTERVAL.toMillis(), PROBE_INTERVAL.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/**
	 * The dependency whose unavailability caused {@code failure}, if any: a database
	 * connection that cannot be had or was lost, or an artifact store that does not
	 * answer. Anything else (a missing artifact, a constraint violation, a bug) is not an
	 * outage.
	 */
	public static Optional<Dependency> unavailable(Throwable failure) {
		Throwable cause = failure;
		for (int depth = 0; cause != null && depth < 32; depth++, cause = cause.getCause()) {
			if (cause instanceof ArtifactNotFoundException || cause instanceof InvalidArtifactRequestException
					|| cause instanceof InvalidArtifactKeyException) {
				return Optional.empty();
			}
			if (cause instanceof ArtifactStoreException) {
				return Optional.of(Dependency.ARTIFACT_STORE);
			}
			if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
					|| cause instanceof SQLTransientConnectionException
					|| cause instanceof SQLNonTransientConnectionException || isConnectionState(cause)) {
				return Optional.of(Dependency.DATABASE);
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return Optional.empty();
	}

	/**
	 * SQLSTATE class 08 (connection exception) and PostgreSQL's 57P01 to 57P03 (server
	 * shutting down, crashed, not yet accepting connections).
	 */
	private static boolean isConnectionState(Throwable cause) {
		if (!(cause instanceof SQLException sql) || sql.getSQLState() == null) {
			return false;
		}
		String state = sql.getSQLState();
		return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
	}

	/**
	 * Record a request refused because {@code dependency} is unavailable. Logs a warning
	 * when this begins an outage, else nothing above debug level.
	 * @return the error id to give the caller
	 */
	public String failed(Dependency dependency, Throwable cause) {
		String errorId = UUID.randomUUID().toString();
		State state = this.states.get(dependency);
		state.refused.increment();
		state.refusedDuringOutage.incrementAndGet();
		if (!markDown(dependency, cause, " [error id " + errorId + "]")) {
			log.debug("Refused a request: the {} is still unavailable [error id {}]", dependency.label(), errorId,
					cause);
		}
		return errorId;
	}

	/**
	 * For background work (webhook delivery, monitoring rounds): whether {@code failure}
	 * is an outage of a dependency, which is then logged once per outage like a refused
	 * request. When it is not, the caller logs it as it would.
	 */
	public boolean absorb(Throwable failure) {
		Optional<Dependency> dependency = unavailable(failure);
		if (dependency.isEmpty()) {
			return false;
		}
		markDown(dependency.get(), failure, "");
		return true;
	}

	/**
	 * Marks {@code dependency} down; logs the one line of an outage's start if this began
	 * it.
	 * @return whether this call began the outage
	 */
	private boolean markDown(Dependency dependency, Throwable cause, String suffix) {
		if (!this.states.get(dependency).downSince.compareAndSet(null, this.clock.instant())) {
			return false;
		}
		log.warn("The {} is unavailable: {}. Requests needing it are answered 503 until it is back{}",
				dependency.label(), describe(cause), suffix);
		return true;
	}

	/**
	 * Record that {@code dependency} answered; ends an outage with one line. Cheap enough
	 * for every call.
	 */
	public void succeeded(Dependency dependency) {
		State state = this.states.get(dependency);
		Instant since = state.downSince.get();
		if (since != null && state.downSince.compareAndSet(since, null)) {
			long refused = state.refusedDuringOutage.getAndSet(0);
			log.info("The {} is available again after {} s; {} requests were refused meanwhile", dependency.label(),
					Math.max(0, Duration.between(since, this.clock.instant()).toSeconds()), refused);
		}
	}

	/** Whether {@code dependency} is in an outage. */
	public boolean isDown(Dependency dependency) {
		return this.states.get(dependency).downSince.get() != null;
	}

	private void probe() {
		try {
			if (isDown(Dependency.DATABASE)) {
				DataSource source = this.dataSource.getIfAvailable();
				if (source != null) {
					try (Connection connection = source.getConnection()) {
						if (connection.isValid(2)) {
							succeeded(Dependency.DATABASE);
						}
					}
				}
			}
			if (isDown(Dependency.ARTIFACT_STORE)) {
				ArtifactStore store = this.artifactStore.getIfAvailable();
				if (store != null) {
					store.checkHealth();
					succeeded(Dependency.ARTIFACT_STORE);
				}
			}
		}
		catch (Exception ex) {
			log.debug("Dependency probe: still unavailable", ex);
		}
	}

	private static String describe(Throwable failure) {
		Throwable deepest = failure;
		while (deepest.getCause() != null && deepest.getCause() != deepest) {
			deepest = deepest.getCause();
		}
		String message = (failure.getMessage() != null) ? failure.getMessage() : failure.getClass().getSimpleName();
		if (deepest != failure && deepest.getMessage() != null && !message.contains(deepest.getMessage())) {
			message = message + " (" + deepest.getMessage() + ")";
		}
		int end = message.indexOf('\n');
		return (end < 0) ? message : message.substring(0, end).strip();
	}

	@Override
	public void destroy() {
		this.prober.shutdownNow();
	}

	private static final class State {

		final AtomicReference<Instant> downSince = new AtomicReference<>();

		final AtomicLong refusedDuringOutage = new AtomicLong();

		final Counter refused;

		State(Counter refused) {
			this.refused = refused;
		}

	}

}
