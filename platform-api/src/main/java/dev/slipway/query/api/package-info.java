/**
 * The query kernel at the REST edge: parsing of paging and integer query parameters
 * shared by every native list route. Exposed as the named interface {@code query::api}.
 */
@NamedInterface("api")
package dev.slipway.query.api;

import org.springframework.modulith.NamedInterface;
