package dev.slipway.security;

import java.time.Duration;
import java.util.List;

import dev.slipway.error.ErrorCode;
import dev.slipway.testsupport.OnPostgresql;
import dev.slipway.testsupport.WithSlipwayUser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;

import static dev.slipway.security.SecurityAssertions.assertDenied;
import static dev.slipway.security.SecurityAssertions.assertFails;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Account management: admin only, the last admin kept, the password policy, one-time
 * passwords, service accounts, user names and single sign-on provisioning.
 */
class UserServiceTest {

	@WithSlipwayUser
	abstract static class Contract {

		@Autowired
		ApplicationContext context;

		@Autowired
		UserService users;

		@Autowired
		Authenticator authenticator;

		@Autowired
		MutableClock clock;

		Accounts accounts;

		@BeforeEach
		void accounts() {
			this.accounts = Accounts.of(this.context);
		}

		@Test
		void onlyAdminsManageAccountsAndOthersReadOnlyThemselves() {
			SlipwayPrincipal maintainer = this.accounts.maintainer();
			SlipwayPrincipal editor = this.accounts.editor();
			this.accounts.actAs(maintainer);
			assertDenied(
					() -> this.users.create(new NewUser(Accounts.unique("x"), Role.VIEWER, false, null, null, null)));
			assertDenied(() -> this.users.list(null, null, null));
			assertDenied(() -> this.users.get(editor.username()));
			assertDenied(() -> this.users.update(editor.username(), new UserChanges(Role.ADMIN, null, null, null)));
			assertDenied(() -> this.users.update(maintainer.username(), new UserChanges(Role.ADMIN, null, null, null)));
			assertDenied(() -> this.users.resetPassword(editor.username(), null));
			assertDenied(() -> this.users.unlock(editor.username()));
			assertDenied(() -> this.users.delete(editor.username()));
			assertThat(this.users.get(maintainer.username().toUpperCase()).role()).isEqualTo(Role.MAINTAINER);
			assertThat(this.users.me().username()).isEqualTo(maintainer.username());
		}

		@Test
		void theLastEnabledAdminCannotBeDemotedDisabledOrDeleted() {
			SlipwayPrincipal admin = this.accounts.admin();
			SlipwayPrincipal second = this.accounts.anotherAdmin();
			assertFails(ErrorCode.INVALID_STATE, () -> this.users.delete(admin.username()));

			// With another enabled admin, an admin may be demoted; once the caller is the
			// only one left, it may not.
			this.users.update(second.username(), new UserChanges(Role.EDITOR, null, null, null));
			this.users.update(second.username(), new UserChanges(Role.ADMIN, null, null, null));
			disableEveryOtherAdmin(admin);
			assertFails(ErrorCode.INVALID_STATE,
					() -> this.users.update(admin.username(), new UserChanges(Role.MAINTAINER, null, null, null)));
			assertFails(ErrorCode.INVALID_STATE,
					() -> this.users.update(admin.username(), new UserChanges(null, false, null, null)));

			// A session of the (now disabled) second admin must not remove the last one.
			this.accounts.actAs(second);
			assertFails(ErrorCode.INVALID_STATE, () -> this.users.delete(admin.username()));
			this.accounts.actAsAdmin();
			assertThat(this.users.get(admin.username())).satisfies((user) -> {
				assertThat(user.role()).isEqualTo(Role.ADMIN);
				assertThat(user.enabled()).isTrue();
			});

			this.users.update(second.username(), new UserChanges(null, true, null, null));
			this.users.update(second.username(), new UserChanges(Role.VIEWER, null, null, null));
			this.users.delete(second.username());
			assertFails(ErrorCode.NOT_FOUND, () -> this.users.get(second.username()));
		}

		private void disableEveryOtherAdmin(SlipwayPrincipal admin) {
			String token = null;
			do {
				UserList page = this.users.list(null, 200, token);
				page.users()
					.stream()
					.filter((user) -> user.role() == Role.ADMIN && user.enabled() && user.id() != admin.userId())
					.forEach((user) -> this.users.update(user.username(), new UserChanges(null, false, null, null)));
				token = page.nextPageToken();
			}
			while (token != null);
		}

		@Test
		void passwordsFollowThePolicy() {
			String name = Accounts.unique("policy-person");
			assertFails(ErrorCode.INVALID_ARGUMENT,
					() -> this.users.create(new NewUser(name, Role.EDITOR, false, "a".repeat(11), null, null)));
			assertFails(ErrorCode.INVALID_ARGUMENT,
					() -> this.users.create(new NewUser(name, Role.EDITOR, false, "a".repeat(257), null, null)));
			assertFails(ErrorCode.INVALID_ARGUMENT,
					() -> this.users.create(new NewUser(name, Role.EDITOR, false, name.toUpperCase(), null, null)));
			assertThat(this.users.create(new NewUser(name, Role.EDITOR, false, "a".repeat(12), null, null))
				.oneTimePassword()).isNull();
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.users.setPassword(name, "short", false));
			assertThat(this.users.setPassword(name, "b".repeat(256), false).user().mustChangePassword()).isFalse();
			assertThat(this.authenticator.password(name, "b".repeat(256), "test", "basic").username()).isEqualTo(name);
		}

		@Test
		void aPersonCreatedWithoutPasswordGetsAOneTimePasswordToChange() {
			CreatedUser created = this.users
				.create(new NewUser(Accounts.unique("newcomer"), Role.VIEWER, false, null, "New Comer", null));
			assertThat(created.oneTimePassword()).hasSize(20);
			assertThat(created.user().mustChangePassword()).isTrue();
			String name = created.user().username();

			SlipwayPrincipal first = this.authenticator.password(name, created.oneTimePassword(), "test", "session");
			assertThat(first.mustChangePassword()).isTrue();
			this.accounts.actAs(first);
			assertFails(ErrorCode.INVALID_ARGUMENT,
					() -> this.users.changeOwnPassword("not-the-password", "a-brand-new-password"));
			assertFails(ErrorCode.INVALID_ARGUMENT,
					() -> this.users.changeOwnPassword(created.oneTimePassword(), created.oneTimePassword()));
			assertFails(ErrorCode.INVALID_ARGUMENT,
					() -> this.users.changeOwnPassword(created.oneTimePassword(), name));
			this.clock.advance(Duration.ofSeconds(1));
			SlipwayPrincipal changed = this.users.changeOwnPassword(created.oneTimePassword(), "a-brand-new-password");
			assertThat(changed.mustChangePassword()).isFalse();

			assertThatThrownBy(() -> this.authenticator.password(name, created.oneTimePassword(), "test", "session"))
				.isInstanceOf(BadCredentialsException.class);
			assertThat(
					this.authenticator.password(name, "a-brand-new-password", "test", "session").mustChangePassword())
				.isFalse();
		}

		@Test
		void anAdminResetGivesAOneTimePasswordAndUnlocks() {
			SlipwayPrincipal editor = this.accounts.editor();
			String client = Accounts.client();
			for (int i = 0; i < 10; i++) {
				this.clock.advance(Duration.ofMinutes(1));
				assertThatThrownBy(
						() -> this.authenticator.password(editor.username(), "wrong-password!", client, "basic"))
					.isInstanceOf(BadCredentialsException.class);
			}
			assertThat(this.users.get(editor.username()).lockedAt(this.clock.millis())).isTrue();
			assertThatThrownBy(() -> this.authenticator.password(editor.username(), Accounts.PASSWORD, client, "basic"))
				.isInstanceOf(LockedException.class);

			this.users.unlock(editor.username());
			assertThat(this.authenticator.password(editor.username(), Accounts.PASSWORD, client, "basic").username())
				.isEqualTo(editor.username());

			this.clock.advance(Duration.ofSeconds(1));
			CreatedUser reset = this.users.resetPassword(editor.username(), null);
			assertThat(reset.oneTimePassword()).hasSize(20);
			assertThat(reset.user().mustChangePassword()).isTrue();
			assertThatThrownBy(() -> this.authenticator.password(editor.username(), Accounts.PASSWORD, client, "basic"))
				.isInstanceOf(BadCredentialsException.class);
			assertThat(this.authenticator.password(editor.username(), reset.oneTimePassword(), client, "basic")
				.mustChangePassword()).isTrue();
		}

		@Test
		void serviceAccountsHaveNoPassword() {
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.users
				.create(new NewUser(Accounts.unique("svc"), Role.EDITOR, true, Accounts.PASSWORD, null, null)));
			CreatedUser service = this.users
				.create(new NewUser(Accounts.unique("svc"), Role.EDITOR, true, null, null, null));
			assertThat(service.oneTimePassword()).isNull();
			assertThat(service.user().kind()).isEqualTo(AccountKind.SERVICE);
			assertFails(ErrorCode.INVALID_STATE, () -> this.users.resetPassword(service.user().username(), null));
			this.accounts.actAs(this.accounts.reload(
					new SlipwayPrincipal(service.user().id(), "", Role.EDITOR, AccountKind.SERVICE, false, 0, "test")));
			assertFails(ErrorCode.INVALID_STATE,
					() -> this.users.changeOwnPassword(Accounts.PASSWORD, "another-password-1"));
		}

		@Test
		void userNamesAreLowerCasedAndValidated() {
			String name = Accounts.unique("Mixed.Case_Name@Example");
			User created = this.users.create(new NewUser("  " + name + " ", Role.VIEWER, false, null, "", " ")).user();
			assertThat(created.username()).isEqualTo(name.toLowerCase());
			assertThat(created.displayName()).isNull();
			assertThat(created.email()).isNull();
			assertFails(ErrorCode.ALREADY_EXISTS,
					() -> this.users.create(new NewUser(name.toUpperCase(), Role.VIEWER, false, null, null, null)));
			for (String invalid : List.of("", "-leading-dash", "has space", "semi;colon", "x".repeat(65))) {
				assertFails(ErrorCode.INVALID_ARGUMENT,
						() -> this.users.create(new NewUser(invalid, Role.VIEWER, false, null, null, null)));
			}
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.users
				.create(new NewUser(Accounts.unique("mail"), Role.VIEWER, false, null, null, "not-an-address")));
			assertFails(ErrorCode.INVALID_ARGUMENT,
					() -> this.users.create(new NewUser(Accounts.unique("norole"), null, false, null, null, null)));
			// Longer than the column: refused by name, not a database failure.
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.users
				.create(new NewUser(Accounts.unique("long"), Role.VIEWER, false, null, "d".repeat(201), null)));
			assertFails(ErrorCode.INVALID_ARGUMENT,
					() -> this.users.update(created.username(), new UserChanges(null, null, "d".repeat(201), null)));
		}

		@Test
		void listingPagesByPrefix() {
			String prefix = Accounts.unique("page");
			for (int i = 0; i < 3; i++) {
				this.users.create(new NewUser(prefix + "-" + i, Role.VIEWER, true, null, null, null));
			}
			UserList first = this.users.list(prefix.toUpperCase(), 2, null);
			UserList second = this.users.list(prefix, 2, first.nextPageToken());
			assertThat(first.users()).extracting(User::username).containsExactly(prefix + "-0", prefix + "-1");
			assertThat(second.users()).extracting(User::username).containsExactly(prefix + "-2");
			assertThat(second.nextPageToken()).isNull();
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.users.list(null, 201, null));
			assertFails(ErrorCode.INVALID_ARGUMENT, () -> this.users.list(null, 10, "not a token"));
		}

		@Test
		void singleSignOnCreatesTheAccountOnceAndFollowsTheRoleClaims() {
			String subject = Accounts.unique("subject");
			String name = Accounts.unique("Oidc.Person");
			SlipwayPrincipal first = this.users.provisionOidc(subject, name, "Oidc Person", "p@example.org",
					Role.EDITOR);
			assertThat(first.username()).isEqualTo(name.toLowerCase());
			assertThat(first.role()).isEqualTo(Role.EDITOR);
			assertThat(first.method()).isEqualTo("oidc");
			this.clock.advance(Duration.ofSeconds(1));
			SlipwayPrincipal again = this.users.provisionOidc(subject, name, "Oidc Person", "p@example.org",
					Role.MAINTAINER);
			assertThat(again.userId()).isEqualTo(first.userId());
			assertThat(again.role()).isEqualTo(Role.MAINTAINER);
			assertThat(this.authenticator.refresh(first)).isEmpty();
			assertThat(this.users.get(name).authSource()).isEqualTo(AuthSource.OIDC);
			assertThatThrownBy(() -> this.authenticator.password(name, Accounts.PASSWORD, "t", "basic"))
				.isInstanceOf(BadCredentialsException.class);

			SlipwayPrincipal local = this.accounts.editor();
			assertFails(ErrorCode.ALREADY_EXISTS, () -> this.users.provisionOidc(Accounts.unique("subject"),
					local.username(), null, null, Role.EDITOR));
			this.users.update(name, new UserChanges(null, false, null, null));
			assertThatThrownBy(() -> this.users.provisionOidc(subject, name, null, null, Role.MAINTAINER))
				.isInstanceOf(DisabledException.class);
		}

	}

	@Nested
	@SecurityTestContext.Default
	@OnPostgresql
	class Postgresql extends Contract {

	}

	@Nested
	@SecurityTestContext.Default
	class EmbeddedH2 extends Contract {

	}

}
