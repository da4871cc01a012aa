package dev.slipway.pipelines;

import java.util.Map;

/**
 * What is given to start a run.
 *
 * @param version the version number, or null for the latest
 * @param parameters parameter values by name (JSON values); the rest take their defaults
 * @param cacheEnabled false to run every step even where the cache has its result; null
 * for true
 * @param executor {@code local} or {@code kubernetes}, or null for the server's setting
 * @param codeVersion the code's version (a git commit, say), part of every step's cache
 * key; null for none
 */
public record StartRun(Integer version, Map<String, Object> parameters, Boolean cacheEnabled, String executor,
		String codeVersion) {
}
