package dev.slipway.security;

import dev.slipway.error.SlipwayException;
import dev.slipway.system.InvalidSettingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Creates the first admin on the first start, so there is never a default password: the
 * password comes from {@code SLIPWAY_ADMIN_PASSWORD}, or is random, printed once, and
 * must be changed at the first sign-in.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class AdminBootstrap implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(AdminBootstrap.class);

	private final UserService users;

	private final SecuritySettings settings;

	AdminBootstrap(UserService users, SecuritySettings settings) {
		this.users = users;
		this.settings = settings;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.settings.adminRecovery()) {
			String password = this.users.recoverAdmin(this.settings.adminUsername());
			logger.warn("""

					================================================================
					 SLIPWAY_ADMIN_RECOVERY: '{}' is an enabled admin again, with the
					 one-time password

					     {}

					 Sign in, choose a new password, and remove SLIPWAY_ADMIN_RECOVERY:
					 every start with it set issues a new password.
					================================================================""", this.settings.adminUsername(),
					password);
			return;
		}
		String oneTime;
		try {
			oneTime = this.users.bootstrapAdmin(this.settings.adminUsername(), this.settings.adminPassword());
		}
		catch (DuplicateKeyException ex) {
			// Another instance sharing the database created it first.
			return;
		}
		catch (SlipwayException ex) {
			String setting = ex.getMessage().startsWith("username") ? "SLIPWAY_ADMIN_USERNAME"
					: "SLIPWAY_ADMIN_PASSWORD";
			throw new InvalidSettingException(setting, ex.getMessage().replaceFirst("^[A-Za-z_]+: ", ""));
		}
		if (oneTime != null) {
			logger.warn("""

					================================================================
					 First start: created admin '{}' with the one-time password

					     {}

					 Sign in and choose a new password; this one is shown only once.
					================================================================""", this.settings.adminUsername(),
					oneTime);
		}
		else if (this.settings.adminPassword() != null && !this.settings.adminPassword().isEmpty()) {
			logger.info("Admin '{}' has the password given by SLIPWAY_ADMIN_PASSWORD (read only at the first start)",
					this.settings.adminUsername());
		}
	}

}
