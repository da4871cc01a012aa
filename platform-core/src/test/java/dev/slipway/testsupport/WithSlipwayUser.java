package dev.slipway.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.security.test.context.support.WithSecurityContext;

/**
 * Runs a test as an existing Slipway account (by default the admin created at the first
 * start), the way method security sees a signed-in caller.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
@WithSecurityContext(factory = WithSlipwayUserFactory.class)
public @interface WithSlipwayUser {

	/** The account's user name; empty means the first admin. */
	String value() default "";

}
