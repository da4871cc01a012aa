/**
 * The shell of the pages: the start page, error pages, and the places of sections still
 * to come.
 */
package dev.slipway.web;
