package dev.slipway.storage;

import java.util.List;

/**
 * One page of a one-level listing.
 *
 * @param entries files and directories, sorted by name (directories sort as if their name
 * ended with {@code /}, which is S3's order)
 * @param nextPageToken opaque token for the next page, {@code null} on the last page
 */
public record ListPage(List<ListEntry> entries, String nextPageToken) {

	public ListPage {
		entries = List.copyOf(entries);
	}

}
