package dev.slipway.pipelines;

/** UTF-8 helpers for log reads that must not cut a character in two. */
final class Utf8 {

	private Utf8() {
	}

	/** How many leading bytes of {@code bytes} end on a whole character. */
	static int completePrefix(byte[] bytes) {
		int end = bytes.length;
		int back = 0;
		while (back < 3 && end - back - 1 >= 0 && (bytes[end - back - 1] & 0xC0) == 0x80) {
			back++;
		}
		int lead = end - back - 1;
		if (lead < 0) {
			return end;
		}
		int b = bytes[lead] & 0xFF;
		int length = (b < 0x80) ? 1 : (b >= 0xF0) ? 4 : (b >= 0xE0) ? 3 : (b >= 0xC0) ? 2 : 1;
		return (back + 1 < length) ? lead : end;
	}

}
