package dev.slipway.security;

import java.util.List;

/**
 * One page of accounts.
 *
 * @param users the accounts, by name
 * @param nextPageToken token of the next page, or null on the last
 */
public record UserList(List<User> users, String nextPageToken) {
}
