package dev.slipway.error.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.slipway.error.ErrorCode;

/**
 * A failure particular to one native route, for its OpenAPI description: the code it
 * answers and when. The failures every route shares (401, 403, 503, and 400 and 404 where
 * the request carries input or names a resource) need no annotation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(Refusal.List.class)
public @interface Refusal {

	/** The code answered; its HTTP status is the code's. */
	ErrorCode code();

	/** When the route answers it, for the caller. */
	String when();

	/** Several refusals of one route. */
	@Documented
	@Retention(RetentionPolicy.RUNTIME)
	@Target(ElementType.METHOD)
	@interface List {

		/** The refusals. */
		Refusal[] value();

	}

}
