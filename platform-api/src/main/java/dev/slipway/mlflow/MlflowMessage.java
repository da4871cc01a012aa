package dev.slipway.mlflow;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record as one MLflow request message (a message of MLflow's
 * {@code service.proto} or {@code model_registry.proto}): an MLflow controller method
 * that takes it gets it bound from the JSON body or the query string by
 * {@link MlflowBinder}. Each component is a field; its wire name is the component's name
 * in snake_case unless {@link MlflowField} says otherwise. Components may be
 * {@code String}, {@code Long}, {@code Double}, {@code Boolean}, a nested record,
 * {@code List<String>} or a list of records.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface MlflowMessage {

}
