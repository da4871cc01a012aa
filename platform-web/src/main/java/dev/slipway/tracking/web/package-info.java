/**
 * The tracking pages: experiments, the runs table, a run with its charts and artifacts,
 * and run comparison.
 */
package dev.slipway.tracking.web;
