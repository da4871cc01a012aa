/**
 * The query kernel every search shares: MLflow's filter grammar (lexer, parser, clauses),
 * SQL building, opaque page tokens and pages. Each feature keeps its own searches
 * ({@code tracking.search.RunSearch}, {@code registry.RegistrySearch}) on top of it.
 */
package dev.slipway.query;
