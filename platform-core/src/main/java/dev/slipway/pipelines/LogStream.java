package dev.slipway.pipelines;

/** The two logs of an attempt. */
public enum LogStream {

	/** Standard output (for Kubernetes: the pod's merged log). */
	STDOUT,

	/** Standard error (empty for Kubernetes). */
	STDERR

}
