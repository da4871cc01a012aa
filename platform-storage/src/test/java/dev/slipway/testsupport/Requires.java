package dev.slipway.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a test class or method needs beyond a JDK. Where one of them is missing the test
 * is skipped, and one line says which and how to provide it, for example:
 *
 * <pre>
 * [SKIP] ModelPagesOnPostgresqlTest: no PostgreSQL (set SLIPWAY_TEST_DATABASE_URL, or run where Docker is available)
 * </pre>
 *
 * Under {@code SLIPWAY_TEST_REQUIRE_ALL=true} (set by {@code .ci/run}) the same line
 * fails the test instead, so CI runs everything; {@link Requirement#DOCKER} alone stays a
 * skip. JUnit Jupiter tests follow it through {@link RequirementsCondition}, jqwik
 * properties through platform-core's {@code RequirementsHook}.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RequirementsCondition.class)
public @interface Requires {

	/**
	 * The environment variable that turns every skip for want of a requirement into a
	 * failure.
	 */
	String REQUIRE_ALL = "SLIPWAY_TEST_REQUIRE_ALL";

	/** What the test needs. */
	Requirement[] value();

}
