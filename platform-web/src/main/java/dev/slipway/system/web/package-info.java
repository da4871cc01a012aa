/**
 * What the server prints when it starts: the URL, the data folder and the database.
 */
package dev.slipway.system.web;
