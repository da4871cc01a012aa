package dev.slipway.mlflow;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A field MLflow's handlers require ({@code _assert_required}): absent, null or the empty
 * string is INVALID_PARAMETER_VALUE "Missing value for required parameter".
 */
@Target(ElementType.RECORD_COMPONENT)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Required {

}
