/**
 * The MLflow wire edge shared by every feature's MLflow routes: the {@code @MlflowApi}
 * marker, typed request messages ({@link dev.slipway.mlflow.MlflowMessage}, bound in one
 * place by {@code MlflowBinder}) and MLflow's error JSON.
 */
package dev.slipway.mlflow;
