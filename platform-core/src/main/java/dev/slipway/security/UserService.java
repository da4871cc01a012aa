package dev.slipway.security;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;

import dev.slipway.error.ErrorCode;
import dev.slipway.error.SlipwayException;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accounts: people and service accounts, their roles, passwords and status. Admins manage
 * everyone; every user reads and changes only their own password.
 */
@Service
@Transactional(readOnly = true)
public class UserService {

	static final int MAX_PAGE = 200;

	/** The longest display name, as the column holds it. */
	static final int MAX_DISPLAY_NAME_LENGTH = 200;

	private final UserRepository users;

	private final ApiTokenRepository tokens;

	private final PasswordEncoder encoder;

	private final SignInThrottle throttle;

	private final Clock clock;

	UserService(UserRepository users, ApiTokenRepository tokens, PasswordEncoder encoder, SignInThrottle throttle,
			Clock clock) {
		this.users = users;
		this.tokens = tokens;
		this.encoder = encoder;
		this.throttle = throttle;
		this.clock = clock;
	}

	/**
	 * Creates an account. A person without a given password gets a one-time password that
	 * must be changed at the first sign-in; a service account gets no password at all.
	 * @throws SlipwayException INVALID_ARGUMENT, ALREADY_EXISTS
	 */
	@Transactional
	@PreAuthorize("hasRole('ADMIN')")
	public CreatedUser create(NewUser request) {
		String username = Usernames.requireValid(request.username());
		if (request.role() == null) {
			throw SlipwayException.invalidArgument("role", "is required");
		}
		String oneTime = null;
		String hash = null;
		boolean mustChange = false;
		if (request.serviceAccount()) {
			if (request.password() != null) {
				throw SlipwayException.invalidArgument("password",
						"service accounts have no password; create a token for them");
			}
		}
		else if (request.password() == null) {
			oneTime = PasswordPolicy.oneTime();
			hash = this.encoder.encode(oneTime);
			mustChange = true;
		}
		else {
			PasswordPolicy.check("password", request.password(), username);
			hash = this.encoder.encode(request.password());
		}
		long id = insert(new UserRepository.NewUserRow(username, checkedDisplayName(request.displayName()),
				checkedEmail(request.email()), request.serviceAccount() ? AccountKind.SERVICE : AccountKind.HUMAN,
				request.role(), AuthSource.LOCAL, null, hash, mustChange, CurrentUser.require().userId()));
		SecurityEvents.log("user.created",
				"user=" + username + " role=" + request.role() + (request.serviceAccount() ? " kind=SERVICE" : ""));
		return new CreatedUser(domain(this.users.findById(id).orElseThrow()), oneTime);
	}

	/** One page of accounts whose name starts with {@code prefix} (all for null). */
	@PreAuthorize("hasRole('ADMIN')")
	public UserList list(String prefix, Integer pageSize, String pageToken) {
		int size = (pageSize == null) ? 100 : pageSize;
		if (size < 1 || size > MAX_PAGE) {
			throw SlipwayException.invalidArgument("page_size", "must be between 1 and " + MAX_PAGE);
		}
		long offset = decodeOffset(pageToken);
		var rows = this.users.list(Usernames.normalize(prefix), offset, size + 1);
		boolean more = rows.size() > size;
		var page = rows.stream().limit(size).toList();
		Map<String, Long> locked = this.throttle
			.lockedUntil(page.stream().map(UserRepository.UserRow::username).toList());
		return new UserList(page.stream().map((row) -> row.toDomain(locked.get(row.username()))).toList(),
				more ? encodeOffset(offset + size) : null);
	}

	/** An account; admins read anyone, others only themselves. */
	@PreAuthorize("hasRole('ADMIN') or @userAccess.isSelf(#username)")
	public User get(String username) {
		return domain(require(username));
	}

	/** The caller's own account. */
	public User me() {
		return domain(this.users.findById(CurrentUser.require().userId())
			.orElseThrow(() -> new SlipwayException(ErrorCode.UNAUTHENTICATED, "The account no longer exists")));
	}

	/**
	 * Changes role, status or profile. Disabling revokes nothing but stops sign-in and
	 * every token; the last enabled admin cannot be demoted or disabled.
	 */
	@Transactional
	@PreAuthorize("hasRole('ADMIN')")
	public User update(String username, UserChanges changes) {
		UserRepository.UserRow user = lock(username);
		Role role = (changes.role() != null) ? changes.role() : user.role();
		boolean enabled = (changes.enabled() != null) ? changes.enabled() : user.enabled();
		if (user.role() == Role.ADMIN && user.enabled() && (role != Role.ADMIN || !enabled)) {
			requireAnotherAdmin(user);
		}
		String displayName = (changes.displayName() != null) ? checkedDisplayName(changes.displayName())
				: user.displayName();
		String email = (changes.email() != null) ? checkedEmail(changes.email()) : user.email();
		boolean accessChanged = role != user.role() || enabled != user.enabled();
		this.users.update(user.id(), displayName, email, role, enabled,
				accessChanged ? nextChange(user) : user.credentialsChangedAt());
		if (accessChanged) {
			SecurityEvents.log("user.updated", "user=" + user.username() + " role=" + role + " enabled=" + enabled);
		}
		return domain(this.users.findById(user.id()).orElseThrow());
	}

	/**
	 * Changes the caller's own password, which must be given. Other sessions of the
	 * account end.
	 * @return the caller with the new password, for the current session to keep
	 */
	@Transactional
	public SlipwayPrincipal changeOwnPassword(String currentPassword, String newPassword) {
		SlipwayPrincipal principal = CurrentUser.require();
		UserRepository.UserRow user = this.users.lockById(principal.userId())
			.orElseThrow(() -> new SlipwayException(ErrorCode.UNAUTHENTICATED, "The account no longer exists"));
		if (user.authSource() != AuthSource.LOCAL || user.kind() != AccountKind.HUMAN || user.passwordHash() == null) {
			throw new SlipwayException(ErrorCode.INVALID_STATE, "This account has no password to change");
		}
		if (currentPassword == null || !this.encoder.matches(currentPassword, user.passwordHash())) {
			throw SlipwayException.invalidArgument("current_password", "is not the account's password");
		}
		PasswordPolicy.check("new_password", newPassword, user.username());
		if (newPassword.equals(currentPassword)) {
			throw SlipwayException.invalidArgument("new_password", "must differ from the current password");
		}
		this.users.setPassword(user.id(), this.encoder.encode(newPassword), false, nextChange(user));
		this.throttle.forget(user.username());
		SecurityEvents.log("password.changed", "user=" + user.username());
		return this.users.findById(user.id()).orElseThrow().toPrincipal(principal.method());
	}

	/**
	 * Sets a person's password as an admin: the given one, or a generated one-time
	 * password. Either must be changed at the next sign-in; sign-in is unlocked.
	 */
	@Transactional
	@PreAuthorize("hasRole('ADMIN')")
	public CreatedUser resetPassword(String username, String newPassword) {
		return setPassword(username, newPassword, true);
	}

	/**
	 * Sets a person's password as an admin, as {@link #resetPassword(String, String)};
	 * with {@code temporary} false the password stays valid (MLflow's
	 * {@code users/update-password}).
	 */
	@Transactional
	@PreAuthorize("hasRole('ADMIN')")
	public CreatedUser setPassword(String username, String newPassword, boolean temporary) {
		UserRepository.UserRow user = lock(username);
		if (user.kind() != AccountKind.HUMAN || user.authSource() != AuthSource.LOCAL) {
			throw new SlipwayException(ErrorCode.INVALID_STATE,
					"Only local accounts of people have passwords; " + user.username() + " has none");
		}
		String oneTime = null;
		String password = newPassword;
		if (password == null) {
			oneTime = PasswordPolicy.oneTime();
			password = oneTime;
		}
		else {
			PasswordPolicy.check("password", password, user.username());
		}
		this.users.setPassword(user.id(), this.encoder.encode(password), temporary || oneTime != null,
				nextChange(user));
		this.throttle.forget(user.username());
		SecurityEvents.log("password.reset", "user=" + user.username());
		return new CreatedUser(domain(this.users.findById(user.id()).orElseThrow()), oneTime);
	}

	/**
	 * Lifts every refusal of the account's sign-in early, from every client address;
	 * refusals of an address across all names lift by themselves.
	 */
	@Transactional
	@PreAuthorize("hasRole('ADMIN')")
	public User unlock(String username) {
		UserRepository.UserRow user = lock(username);
		this.throttle.forget(user.username());
		SecurityEvents.log("user.unlocked", "user=" + user.username());
		return domain(this.users.findById(user.id()).orElseThrow());
	}

	/**
	 * Deletes an account with its tokens and grants. Admins cannot delete themselves or
	 * the last enabled admin.
	 */
	@Transactional
	@PreAuthorize("hasRole('ADMIN')")
	public void delete(String username) {
		UserRepository.UserRow user = lock(username);
		if (user.id() == CurrentUser.require().userId()) {
			throw new SlipwayException(ErrorCode.INVALID_STATE, "You cannot delete your own account");
		}
		if (user.role() == Role.ADMIN && user.enabled()) {
			requireAnotherAdmin(user);
		}
		this.tokens.revokeAll(user.id(), CurrentUser.require().userId(), this.clock.millis());
		this.users.delete(user.id());
		SecurityEvents.log("user.deleted", "user=" + user.username());
	}

	/**
	 * The account of a person signed in through OpenID Connect, created at their first
	 * sign-in and given the role their claims map to at every sign-in.
	 * @throws SlipwayException ALREADY_EXISTS when a local account has the name
	 */
	@Transactional
	public SlipwayPrincipal provisionOidc(String subject, String username, String displayName, String email,
			Role role) {
		String name = Usernames.requireValid(username);
		long now = this.clock.millis();
		var existing = this.users.findByExternalSubject(subject);
		if (existing.isEmpty()) {
			if (this.users.findByUsername(name).isPresent()) {
				throw new SlipwayException(ErrorCode.ALREADY_EXISTS,
						"A local account named " + name + " exists; an admin must delete it first");
			}
			long id = insert(new UserRepository.NewUserRow(name, blankToNull(displayName), blankToNull(email),
					AccountKind.HUMAN, role, AuthSource.OIDC, subject, null, false, null));
			SecurityEvents.log("user.created", "user=" + name + " role=" + role + " source=OIDC");
			existing = this.users.findById(id);
		}
		UserRepository.UserRow user = existing.orElseThrow();
		if (!user.enabled()) {
			throw new org.springframework.security.authentication.DisabledException("The account is disabled");
		}
		if (user.role() == Role.ADMIN && role != Role.ADMIN && this.users.otherEnabledAdmins(user.id()) == 0) {
			// The provider's groups changed, but an installation without an admin cannot
			// be
			// repaired from the UI: keep this one until someone else is admin.
			SecurityEvents.warn("user.role.kept",
					"user=" + user.username() + " role=ADMIN mapped=" + role + " reason=last_enabled_admin");
			role = Role.ADMIN;
		}
		if (user.role() != role) {
			this.users.update(user.id(), user.displayName(), user.email(), role, true, nextChange(user));
			SecurityEvents.log("user.updated", "user=" + user.username() + " role=" + role + " source=OIDC");
		}
		this.users.recordLogin(user.id(), now);
		return this.users.findById(user.id()).orElseThrow().toPrincipal("oidc");
	}

	/**
	 * Creates the first admin when no account exists yet.
	 * @return the one-time password to print, or null when the password was given or an
	 * account already existed
	 */
	@Transactional
	String bootstrapAdmin(String username, String password) {
		if (this.users.count() > 0) {
			return null;
		}
		String name = Usernames.requireValid(username);
		String oneTime = null;
		if (password == null || password.isEmpty()) {
			oneTime = PasswordPolicy.oneTime();
		}
		else {
			PasswordPolicy.check("SLIPWAY_ADMIN_PASSWORD", password, name);
		}
		this.users.insert(new UserRepository.NewUserRow(name, "Administrator", null, AccountKind.HUMAN, Role.ADMIN,
				AuthSource.LOCAL, null, this.encoder.encode((oneTime != null) ? oneTime : password), oneTime != null,
				null), this.clock.millis());
		return oneTime;
	}

	/**
	 * Recovers access for an operator who lost every admin password: the named local
	 * account becomes an enabled, unlocked ADMIN with a new one-time password (created if
	 * missing). Runs at start-up only, when the operator sets SLIPWAY_ADMIN_RECOVERY.
	 * @return the one-time password to print
	 */
	@Transactional
	String recoverAdmin(String username) {
		String name = Usernames.requireValid(username);
		String oneTime = PasswordPolicy.oneTime();
		String hash = this.encoder.encode(oneTime);
		long now = this.clock.millis();
		var existing = this.users.findByUsername(name);
		if (existing.isEmpty()) {
			this.users.insert(new UserRepository.NewUserRow(name, "Administrator", null, AccountKind.HUMAN, Role.ADMIN,
					AuthSource.LOCAL, null, hash, true, null), now);
		}
		else {
			UserRepository.UserRow user = existing.get();
			if (user.kind() != AccountKind.HUMAN || user.authSource() != AuthSource.LOCAL) {
				throw new SlipwayException(ErrorCode.INVALID_STATE,
						name + " is not a local account of a person; choose another SLIPWAY_ADMIN_USERNAME");
			}
			long changed = nextChange(user);
			this.users.update(user.id(), user.displayName(), user.email(), Role.ADMIN, true, changed);
			this.users.setPassword(user.id(), hash, true, changed);
		}
		this.throttle.forget(name);
		SecurityEvents.warn("admin.recovered", "user=" + name);
		return oneTime;
	}

	/**
	 * The next credentials-changed time: now, but always after the previous one, so even
	 * two changes within one millisecond end the sessions and cached sign-ins of the
	 * first.
	 */
	private long nextChange(UserRepository.UserRow user) {
		return Math.max(this.clock.millis(), user.credentialsChangedAt() + 1);
	}

	private long insert(UserRepository.NewUserRow row) {
		try {
			return this.users.insert(row, this.clock.millis());
		}
		catch (DuplicateKeyException ex) {
			throw new SlipwayException(ErrorCode.ALREADY_EXISTS, "User " + row.username() + " already exists");
		}
	}

	private User domain(UserRepository.UserRow row) {
		return row.toDomain(this.throttle.lockedUntil(row.username()));
	}

	private UserRepository.UserRow require(String username) {
		return this.users.require(username);
	}

	private UserRepository.UserRow lock(String username) {
		UserRepository.UserRow user = require(username);
		return this.users.lockById(user.id()).orElseThrow(() -> SlipwayException.notFound("User", username));
	}

	private void requireAnotherAdmin(UserRepository.UserRow user) {
		if (this.users.otherEnabledAdmins(user.id()) == 0) {
			throw new SlipwayException(ErrorCode.INVALID_STATE,
					user.username() + " is the last enabled admin; make someone else admin first");
		}
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text.trim();
	}

	private static String checkedDisplayName(String displayName) {
		String value = blankToNull(displayName);
		if (value != null && value.length() > MAX_DISPLAY_NAME_LENGTH) {
			throw SlipwayException.invalidArgument("displayName", "at most " + MAX_DISPLAY_NAME_LENGTH + " characters");
		}
		return value;
	}

	private static String checkedEmail(String email) {
		String value = blankToNull(email);
		if (value != null && (value.length() > 320 || !value.matches("[^@\\s]+@[^@\\s]+"))) {
			throw SlipwayException.invalidArgument("email", "is not an e-mail address");
		}
		return value;
	}

	private static long decodeOffset(String token) {
		if (token == null || token.isEmpty()) {
			return 0;
		}
		try {
			long offset = Long.parseLong(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
			if (offset < 0) {
				throw new NumberFormatException();
			}
			return offset;
		}
		catch (IllegalArgumentException ex) {
			throw SlipwayException.invalidArgument("page_token", "is not a token this server issued");
		}
	}

	private static String encodeOffset(long offset) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(Long.toString(offset).getBytes(StandardCharsets.UTF_8));
	}

}
