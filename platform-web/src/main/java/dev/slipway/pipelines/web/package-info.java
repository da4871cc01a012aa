/**
 * The pipeline pages (the list, a pipeline with its start form, a run followed live with
 * its logs), and the graph of a pipeline's steps drawn on the server as an inline SVG
 * ({@link dev.slipway.pipelines.web.DagSvg}), so the graph needs no script.
 */
package dev.slipway.pipelines.web;
