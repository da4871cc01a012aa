/**
 * Experiment tracking as MLflow speaks it: experiments, runs, params, metrics, tags,
 * datasets, logged models and artifacts, with their permissions, searches and the
 * tracking pages' reads.
 */
package dev.slipway.tracking;
