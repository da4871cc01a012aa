package dev.slipway.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver on 127.0.0.1 that records every request and answers with the
 * statuses a test scripts (200 once the script runs out).
 */
final class Receiver implements AutoCloseable {

	/** One received request; header names are lowercase. */
	record Request(String method, String path, Map<String, String> headers, String body) {

		String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

	}

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	private final Queue<Request> requests = new ConcurrentLinkedQueue<>();

	private final Queue<Integer> script = new ConcurrentLinkedQueue<>();

	private volatile int otherwise = 200;

	private volatile boolean closed;

	private Receiver() {
		try {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.createContext("/", this::handle);
		this.server.setExecutor(this.executor);
		this.server.start();
	}

	/** A running receiver; close it. */
	static Receiver start() {
		return new Receiver();
	}

	/** The address of {@code path} on this receiver. */
	String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	/** Answers the next requests with these statuses, in order. */
	Receiver answer(int... statuses) {
		for (int status : statuses) {
			this.script.add(status);
		}
		return this;
	}

	/** Answers every request after the script with this status. */
	Receiver otherwise(int status) {
		this.otherwise = status;
		return this;
	}

	/** The requests received so far, in order. */
	List<Request> requests() {
		return new ArrayList<>(this.requests);
	}

	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			Map<String, String> headers = new LinkedHashMap<>();
			exchange.getRequestHeaders()
				.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
			this.requests
				.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body));
			Integer scripted = this.script.poll();
			int status = (scripted != null) ? scripted : this.otherwise;
			if (status >= 300 && status < 400) {
				exchange.getResponseHeaders().add("Location", url("/elsewhere"));
			}
			exchange.sendResponseHeaders(status, -1);
		}
	}

}
