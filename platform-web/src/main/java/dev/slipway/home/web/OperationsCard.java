package dev.slipway.home.web;

import java.time.Clock;
import java.util.List;

import dev.slipway.security.CurrentUser;
import dev.slipway.security.SecuritySettings;
import dev.slipway.security.SlipwayPrincipal;
import dev.slipway.system.SystemOverview;
import dev.slipway.system.SystemService;

import org.springframework.stereotype.Component;

/**
 * The operations card, for admins: what this server runs on, and the operations endpoints
 * a browser session can open. The API chain takes tokens only (no session, so no cookie
 * to forge requests with), so {@code /actuator/info}, {@code /api/v1/system} and, unless
 * public, {@code /actuator/prometheus} are named, not linked.
 */
@Component
class OperationsCard implements HomeCardProvider {

	private final SystemService system;

	private final SecuritySettings settings;

	private final Clock clock;

	OperationsCard(SystemService system, SecuritySettings settings, Clock clock) {
		this.system = system;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * What the card shows.
	 *
	 * @param system the server's version, identity, database and artifact store
	 * @param since when this installation was first started
	 * @param publicMetrics whether {@code /actuator/prometheus} answers without a token
	 */
	record Operations(SystemOverview system, HomeTime since, boolean publicMetrics) {
	}

	@Override
	public List<HomeCard> cards() {
		if (!CurrentUser.find().map(SlipwayPrincipal::isAdmin).orElse(false)) {
			return List.of();
		}
		SystemOverview overview = this.system.overview();
		Operations operations = new Operations(overview,
				HomeTime.of(overview.instance().createdAt().toEpochMilli(), this.clock.millis()),
				this.settings.publicMetrics());
		return List
			.of(new HomeCard("operations", 90, "Operations", "home/operations", "operations", operations, false, null));
	}

}
