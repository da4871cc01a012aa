package dev.slipway.security;

import java.util.List;

import dev.slipway.system.InvalidSettingException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Address ranges of trusted proxies (IPv4, IPv6, CIDR, never a name lookup) and client
 * addresses as the sign-in throttle counts them.
 */
class AddressRangesTest {

	@Test
	void theDefaultTrustsLoopbackOnly() {
		AddressRanges loopback = new ProxySettings(List.of("127.0.0.1/8", "::1")).trusted();
		assertThat(loopback.contains("127.0.0.1")).isTrue();
		assertThat(loopback.contains("127.255.0.9")).isTrue();
		assertThat(loopback.contains("::1")).isTrue();
		assertThat(loopback.contains("0:0:0:0:0:0:0:1")).isTrue();
		assertThat(loopback.contains("::ffff:127.0.0.1")).isTrue();
		assertThat(loopback.contains("128.0.0.1")).isFalse();
		assertThat(loopback.contains("::2")).isFalse();
		assertThat(loopback.contains("10.0.0.1")).isFalse();
		assertThat(loopback).hasToString("127.0.0.1/8,::1");
	}

	@Test
	void rangesOfAnyPrefixLengthMatchTheirAddressesOnly() {
		AddressRanges ranges = AddressRanges
			.parse(List.of(" 10.0.0.0/8 ", "192.168.1.64/27", "fd00:ab::/33", "2001:db8::7", "", "203.0.113.9"));
		assertThat(ranges.contains("10.200.3.4")).isTrue();
		assertThat(ranges.contains("11.0.0.1")).isFalse();
		assertThat(ranges.contains("192.168.1.64")).isTrue();
		assertThat(ranges.contains("192.168.1.95")).isTrue();
		assertThat(ranges.contains("192.168.1.96")).isFalse();
		assertThat(ranges.contains("192.168.1.63")).isFalse();
		assertThat(ranges.contains("fd00:ab:7fff::1")).isTrue();
		assertThat(ranges.contains("fd00:ab:8000::1")).isFalse();
		assertThat(ranges.contains("[2001:db8::7]")).isTrue();
		assertThat(ranges.contains("2001:db8::8")).isFalse();
		assertThat(ranges.contains("203.0.113.9")).isTrue();
		assertThat(AddressRanges.parse(List.of("0.0.0.0/0")).contains("8.8.8.8")).isTrue();
		assertThat(AddressRanges.parse(List.of()).contains("127.0.0.1")).isFalse();
	}

	@Test
	void namesAndGarbageAreNeverLookedUpNorMatched() {
		AddressRanges everything = AddressRanges.parse(List.of("0.0.0.0/0", "::/0"));
		for (String notAnAddress : List.of("localhost", "example.com", "unknown", "_hidden", "1.2.3", "1.2.3.256",
				"1.2.3.4:80", "", "::g", "deadbeef")) {
			assertThat(everything.contains(notAnAddress)).as(notAnAddress).isFalse();
		}
		assertThat(everything.contains(null)).isFalse();
	}

	@Test
	void aWrongEntryNamesTheVariableAndTheEntry() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> new ProxySettings(List.of("10.0.0.0/8", "proxy.internal")))
			.satisfies((ex) -> assertThat(ex.setting()).isEqualTo("SLIPWAY_TRUSTED_PROXIES"))
			.withMessage("SLIPWAY_TRUSTED_PROXIES: 'proxy.internal' is not an IP address or a CIDR range");
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> new ProxySettings(List.of("10.0.0.0/33")))
			.withMessage("SLIPWAY_TRUSTED_PROXIES: '10.0.0.0/33' has a prefix length outside 0 to 32");
		assertThatIllegalArgumentException().isThrownBy(() -> AddressRanges.parse(List.of("::1/129")));
		assertThatIllegalArgumentException().isThrownBy(() -> AddressRanges.parse(List.of("10.0.0.0/x")));
		assertThat(new ProxySettings(null).trusted().isEmpty()).isTrue();
	}

	@Test
	void theThrottleCountsAnIpv6ClientByItsSlash64() {
		assertThat(AddressRanges.clientKey("203.0.113.9")).isEqualTo("203.0.113.9");
		assertThat(AddressRanges.clientKey("::ffff:203.0.113.9")).isEqualTo("203.0.113.9");
		assertThat(AddressRanges.clientKey("2001:db8:1:2:aaaa::1")).isEqualTo("2001:db8:1:2::/64");
		assertThat(AddressRanges.clientKey("[2001:db8:1:2:bbbb::9]")).isEqualTo("2001:db8:1:2::/64");
		assertThat(AddressRanges.clientKey("0:0:0:0:0:0:0:1")).isEqualTo("0:0:0:0::/64");
		assertThat(AddressRanges.clientKey("unknown")).isEqualTo("unknown");
		assertThat(AddressRanges.clientKey(null)).isEqualTo("unknown");
		assertThat(AddressRanges.clientKey("x".repeat(100))).hasSize(64);
	}

}
