package dev.slipway.security.web;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import dev.slipway.error.SlipwayException;

/**
 * The create-token form.
 *
 * @param name what the token is for
 * @param expiresIn days until it expires, {@code date} to use {@code expiresOn}, or empty
 * for never
 * @param expiresOn the last day (UTC) it works, as {@code yyyy-MM-dd}
 */
record TokenForm(String name, String expiresIn, String expiresOn) {

	/** When the token expires, in epoch millis, or null for never. */
	Long expiresAt(Clock clock) {
		if ("date".equals(this.expiresIn)) {
			try {
				return LocalDate.parse(this.expiresOn.trim())
					.plusDays(1)
					.atStartOfDay(ZoneOffset.UTC)
					.toInstant()
					.toEpochMilli();
			}
			catch (DateTimeParseException | NullPointerException ex) {
				throw SlipwayException.invalidArgument("expires_on", "is not a date like 2030-12-31");
			}
		}
		if (this.expiresIn == null || this.expiresIn.isBlank()) {
			return null;
		}
		try {
			int days = Integer.parseInt(this.expiresIn.trim());
			if (days < 1 || days > 36_500) {
				throw new NumberFormatException();
			}
			return clock.millis() + days * 86_400_000L;
		}
		catch (NumberFormatException ex) {
			throw SlipwayException.invalidArgument("expires_in", "must be a number of days");
		}
	}

}
