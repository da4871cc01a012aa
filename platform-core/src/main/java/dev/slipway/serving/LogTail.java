package dev.slipway.serving;

import java.nio.charset.StandardCharsets;

/**
 * The last bytes a process wrote, kept in memory up to a limit for diagnostics: older
 * bytes are dropped as new ones come.
 */
final class LogTail {

	private final byte[] ring;

	/** Where the next byte goes. */
	private int next;

	private boolean full;

	LogTail(int capacity) {
		this.ring = new byte[capacity];
	}

	synchronized void append(byte[] bytes, int length) {
		int start = Math.max(0, length - this.ring.length);
		for (int i = start; i < length; i++) {
			this.ring[this.next] = bytes[i];
			this.next = (this.next + 1) % this.ring.length;
			if (this.next == 0) {
				this.full = true;
			}
		}
	}

	void append(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		append(bytes, bytes.length);
	}

	/** The kept text, oldest first. */
	synchronized String text() {
		byte[] bytes;
		if (this.full) {
			bytes = new byte[this.ring.length];
			int tail = this.ring.length - this.next;
			System.arraycopy(this.ring, this.next, bytes, 0, tail);
			System.arraycopy(this.ring, 0, bytes, tail, this.next);
		}
		else {
			bytes = new byte[this.next];
			System.arraycopy(this.ring, 0, bytes, 0, this.next);
		}
		int from = 0;
		// A cut may have split a character: its continuation bytes are dropped.
		while (this.full && from < bytes.length && from < 4 && (bytes[from] & 0xC0) == 0x80) {
			from++;
		}
		return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
	}

	/** The last {@code chars} characters of the kept text. */
	String last(int chars) {
		String text = text();
		return (text.length() > chars) ? text.substring(text.length() - chars) : text;
	}

}
