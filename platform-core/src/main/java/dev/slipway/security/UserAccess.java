package dev.slipway.security;

import org.springframework.stereotype.Component;

/** Access rules about accounts, for {@code @PreAuthorize} expressions. */
@Component("userAccess")
public class UserAccess {

	/** Whether {@code username} names the caller. */
	public boolean isSelf(String username) {
		return username != null && CurrentUser.find()
			.map((principal) -> principal.username().equals(Usernames.normalize(username)))
			.orElse(false);
	}

}
