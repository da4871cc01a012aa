package dev.slipway.error.api;

import java.util.Optional;
import java.util.UUID;

import dev.slipway.error.Dependency;
import dev.slipway.error.DependencyOutages;
import dev.slipway.error.ErrorCode;
import dev.slipway.error.TemporarilyUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * What a failure that is not the caller's fault becomes, in one place for the MLflow
 * routes, the native API, the pages and the filters in front of them: 503 with
 * {@code Retry-After} when a dependency is down, saturated or busy (logged once per
 * outage by {@link DependencyOutages}), else 500. Every answer carries an error id that
 * the server log holds too. Stateless: each place that answers failures makes its own.
 */
public class FailureAnswers {

	private static final Logger log = LoggerFactory.getLogger(FailureAnswers.class);

	private final ObjectProvider<DependencyOutages> outages;

	public FailureAnswers(ObjectProvider<DependencyOutages> outages) {
		this.outages = outages;
	}

	/**
	 * A failure's answer.
	 *
	 * @param code the catalogue code, SERVICE_UNAVAILABLE or INTERNAL_ERROR
	 * @param message what the caller reads, ending with the error id
	 * @param errorId the id under which the log has the failure
	 * @param retryAfterSeconds the {@code Retry-After} to send, or 0 for none
	 */
	public record Answer(ErrorCode code, String message, String errorId, long retryAfterSeconds) {

		/** Sets {@code Retry-After} on {@code response} where the answer has one. */
		public void addHeaders(jakarta.servlet.http.HttpServletResponse response) {
			if (this.retryAfterSeconds > 0) {
				response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(this.retryAfterSeconds));
			}
		}

		/** Adds {@code Retry-After} to {@code headers} where the answer has one. */
		public void addHeaders(HttpHeaders headers) {
			if (this.retryAfterSeconds > 0) {
				headers.set(HttpHeaders.RETRY_AFTER, Long.toString(this.retryAfterSeconds));
			}
		}

	}

	/** Request attribute holding the {@link Answer} of a failure raised in a filter. */
	public static final String ANSWER_ATTRIBUTE = FailureAnswers.class.getName() + ".answer";

	/**
	 * Whether {@code failure} is the client going away (a closed connection while the
	 * answer was being written). Logs it as one line: there is nobody left to answer.
	 */
	public boolean clientGone(Throwable failure) {
		if (!DisconnectedClientHelper.isClientDisconnectedException(failure)) {
			return false;
		}
		log.info("The client disconnected before the answer was complete: {}", rootMessage(failure));
		return true;
	}

	public Answer of(Throwable failure) {
		if (failure instanceof TemporarilyUnavailableException unavailable) {
			String errorId = newId();
			log.debug("{} [error id {}]", unavailable.getMessage(), errorId);
			return new Answer(ErrorCode.SERVICE_UNAVAILABLE, unavailable.getMessage() + " (error id " + errorId + ")",
					errorId, unavailable.retryAfterSeconds());
		}
		Optional<Dependency> dependency = DependencyOutages.unavailable(failure);
		if (dependency.isPresent()) {
			DependencyOutages tracker = this.outages.getIfAvailable();
			String errorId;
			if (tracker != null) {
				errorId = tracker.failed(dependency.get(), failure);
			}
			else {
				errorId = newId();
				log.warn("The {} is unavailable [error id {}]: {}", dependency.get().label(), errorId,
						failure.getMessage());
			}
			return new Answer(ErrorCode.SERVICE_UNAVAILABLE,
					"The " + dependency.get().label() + " is unavailable; try again later (error id " + errorId + ")",
					errorId, DependencyOutages.RETRY_AFTER.toSeconds());
		}
		if (failure instanceof TransientDataAccessException transientFailure) {
			// Lock timeouts, deadlocks, serialization failures: sent again, the request
			// may well succeed.
			String errorId = newId();
			log.warn("Transient database failure [error id {}]: {}", errorId,
					transientFailure.getMostSpecificCause().getMessage());
			return new Answer(ErrorCode.SERVICE_UNAVAILABLE,
					"The database is busy; try again (error id " + errorId + ")", errorId, 1);
		}
		String errorId = newId();
		log.error("Unexpected failure [error id {}]", errorId, failure);
		return new Answer(ErrorCode.INTERNAL_ERROR,
				"Slipway failed unexpectedly; the server log has the details under error id " + errorId, errorId, 0);
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
	}

	private static String newId() {
		return UUID.randomUUID().toString();
	}

}
