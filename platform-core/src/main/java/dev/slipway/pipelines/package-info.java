/**
 * Training pipelines: the definition format (a DAG of steps with parameters, artifact
 * passing, retries, timeouts and caching), parsed from YAML or JSON, validated with the
 * line of each refusal, and reduced to a canonical JSON and its digest
 * ({@link dev.slipway.pipelines.PipelineDefinitions}). Storage and execution come later.
 */
package dev.slipway.pipelines;
