package dev.slipway.mlflow;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How one field of an {@link MlflowMessage} is sent, where the component's snake_case
 * name is not the whole story.
 */
@Target(ElementType.RECORD_COMPONENT)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MlflowField {

	/** The wire name; empty means the component's name in snake_case. */
	String value() default "";

	/** Older names MLflow still reads, tried in order when the wire name is absent. */
	String[] aliases() default {};

}
