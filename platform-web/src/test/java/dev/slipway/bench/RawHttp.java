package dev.slipway.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The load generator's HTTP/1.1 client: one keep-alive connection, one request prepared
 * once as bytes and sent again and again, the answer read by its {@code Content-Length}
 * (or chunks) into a buffer that is reused. It does what wrk does per request and little
 * more, so that on a machine whose cores the client shares with the server, the client
 * takes as little of them as it can; the JDK's {@code HttpClient} costs several times as
 * much CPU per request (its selector thread, futures and header maps). Every server
 * measured is called through it the same way.
 * <p>
 * Not thread-safe: one per load thread. Any answer but the expected status, a malformed
 * answer or a closed connection fails the call; a server's {@code Connection: close} is
 * honoured by reconnecting for the next call.
 */
final class RawHttp implements AutoCloseable {

	private static final int MAX_HEAD = 16 * 1024;

	private final String host;

	private final int port;

	private final byte[] request;

	private final String path;

	private byte[] buffer = new byte[8 * 1024];

	/** Bytes of {@link #buffer} read from the socket, from {@link #start}. */
	private int start;

	private int end;

	private Socket socket;

	private InputStream in;

	private OutputStream out;

	private boolean closeAfter;

	private int bodyStart;

	private int bodyLength;

	private RawHttp(URI uri, byte[] request) {
		this.host = uri.getHost();
		this.port = uri.getPort();
		this.path = uri.getRawPath();
		this.request = request;
	}

	/** A POST of {@code body} to {@code url}, with a Bearer token unless null. */
	static RawHttp post(String url, String contentType, byte[] body, String token) {
		URI uri = URI.create(url);
		String head = "POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
				+ "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n"
				+ authorization(token) + "\r\n";
		byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
		byte[] request = Arrays.copyOf(headBytes, headBytes.length + body.length);
		System.arraycopy(body, 0, request, headBytes.length, body.length);
		return new RawHttp(uri, request);
	}

	/** A GET of {@code url}, with a Bearer token unless null. */
	static RawHttp get(String url, String token) {
		URI uri = URI.create(url);
		String head = "GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
				+ authorization(token) + "\r\n";
		return new RawHttp(uri, head.getBytes(StandardCharsets.US_ASCII));
	}

	private static String authorization(String token) {
		return (token != null) ? "Authorization: Bearer " + token + "\r\n" : "";
	}

	/** Sends the request and reads the whole answer; fails unless its status is 200. */
	void expectOk() throws IOException {
		int status = call();
		if (status != 200) {
			throw new AssertionError(this.path + " answered " + status + ": "
					+ new String(this.buffer, this.bodyStart, Math.min(500, this.bodyLength), StandardCharsets.UTF_8));
		}
	}

	/** The body of the last answer. */
	String body() {
		return new String(this.buffer, this.bodyStart, this.bodyLength, StandardCharsets.UTF_8);
	}

	/** Sends the request and reads the whole answer: its status. */
	int call() throws IOException {
		if (this.socket == null || this.closeAfter) {
			connect();
		}
		this.out.write(this.request);
		this.out.flush();
		return readAnswer();
	}

	private void connect() throws IOException {
		close();
		Socket fresh = new Socket();
		fresh.setTcpNoDelay(true);
		fresh.connect(new InetSocketAddress(this.host, this.port), 10_000);
		fresh.setSoTimeout(30_000);
		this.socket = fresh;
		this.in = fresh.getInputStream();
		this.out = fresh.getOutputStream();
		this.start = 0;
		this.end = 0;
		this.closeAfter = false;
	}

	private int readAnswer() throws IOException {
		// Answers are read one at a time, so nothing is left over from the previous one.
		this.start = 0;
		this.end = 0;
		int headEnd;
		while ((headEnd = indexOfHeadEnd()) < 0) {
			if (this.end >= MAX_HEAD) {
				throw new IOException(this.path + ": an answer head longer than " + MAX_HEAD + " bytes");
			}
			fill();
		}
		String head = new String(this.buffer, 0, headEnd, StandardCharsets.ISO_8859_1);
		if (!head.startsWith("HTTP/1.") || head.length() < 12) {
			throw new IOException(this.path + ": not an HTTP answer: " + head);
		}
		int status = Integer.parseInt(head, 9, 12, 10);
		long length = -1;
		boolean chunked = false;
		this.closeAfter = head.startsWith("HTTP/1.0");
		int lineStart = head.indexOf("\r\n") + 2;
		while (lineStart < head.length()) {
			int lineEnd = head.indexOf("\r\n", lineStart);
			if (lineEnd < 0) {
				lineEnd = head.length();
			}
			int colon = head.indexOf(':', lineStart);
			if (colon > 0 && colon < lineEnd) {
				String name = head.substring(lineStart, colon).trim();
				String value = head.substring(colon + 1, lineEnd).trim();
				if (name.equalsIgnoreCase("Content-Length")) {
					length = Long.parseLong(value);
				}
				else if (name.equalsIgnoreCase("Transfer-Encoding")) {
					chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
				}
				else if (name.equalsIgnoreCase("Connection")) {
					this.closeAfter = value.equalsIgnoreCase("close");
				}
			}
			lineStart = lineEnd + 2;
		}
		this.start = headEnd + 4;
		if (chunked) {
			readChunks();
		}
		else if (length >= 0) {
			while (this.end - this.start < length) {
				fill();
			}
			this.bodyStart = this.start;
			this.bodyLength = (int) length;
		}
		else {
			// No length: the body runs to the end of the connection.
			while (fillOrEnd()) {
				// reading
			}
			this.bodyStart = this.start;
			this.bodyLength = this.end - this.start;
			this.closeAfter = true;
		}
		return status;
	}

	/** Reads a chunked body, moving each chunk's data down so the body is contiguous. */
	private void readChunks() throws IOException {
		int write = this.start;
		int read = this.start;
		while (true) {
			int lineEnd;
			while ((lineEnd = indexOf(read, "\r\n")) < 0) {
				fill();
			}
			String size = new String(this.buffer, read, lineEnd - read, StandardCharsets.ISO_8859_1);
			int semicolon = size.indexOf(';');
			int chunk = Integer.parseInt((semicolon < 0) ? size.trim() : size.substring(0, semicolon).trim(), 16);
			read = lineEnd + 2;
			if (chunk == 0) {
				// Trailers, then the final empty line.
				while (indexOf(read, "\r\n") < 0) {
					fill();
				}
				int trailerEnd = indexOf(read, "\r\n");
				while (trailerEnd != read) {
					read = trailerEnd + 2;
					while ((trailerEnd = indexOf(read, "\r\n")) < 0) {
						fill();
					}
				}
				break;
			}
			while (this.end - read < chunk + 2) {
				fill();
			}
			System.arraycopy(this.buffer, read, this.buffer, write, chunk);
			write += chunk;
			read += chunk + 2;
		}
		this.bodyStart = this.start;
		this.bodyLength = write - this.start;
	}

	private int indexOfHeadEnd() {
		return indexOf(0, "\r\n\r\n");
	}

	private int indexOf(int from, String text) {
		int last = this.end - text.length();
		outer: for (int i = from; i <= last; i++) {
			for (int j = 0; j < text.length(); j++) {
				if (this.buffer[i + j] != text.charAt(j)) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	private void fill() throws IOException {
		if (!fillOrEnd()) {
			throw new IOException(this.path + ": the server closed the connection in the middle of an answer");
		}
	}

	private boolean fillOrEnd() throws IOException {
		if (this.end == this.buffer.length) {
			this.buffer = Arrays.copyOf(this.buffer, this.buffer.length * 2);
		}
		int read = this.in.read(this.buffer, this.end, this.buffer.length - this.end);
		if (read < 0) {
			return false;
		}
		this.end += read;
		return true;
	}

	@Override
	public void close() {
		if (this.socket != null) {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
			this.socket = null;
		}
	}

}
