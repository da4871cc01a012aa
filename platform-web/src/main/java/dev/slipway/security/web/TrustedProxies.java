package dev.slipway.security.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.slipway.security.ProxySettings;
import dev.slipway.system.InvalidSettingException;
import org.apache.catalina.Valve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Puts {@link TrustedProxyValve} first in Tomcat's engine, so that forwarded headers are
 * believed only from {@code SLIPWAY_TRUSTED_PROXIES} and removed from everyone else
 * before Spring's {@code ForwardedHeaderFilter}
 * ({@code SLIPWAY_FORWARD_HEADERS=framework}, the default) applies them. {@code none}
 * removes them from every peer; Tomcat's own {@code native} handling, which trusts
 * private address ranges by regular expression, is refused.
 */
@Configuration(proxyBeanMethods = false)
class TrustedProxies implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	private final ProxySettings settings;

	private final String strategy;

	TrustedProxies(ProxySettings settings, Environment environment) {
		this.settings = settings;
		this.strategy = environment.getProperty("server.forward-headers-strategy", "framework")
			.trim()
			.toLowerCase(Locale.ROOT);
		if (!this.strategy.equals("framework") && !this.strategy.equals("none")) {
			throw new InvalidSettingException("SLIPWAY_FORWARD_HEADERS", "'" + this.strategy
					+ "' is not supported; use framework (forwarded headers from SLIPWAY_TRUSTED_PROXIES only) or none");
		}
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		// Last among the customizers, to go in front of any valve the others added.
		List<Valve> valves = new ArrayList<>();
		valves.add(new TrustedProxyValve(this.settings.trusted(), this.strategy.equals("framework")));
		valves.addAll(factory.getEngineValves());
		factory.setEngineValves(valves);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
