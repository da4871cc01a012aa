package dev.slipway.security;

import java.util.List;

import dev.slipway.system.InvalidSettingException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The reverse proxies Slipway believes, bound from {@code slipway.proxy.*};
 * docs/security.md ("Behind a reverse proxy") explains it. The environment variable named
 * below is not the property's own name: {@code SettingVariables} binds it.
 *
 * @param trustedAddresses IP addresses and CIDR ranges (IPv4 and IPv6) of the reverse
 * proxies whose forwarded headers ({@code Forwarded}, {@code X-Forwarded-For},
 * {@code -Proto}, {@code -Host}, {@code -Port}, {@code -Prefix}) Slipway believes; from
 * any other peer those headers are removed. Empty trusts no proxy
 * ({@code SLIPWAY_TRUSTED_PROXIES}, comma-separated)
 */
@ConfigurationProperties("slipway.proxy")
public record ProxySettings(@DefaultValue( {
		"127.0.0.1/8", "::1" }) List<String> trustedAddresses){

	/** The variable people set. */
	static final String VARIABLE = "SLIPWAY_TRUSTED_PROXIES";

	/**
	 * @throws InvalidSettingException naming SLIPWAY_TRUSTED_PROXIES when an entry is
	 * neither an IP address nor a CIDR range
	 */
	public ProxySettings {
		trustedAddresses = (trustedAddresses != null) ? List.copyOf(trustedAddresses) : List.of();
		parse(trustedAddresses);
	}

	/** The trusted proxies, read. */
	public AddressRanges trusted() {
		return parse(this.trustedAddresses);
	}

	private static AddressRanges parse(List<String> entries) {
		try {
			return AddressRanges.parse(entries);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSettingException(VARIABLE, ex.getMessage());
		}
	}

}
