package dev.slipway.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLException;

import dev.slipway.error.DependencyOutages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Sends queued deliveries. Each look claims a bounded batch of due deliveries with a
 * conditional update (so several Slipway instances never send the same delivery twice at
 * once), POSTs them in parallel outside any transaction, and records each outcome:
 * DELIVERED on a 2xx answer, otherwise another try after a growing wait, and FAILED once
 * the attempts are used up. A claim is a lease: should this instance die mid-send, the
 * delivery is due again when the lease runs out.
 */
@Component
class WebhookDispatcher implements DisposableBean {

	/** The longest error text kept (the column size). */
	static final int MAX_ERROR_LENGTH = 2000;

	/** How many full batches one scheduled run sends before it yields. */
	private static final int MAX_BATCHES_PER_RUN = 10;

	private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

	private final WebhookRepository repository;

	private final WebhookSettings settings;

	private final Clock clock;

	private final DependencyOutages outages;

	private final HttpClient client;

	private final ThreadPoolExecutor senders;

	WebhookDispatcher(WebhookRepository repository, WebhookSettings settings, Clock clock, DependencyOutages outages) {
		this.repository = repository;
		this.outages = outages;
		this.settings = settings;
		this.clock = clock;
		this.client = HttpClient.newBuilder()
			.connectTimeout(settings.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.version(HttpClient.Version.HTTP_1_1)
			.build();
		AtomicInteger threads = new AtomicInteger();
		this.senders = new ThreadPoolExecutor(settings.batchSize(), settings.batchSize(), 60, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), (task) -> {
					Thread thread = new Thread(task, "slipway-webhook-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		this.senders.allowCoreThreadTimeOut(true);
	}

	/** What the scheduler runs: batches until nothing more is due, bounded. */
	void dispatchScheduled() {
		try {
			for (int i = 0; i < MAX_BATCHES_PER_RUN; i++) {
				if (dispatchDue() < this.settings.batchSize()) {
					return;
				}
			}
		}
		catch (RuntimeException ex) {
			// A database outage is logged once, when it begins, not at every poll.
			if (!this.outages.absorb(ex)) {
				log.warn("Sending webhook deliveries failed, will try again: {}", ex.getMessage());
			}
		}
	}

	/**
	 * Claims, sends and records one batch of due deliveries.
	 * @return how many deliveries were due (claimed by this or another instance)
	 */
	int dispatchDue() {
		long now = this.clock.millis();
		List<Long> due = this.repository.due(now, this.settings.batchSize());
		long leaseUntil = now + this.settings.lease().toMillis();
		List<WebhookRepository.Claimed> claimed = new ArrayList<>();
		for (long id : due) {
			if (this.repository.claim(id, now, leaseUntil)) {
				this.repository.claimed(id).ifPresent(claimed::add);
			}
		}
		sendAll(claimed, true);
		return due.size();
	}

	/**
	 * Sends a delivery this instance already holds, once, whether or not its webhook is
	 * active, and records the outcome; a failure is final.
	 */
	void sendOnce(long deliveryId) {
		this.repository.claimed(deliveryId).ifPresent((delivery) -> sendAll(List.of(delivery), false));
	}

	@Override
	public void destroy() {
		this.senders.shutdownNow();
	}

	private void sendAll(List<WebhookRepository.Claimed> claimed, boolean retry) {
		Map<WebhookRepository.Claimed, Future<Outcome>> sending = new LinkedHashMap<>();
		for (WebhookRepository.Claimed delivery : claimed) {
			if (retry && !delivery.active()) {
				record(delivery, Outcome.notSent("Not sent: the webhook is turned off"), retry);
			}
			else {
				sending.put(delivery, this.senders.submit(() -> send(delivery)));
			}
		}
		Duration patience = this.settings.connectTimeout().plus(this.settings.requestTimeout()).plusSeconds(10);
		long deadline = System.nanoTime() + patience.toNanos();
		for (Map.Entry<WebhookRepository.Claimed, Future<Outcome>> entry : sending.entrySet()) {
			record(entry.getKey(), await(entry.getValue(), deadline), retry);
		}
	}

	private static Outcome await(Future<Outcome> sending, long deadline) {
		try {
			return sending.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			sending.cancel(true);
			return Outcome.failed(null, "Timed out");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			sending.cancel(true);
			return Outcome.failed(null, "Interrupted while sending");
		}
		catch (ExecutionException ex) {
			return Outcome.failed(null, "Could not send: " + ex.getCause().getMessage());
		}
	}

	/** One POST; never throws. */
	private Outcome send(WebhookRepository.Claimed delivery) {
		URI uri;
		try {
			uri = new URI(delivery.url());
		}
		catch (URISyntaxException ex) {
			return Outcome.failed(null, "Invalid URL");
		}
		String refusal = WebhookUrls.refusal(uri);
		if (refusal != null) {
			return Outcome.failed(null, refusal);
		}
		long timestamp = this.clock.instant().getEpochSecond();
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(this.settings.requestTimeout())
			.header("Content-Type", "application/json")
			.header("User-Agent", "Slipway-Webhooks")
			.header("X-Slipway-Event", delivery.eventType())
			.header("X-Slipway-Delivery", Long.toString(delivery.id()))
			.header("X-Slipway-Event-Id", delivery.eventId())
			.header("X-Slipway-Timestamp", Long.toString(timestamp))
			.header("X-Slipway-Signature", WebhookSigner.signature(delivery.secret(), timestamp, delivery.payload()))
			.POST(HttpRequest.BodyPublishers.ofString(delivery.payload(), StandardCharsets.UTF_8))
			.build();
		try {
			HttpResponse<InputStream> response = this.client.send(request, HttpResponse.BodyHandlers.ofInputStream());
			// The answer's body is never read: closing it frees the connection at once,
			// however much a receiver sends.
			response.body().close();
			int status = response.statusCode();
			if (status >= 200 && status < 300) {
				return Outcome.delivered(status);
			}
			String redirect = (status >= 300 && status < 400) ? " (redirects are not followed)" : "";
			return Outcome.failed(status, "HTTP " + status + redirect);
		}
		catch (HttpConnectTimeoutException ex) {
			return Outcome.failed(null,
					"Connecting timed out after " + this.settings.connectTimeout().toMillis() + " ms");
		}
		catch (HttpTimeoutException ex) {
			return Outcome.failed(null, "No answer within " + this.settings.requestTimeout().toMillis() + " ms");
		}
		catch (ConnectException ex) {
			return Outcome.failed(null, "Could not connect" + detail(ex));
		}
		catch (SSLException ex) {
			return Outcome.failed(null, "TLS failure" + detail(ex));
		}
		catch (IOException ex) {
			return Outcome.failed(null, "Network failure" + detail(ex));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Outcome.failed(null, "Interrupted while sending");
		}
	}

	private void record(WebhookRepository.Claimed delivery, Outcome outcome, boolean retry) {
		long now = this.clock.millis();
		int attempts = delivery.attempts() + (outcome.attempted() ? 1 : 0);
		if (outcome.delivered()) {
			this.repository.recordAttempt(delivery.id(), "DELIVERED", attempts, now, now, outcome.responseCode(), null);
			log.debug("Webhook delivery {} (webhook {}) delivered", delivery.id(), delivery.webhookId());
			return;
		}
		String error = truncate(outcome.error());
		if (retry && outcome.attempted() && attempts < this.settings.maxAttempts()) {
			long next = now + backoff(attempts).toMillis();
			this.repository.recordAttempt(delivery.id(), "PENDING", attempts, now, next, outcome.responseCode(), error);
			return;
		}
		this.repository.recordAttempt(delivery.id(), "FAILED", attempts, now, now, outcome.responseCode(), error);
		log.warn("Webhook delivery {} (webhook {}) failed after {} attempt(s): {}", delivery.id(), delivery.webhookId(),
				attempts, error);
	}

	/**
	 * The wait after the {@code attempts}-th failed attempt: the initial backoff, tripled
	 * for each further attempt, capped.
	 */
	Duration backoff(int attempts) {
		Duration wait = this.settings.initialBackoff();
		for (int i = 1; i < attempts && wait.compareTo(this.settings.maxBackoff()) < 0; i++) {
			wait = wait.multipliedBy(3);
		}
		return (wait.compareTo(this.settings.maxBackoff()) > 0) ? this.settings.maxBackoff() : wait;
	}

	private static String detail(Exception ex) {
		return (ex.getMessage() != null && !ex.getMessage().isBlank()) ? ": " + ex.getMessage() : "";
	}

	private static String truncate(String error) {
		if (error == null || error.length() <= MAX_ERROR_LENGTH) {
			return error;
		}
		return error.substring(0, MAX_ERROR_LENGTH);
	}

	/**
	 * What one attempt came to.
	 *
	 * @param delivered whether the receiver answered 2xx
	 * @param attempted whether a request was made (counts as an attempt)
	 * @param responseCode the HTTP status received, or null
	 * @param error why it failed, or null
	 */
	record Outcome(boolean delivered, boolean attempted, Integer responseCode, String error) {

		static Outcome delivered(int status) {
			return new Outcome(true, true, status, null);
		}

		static Outcome failed(Integer status, String error) {
			return new Outcome(false, true, status, error);
		}

		static Outcome notSent(String reason) {
			return new Outcome(false, false, null, reason);
		}

	}

}
