package dev.slipway.serving.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.http.HttpStatus;

/**
 * The {@code http.server.requests} timer of the calls {@link PredictionLane} answers,
 * with the tags Spring's request observation gives the same calls on the regular route
 * ({@code DefaultServerRequestObservationConvention}'s {@code exception}, {@code method},
 * {@code outcome}, {@code status} and {@code uri}, and the meter handler's
 * {@code error}), so both routes count into one series. A failure answered by the failure
 * barrier is not an error of the observation either: {@code error} and {@code exception}
 * stay {@code none}, as on the regular route, where the barrier answers inside the
 * observation.
 */
final class RequestTimers {

	static final String NAME = "http.server.requests";

	private final MeterRegistry meters;

	private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

	RequestTimers(MeterRegistry meters) {
		this.meters = meters;
	}

	void record(String route, int status, long nanos) {
		this.timers.computeIfAbsent(new Key(route, status), this::register).record(nanos, TimeUnit.NANOSECONDS);
	}

	private Timer register(Key key) {
		return Timer.builder(NAME)
			.tag("error", "none")
			.tag("exception", "none")
			.tag("method", "POST")
			.tag("outcome", outcome(key.status()))
			.tag("status", Integer.toString(key.status()))
			.tag("uri", key.route())
			.register(this.meters);
	}

	/** Spring's {@code HttpOutcome} of a status. */
	static String outcome(int status) {
		HttpStatus.Series series = HttpStatus.Series.resolve(status);
		if (series == null) {
			return "UNKNOWN";
		}
		return switch (series) {
			case INFORMATIONAL -> "INFORMATIONAL";
			case SUCCESSFUL -> "SUCCESS";
			case REDIRECTION -> "REDIRECTION";
			case CLIENT_ERROR -> "CLIENT_ERROR";
			case SERVER_ERROR -> "SERVER_ERROR";
		};
	}

	private record Key(String route, int status) {

	}

}
