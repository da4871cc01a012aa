package dev.slipway.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The serving benchmark's load client reads whole answers, however they are framed. */
class RawHttpTest {

	private HttpServer server;

	private final AtomicInteger connections = new AtomicInteger();

	private final Set<Integer> ports = ConcurrentHashMap.newKeySet();

	private String base;

	@BeforeEach
	void start() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/fixed", (exchange) -> answer(exchange, 200, "fixed:" + body(exchange), false));
		this.server.createContext("/chunked", (exchange) -> answer(exchange, 200, "x".repeat(20_000), true));
		this.server.createContext("/refused", (exchange) -> answer(exchange, 403, "{\"error\": \"no\"}", false));
		this.server.createContext("/close", (exchange) -> {
			exchange.getResponseHeaders().add("Connection", "close");
			answer(exchange, 200, "bye", false);
		});
		this.server.start();
		this.base = "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	@AfterEach
	void stop() {
		this.server.stop(0);
	}

	@Test
	void keepsOneConnectionForAnswersWithALength() throws Exception {
		try (RawHttp client = RawHttp.post(this.base + "/fixed", "application/json",
				"{\"a\": 1}".getBytes(StandardCharsets.UTF_8), "secret")) {
			for (int i = 0; i < 50; i++) {
				client.expectOk();
				assertThat(client.body()).isEqualTo("fixed:{\"a\": 1}|Bearer secret");
			}
		}
		assertThat(this.connections.get()).isEqualTo(1);
	}

	@Test
	void readsChunkedAnswersWhole() throws Exception {
		try (RawHttp client = RawHttp.get(this.base + "/chunked", null)) {
			for (int i = 0; i < 3; i++) {
				client.expectOk();
				assertThat(client.body()).hasSize(20_000).matches("x+");
			}
		}
	}

	@Test
	void failsOnAnyOtherStatusWithTheBody() {
		try (RawHttp client = RawHttp.get(this.base + "/refused", null)) {
			assertThatThrownBy(client::expectOk).isInstanceOf(AssertionError.class)
				.hasMessageContaining("/refused answered 403")
				.hasMessageContaining("no");
		}
	}

	@Test
	void reconnectsAfterTheServerClosesTheConnection() throws Exception {
		try (RawHttp client = RawHttp.get(this.base + "/close", null)) {
			for (int i = 0; i < 3; i++) {
				client.expectOk();
				assertThat(client.body()).isEqualTo("bye");
			}
		}
		assertThat(this.connections.get()).isEqualTo(3);
	}

	private String body(HttpExchange exchange) throws IOException {
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8) + "|" + authorization;
	}

	private void answer(HttpExchange exchange, int status, String text, boolean chunked) throws IOException {
		// Each new connection is seen as a new remote port.
		if (this.ports.add(exchange.getRemoteAddress().getPort())) {
			this.connections.incrementAndGet();
		}
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		exchange.sendResponseHeaders(status, chunked ? 0 : bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

}
