package dev.slipway.pipelines;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one output pipe of a step process into its log file, keeping at most a fixed
 * number of bytes. Past the cap it writes one note and then only drains the pipe, so the
 * step never blocks on a full pipe and never fails for writing too much.
 */
final class LogPump implements Runnable {

	private static final Logger log = LoggerFactory.getLogger(LogPump.class);

	private final InputStream in;

	private final OutputStream out;

	private final long cap;

	private final String name;

	private final CompletableFuture<Void> done = new CompletableFuture<>();

	private long kept;

	private int lastByte = '\n';

	/**
	 * Whether nothing more is written: the cap was reached, writing failed or gave up.
	 */
	private boolean closed;

	/**
	 * @param in the pipe, read until its end
	 * @param out the log file, closed by the pump
	 * @param cap the most bytes of output kept
	 * @param name what the log is, for the server's own log
	 */
	LogPump(InputStream in, OutputStream out, long cap, String name) {
		this.in = in;
		this.out = out;
		this.cap = cap;
		this.name = name;
	}

	/**
	 * Completes once the pipe ended (every writer is gone) or {@link #stopWriting()} was
	 * called.
	 */
	CompletableFuture<Void> done() {
		return this.done;
	}

	@Override
	public void run() {
		byte[] buffer = new byte[16 * 1024];
		try (InputStream pipe = this.in) {
			int read;
			while ((read = pipe.read(buffer)) != -1) {
				write(buffer, read);
			}
		}
		catch (IOException ex) {
			log.warn("Reading the {} failed: {}", this.name, ex.getMessage());
		}
		finally {
			stopWriting();
		}
	}

	/**
	 * Stops writing and closes the file; the pump still drains the pipe. For a pipe kept
	 * open by a process that escaped the step's tree, so the attempt can end anyway.
	 */
	synchronized void stopWriting() {
		if (!this.closed) {
			this.closed = true;
			closeFile();
		}
		this.done.complete(null);
	}

	private synchronized void write(byte[] buffer, int length) {
		if (this.closed) {
			return;
		}
		try {
			int keep = (int) Math.min(length, this.cap - this.kept);
			if (keep < length) {
				// Cut before a character rather than through it (a UTF-8 continuation
				// byte is 10xxxxxx), so the kept text decodes cleanly.
				while (keep > 0 && (buffer[keep] & 0xC0) == 0x80) {
					keep--;
				}
			}
			this.out.write(buffer, 0, keep);
			this.kept += keep;
			if (keep > 0) {
				this.lastByte = buffer[keep - 1];
			}
			if (keep < length) {
				String note = ((this.lastByte != '\n') ? "\n" : "") + "[log cut at " + this.cap + " bytes]\n";
				this.out.write(note.getBytes(StandardCharsets.UTF_8));
				this.closed = true;
				closeFile();
			}
		}
		catch (IOException ex) {
			log.warn("Writing the {} failed, the rest of it is dropped: {}", this.name, ex.getMessage());
			this.closed = true;
			closeFile();
		}
	}

	private void closeFile() {
		try {
			this.out.close();
		}
		catch (IOException ex) {
			log.warn("Closing the {} failed: {}", this.name, ex.getMessage());
		}
	}

}
