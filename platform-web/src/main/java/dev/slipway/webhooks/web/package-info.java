/**
 * A registered model's webhook pages: list, create (secret shown once), test, enable,
 * delete.
 */
package dev.slipway.webhooks.web;
