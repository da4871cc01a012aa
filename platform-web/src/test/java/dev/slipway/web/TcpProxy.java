package dev.slipway.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on loopback between Slipway and a dependency (PostgreSQL, S3), for fault
 * injection: it forwards, or {@linkplain #pause() pauses} (connections are accepted and
 * held, no byte moves: a hung service), or {@linkplain #refuse() refuses} (every open
 * connection is cut and new ones are reset: a stopped service), and
 * {@linkplain #forward() forwards} again.
 */
public final class TcpProxy implements AutoCloseable {

	private enum Mode {

		FORWARD, PAUSE, REFUSE

	}

	private final ServerSocket server;

	private final InetSocketAddress target;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile Mode mode = Mode.FORWARD;

	private volatile boolean closed;

	private TcpProxy(ServerSocket server, InetSocketAddress target) {
		this.server = server;
		this.target = target;
	}

	/** Starts a proxy to {@code host:port} on a free loopback port. */
	public static TcpProxy start(String host, int port) {
		try {
			ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
			TcpProxy proxy = new TcpProxy(server, new InetSocketAddress(host, port));
			Thread acceptor = new Thread(proxy::acceptLoop, "tcp-proxy-" + server.getLocalPort());
			acceptor.setDaemon(true);
			acceptor.start();
			return proxy;
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot start the proxy", ex);
		}
	}

	public int port() {
		return this.server.getLocalPort();
	}

	/** Hold every connection, old and new, without moving a byte. */
	public void pause() {
		this.mode = Mode.PAUSE;
	}

	/** Cut every connection and reset new ones. */
	public void refuse() {
		this.mode = Mode.REFUSE;
		for (Socket socket : this.sockets) {
			closeQuietly(socket);
		}
	}

	/** Forward again. */
	public void forward() {
		this.mode = Mode.FORWARD;
	}

	private void acceptLoop() {
		while (!this.closed) {
			try {
				Socket client = this.server.accept();
				if (this.mode == Mode.REFUSE) {
					client.setSoLinger(true, 0);
					client.close();
					continue;
				}
				this.sockets.add(client);
				Thread connector = new Thread(() -> connect(client), "tcp-proxy-connect");
				connector.setDaemon(true);
				connector.start();
			}
			catch (IOException ex) {
				// Closed, or a client gone already.
			}
		}
	}

	private void connect(Socket client) {
		try {
			awaitNotPaused();
			if (this.mode == Mode.REFUSE) {
				closeQuietly(client);
				return;
			}
			Socket upstream = new Socket();
			upstream.connect(this.target, 5000);
			this.sockets.add(upstream);
			pump(client, upstream);
			pump(upstream, client);
		}
		catch (IOException | InterruptedException ex) {
			closeQuietly(client);
		}
	}

	private void pump(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					awaitNotPaused();
					if (this.mode == Mode.REFUSE) {
						break;
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				// One side went away: end both.
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "tcp-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private void awaitNotPaused() throws InterruptedException {
		while (this.mode == Mode.PAUSE && !this.closed) {
			Thread.sleep(20);
		}
	}

	private void closeQuietly(Socket socket) {
		this.sockets.remove(socket);
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
	}

	@Override
	public void close() {
		this.closed = true;
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
		for (Socket socket : this.sockets) {
			closeQuietly(socket);
		}
	}

}
