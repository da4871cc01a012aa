package dev.slipway.serving;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * A webhook subscriber on loopback for the end-to-end tests: answers every POST to
 * {@code /hook} with 204 and keeps what came, with its signature headers.
 */
final class WebhookReceiver implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	/** One POST: its body and the signature headers Slipway sends. */
	record Received(String body, String timestamp, String signature) {
	}

	private WebhookReceiver(HttpServer server) {
		this.server = server;
	}

	static WebhookReceiver start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			WebhookReceiver receiver = new WebhookReceiver(server);
			server.createContext("/hook", receiver::handle);
			server.start();
			return receiver;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Where to send. */
	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/hook";
	}

	/**
	 * Waits for the event about candidate {@code candidateVersion} of {@code deployment}.
	 * @return its body
	 */
	JsonNode awaitEvent(String deployment, int candidateVersion) {
		return await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.received.stream()
				.map((r) -> JSON.readTree(r.body()))
				.filter((body) -> body.path("deployment").path("name").asString().equals(deployment)
						&& body.path("deployment").path("candidate_version").asInt() == candidateVersion)
				.findFirst()
				.orElse(null), (body) -> body != null);
	}

	/** Whether every POST so far carries the HMAC of its body under {@code secret}. */
	boolean signedWith(String secret) {
		return !this.received.isEmpty() && this.received.stream()
			.allMatch((r) -> r.signature() != null && r.signature().equals(signature(secret, r.timestamp(), r.body())));
	}

	/** Everything received, for a failure message. */
	List<Received> received() {
		return List.copyOf(this.received);
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (InputStream in = exchange.getRequestBody()) {
			if (exchange.getRequestMethod().equals("POST")) {
				this.received.add(new Received(new String(in.readAllBytes(), StandardCharsets.UTF_8),
						exchange.getRequestHeaders().getFirst("X-Slipway-Timestamp"),
						exchange.getRequestHeaders().getFirst("X-Slipway-Signature")));
			}
		}
		exchange.sendResponseHeaders(204, -1);
		exchange.close();
	}

	/**
	 * What docs/webhooks.md tells a subscriber to check: the HMAC-SHA256 of
	 * {@code <timestamp>.<body>}.
	 */
	private static String signature(String secret, String timestamp, String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return "sha256="
					+ HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
