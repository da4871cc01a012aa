package dev.slipway.monitoring;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;

/**
 * A body that refuses to be read past a size, with PAYLOAD_TOO_LARGE naming the setting.
 */
final class LimitedInput extends FilterInputStream {

	private final long limit;

	private final String setting;

	private long read;

	LimitedInput(InputStream in, long limit, String setting) {
		super(in);
		this.limit = limit;
		this.setting = setting;
	}

	@Override
	public int read() throws IOException {
		int b = super.read();
		if (b >= 0) {
			count(1);
		}
		return b;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		int n = super.read(buffer, offset, length);
		if (n > 0) {
			count(n);
		}
		return n;
	}

	private void count(int n) {
		this.read += n;
		if (this.read > this.limit) {
			throw new SlipwayException(ErrorCode.PAYLOAD_TOO_LARGE,
					"the body is larger than " + this.limit + " bytes (" + this.setting + ")");
		}
	}

}
