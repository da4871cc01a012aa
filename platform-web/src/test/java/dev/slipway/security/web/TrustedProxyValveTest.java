package dev.slipway.security.web;

import java.util.List;

import dev.slipway.security.ProxySettings;
import dev.slipway.system.InvalidSettingException;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How the valve reads the address chain (hops with ports, brackets and quotes,
 * {@code Forwarded} elements whose quoted values hold separators), and the strategies it
 * accepts.
 */
class TrustedProxyValveTest {

	@Test
	void aHopIsReadAsAnAddressWithoutPortOrBrackets() {
		assertThat(TrustedProxyValve.address(" 203.0.113.7 ")).isEqualTo("203.0.113.7");
		assertThat(TrustedProxyValve.address("203.0.113.7:51234")).isEqualTo("203.0.113.7");
		assertThat(TrustedProxyValve.address("\"[2001:db8:cafe::17]:4711\"")).isEqualTo("2001:db8:cafe::17");
		assertThat(TrustedProxyValve.address("[2001:db8::1]")).isEqualTo("2001:db8::1");
		assertThat(TrustedProxyValve.address("2001:db8::1")).isEqualTo("2001:db8::1");
		assertThat(TrustedProxyValve.address("unknown")).isEqualTo("unknown");
		assertThat(TrustedProxyValve.address("  ")).isNull();
		assertThat(TrustedProxyValve.address(null)).isNull();
	}

	@Test
	void tomcatsOwnHandlingIsRefusedWithTheVariableNamed() {
		ProxySettings settings = new ProxySettings(List.of("127.0.0.1/8"));
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> new TrustedProxies(settings,
					new MockEnvironment().withProperty("server.forward-headers-strategy", "native")))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("SLIPWAY_FORWARD_HEADERS"));
		new TrustedProxies(settings, new MockEnvironment().withProperty("server.forward-headers-strategy", "NONE"));
		new TrustedProxies(settings, new MockEnvironment());
	}

	@Test
	void forwardedElementsSplitOnlyOutsideQuotes() {
		assertThat(TrustedProxyValve
			.elements("for=192.0.2.60;proto=http;by=203.0.113.43, for=\"[2001:db8::1]:80\";host=\"a;b,c\""))
			.containsExactly(List.of("for=192.0.2.60", "proto=http", "by=203.0.113.43"),
					List.of("for=\"[2001:db8::1]:80\"", "host=\"a;b,c\""));
		assertThat(TrustedProxyValve.elements(" , ;junk, for=10.0.0.1")).containsExactly(List.of("for=10.0.0.1"));
		assertThat(TrustedProxyValve.elements("")).isEmpty();
	}

}
