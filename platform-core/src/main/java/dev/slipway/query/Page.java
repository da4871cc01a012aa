package dev.slipway.query;

import java.util.List;

/**
 * One page of a search or listing.
 *
 * @param <T> the item type
 * @param items the items, at most the requested page size
 * @param nextPageToken opaque token for the next page, or null on the last page
 */
public record Page<T>(List<T> items, String nextPageToken) {
}
