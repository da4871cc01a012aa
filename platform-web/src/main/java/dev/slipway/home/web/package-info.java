/**
 * The home page: the overview a user opens each morning, laid out from the cards each
 * feature contributes ({@link dev.slipway.home.web.HomeCardProvider}), and the landing of
 * links in the MLflow UI's form. Features use its card contract through this named
 * interface.
 */
@NamedInterface("cards")
package dev.slipway.home.web;

import org.springframework.modulith.NamedInterface;
