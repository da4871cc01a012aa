/**
 * The registry's pages: model search, a model with its versions, requests, policy and
 * trail, a version with its lineage, and every action's confirmation step.
 */
package dev.slipway.registry.web;
