/**
 * The pipeline pages, and the graph of a pipeline's steps drawn on the server as an
 * inline SVG ({@link dev.slipway.pipelines.web.DagSvg}), so a page needs no script.
 */
package dev.slipway.pipelines.web;
