/**
 * The MLflow wire edge shared by every feature's MLflow routes: the {@code @MlflowApi}
 * marker, request reading ({@link dev.slipway.mlflow.MlflowRequest}) and MLflow's error
 * JSON.
 */
package dev.slipway.mlflow;
