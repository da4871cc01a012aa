package dev.slipway.security;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import org.springframework.security.access.AccessDeniedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Assertions on how Slipway refuses something. */
public final class SecurityAssertions {

	private SecurityAssertions() {
	}

	/** The call is refused by method security. */
	public static void assertDenied(ThrowingCallable call) {
		assertThatThrownBy(call).isInstanceOf(AccessDeniedException.class);
	}

	/** The call fails with a {@link SlipwayException} of this code. */
	public static void assertFails(ErrorCode code, ThrowingCallable call) {
		assertThatThrownBy(call).isInstanceOfSatisfying(SlipwayException.class,
				(ex) -> assertThat(ex.code()).as(ex.getMessage()).isEqualTo(code));
	}

	/**
	 * Whether method security let the call through: true when it completes, false when it
	 * is denied; any other failure fails the test.
	 */
	public static boolean allowed(ThrowingCallable call) {
		try {
			call.call();
			return true;
		}
		catch (AccessDeniedException ex) {
			return false;
		}
		catch (Throwable ex) {
			throw new AssertionError("Expected success or a denial, got " + ex, ex);
		}
	}

}
