package dev.slipway.serving;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import tools.jackson.databind.JsonNode;

/**
 * HTTP calls from Slipway to model servers: one deadline for the whole exchange (the
 * client's own request timeout stops at the headers, so a server that stalls in the body
 * would hang a caller), answers read up to a size limit, and transport faults turned into
 * error codes the caller can act on.
 */
final class ModelHttp {

	/** The most characters of an upstream error message passed on to the caller. */
	static final int MAX_MESSAGE_CHARS = 500;

	private final HttpClient client;

	private final ExecutorService executor;

	private final Duration connectTimeout;

	ModelHttp(Duration connectTimeout, String threadName) {
		this.connectTimeout = connectTimeout;
		AtomicInteger count = new AtomicInteger();
		this.executor = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, threadName + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		// HTTP/1.1: model servers (uvicorn, MLServer) speak it; h2c upgrades only cost a
		// round trip.
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(connectTimeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.executor(this.executor)
			.build();
	}

	/** An answer: its status and body. */
	record Answer(int status, byte[] body) {

		String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

	/**
	 * Sends a request and reads the answer whole, within {@code timeout}.
	 * @param who names the server in messages ("the model endpoint at host:8080")
	 * @throws SlipwayException {@code SERVICE_UNAVAILABLE} when the server cannot be
	 * reached or dropped the connection, {@code PREDICTION_TIMEOUT} when it did not
	 * answer in time, {@code PREDICTION_FAILED} when the answer is larger than
	 * {@code maxBytes}
	 */
	Answer send(HttpRequest request, Duration timeout, long maxBytes, String who) {
		CompletableFuture<HttpResponse<byte[]>> exchange = this.client.sendAsync(request,
				(info) -> new BoundedBody(maxBytes));
		try {
			HttpResponse<byte[]> response = exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return new Answer(response.statusCode(), response.body());
		}
		catch (TimeoutException ex) {
			exchange.cancel(true);
			throw timedOut(who, timeout);
		}
		catch (InterruptedException ex) {
			exchange.cancel(true);
			Thread.currentThread().interrupt();
			throw new SlipwayException(ErrorCode.SERVICE_UNAVAILABLE, "the call to " + who + " was interrupted");
		}
		catch (ExecutionException ex) {
			throw fault(ex.getCause(), who, timeout, maxBytes);
		}
	}

	private SlipwayException fault(Throwable cause, String who, Duration timeout, long maxBytes) {
		for (Throwable t = cause; t != null; t = t.getCause()) {
			if (t instanceof AnswerTooLarge) {
				return MlflowRequests.tooLarge(maxBytes);
			}
			if (t instanceof HttpConnectTimeoutException) {
				return new SlipwayException(ErrorCode.SERVICE_UNAVAILABLE,
						"could not connect to " + who + " within " + this.connectTimeout.toMillis() + " ms", cause);
			}
			if (t instanceof HttpTimeoutException) {
				return timedOut(who, timeout);
			}
			if (t instanceof UnresolvedAddressException) {
				return new SlipwayException(ErrorCode.SERVICE_UNAVAILABLE,
						"the host of " + who + " could not be resolved", cause);
			}
			if (t instanceof ConnectException) {
				return new SlipwayException(ErrorCode.SERVICE_UNAVAILABLE, who + " refused the connection", cause);
			}
		}
		if (cause instanceof IOException) {
			return new SlipwayException(ErrorCode.SERVICE_UNAVAILABLE,
					"the connection to " + who + " failed before it answered", cause);
		}
		return new SlipwayException(ErrorCode.PREDICTION_FAILED, "the call to " + who + " failed", cause);
	}

	private static SlipwayException timedOut(String who, Duration timeout) {
		return new SlipwayException(ErrorCode.PREDICTION_TIMEOUT,
				who + " did not answer within " + timeout.toMillis() + " ms");
	}

	/**
	 * The failure an upstream error status stands for, with the upstream's own message
	 * (MLflow's {@code message}, the Open Inference Protocol's {@code error}, else the
	 * text) cut to {@link #MAX_MESSAGE_CHARS}: a 4xx is the caller's input, a 504 the
	 * server's own timeout, a 502 or 503 a server that cannot serve now, and any other
	 * failure the model's.
	 */
	static SlipwayException upstreamError(Answer answer, String who) {
		String message = who + " answered " + answer.status() + ": " + upstreamMessage(answer);
		int status = answer.status();
		ErrorCode code;
		if (status >= 400 && status < 500) {
			code = ErrorCode.INVALID_ARGUMENT;
		}
		else if (status == 504) {
			code = ErrorCode.PREDICTION_TIMEOUT;
		}
		else if (status == 502 || status == 503) {
			code = ErrorCode.SERVICE_UNAVAILABLE;
		}
		else {
			code = ErrorCode.PREDICTION_FAILED;
		}
		return new SlipwayException(code, message);
	}

	static String upstreamMessage(Answer answer) {
		String text = answer.text();
		try {
			JsonNode body = MlflowRequests.JSON.readTree(text);
			if (body != null && body.isObject()) {
				for (String key : List.of("message", "error", "detail")) {
					JsonNode value = body.get(key);
					if (value != null && value.isString()) {
						text = value.stringValue();
						break;
					}
				}
			}
		}
		catch (RuntimeException ex) {
			// Not JSON: the text as it is.
		}
		return bounded(text);
	}

	/** Text cut to {@link #MAX_MESSAGE_CHARS}, without control characters. */
	static String bounded(String text) {
		String clean = text.strip().replaceAll("[\\p{Cntrl}&&[^\n\t]]", "");
		if (clean.isEmpty()) {
			return "(no message)";
		}
		return (clean.length() > MAX_MESSAGE_CHARS) ? clean.substring(0, MAX_MESSAGE_CHARS) + "..." : clean;
	}

	/** The threads the client runs on, for work around calls (background checks). */
	Executor executor() {
		return this.executor;
	}

	void close() {
		this.executor.shutdownNow();
	}

	/** Stands for an answer longer than allowed; never leaves this class. */
	private static final class AnswerTooLarge extends IOException {

		AnswerTooLarge() {
			super("answer too large");
		}

	}

	/** Collects a body up to a limit, cancelling the exchange past it. */
	private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

		private final long maxBytes;

		private final CompletableFuture<byte[]> result = new CompletableFuture<>();

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		private Flow.Subscription subscription;

		BoundedBody(long maxBytes) {
			this.maxBytes = maxBytes;
		}

		@Override
		public CompletionStage<byte[]> getBody() {
			return this.result;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(List<ByteBuffer> items) {
			if (this.result.isDone()) {
				return;
			}
			for (ByteBuffer item : items) {
				if (this.bytes.size() + (long) item.remaining() > this.maxBytes) {
					this.subscription.cancel();
					this.result.completeExceptionally(new AnswerTooLarge());
					return;
				}
				byte[] chunk = new byte[item.remaining()];
				item.get(chunk);
				this.bytes.write(chunk, 0, chunk.length);
			}
		}

		@Override
		public void onError(Throwable throwable) {
			this.result.completeExceptionally(throwable);
		}

		@Override
		public void onComplete() {
			this.result.complete(this.bytes.toByteArray());
		}

	}

}
