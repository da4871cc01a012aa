package dev.slipway.security;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A set of IPv4 and IPv6 addresses and CIDR ranges ({@code 10.0.0.0/8}, {@code ::1},
 * {@code fd00::/8}), such as the reverse proxies whose forwarded headers Slipway trusts.
 * Only address literals are read: a host name is refused, never looked up.
 */
public final class AddressRanges {

	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	/** Hex digits, colons and an embedded IPv4 tail, with an optional zone. */
	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[\\w.-]+)?");

	private final List<Range> ranges;

	private final List<String> written;

	private AddressRanges(List<Range> ranges, List<String> written) {
		this.ranges = ranges;
		this.written = written;
	}

	private record Range(byte[] network, int bits) {

		boolean contains(byte[] address) {
			if (address.length != this.network.length) {
				return false;
			}
			int whole = this.bits / 8;
			for (int i = 0; i < whole; i++) {
				if (address[i] != this.network[i]) {
					return false;
				}
			}
			int rest = this.bits % 8;
			if (rest == 0) {
				return true;
			}
			int mask = (0xFF << (8 - rest)) & 0xFF;
			return (address[whole] & mask) == (this.network[whole] & mask);
		}

	}

	/**
	 * Reads addresses and ranges; blank entries are skipped.
	 * @throws IllegalArgumentException naming the first entry that is neither an IP
	 * address nor a CIDR range
	 */
	public static AddressRanges parse(List<String> entries) {
		List<Range> ranges = new ArrayList<>();
		List<String> written = new ArrayList<>();
		for (String raw : (entries != null) ? entries : List.<String>of()) {
			String entry = (raw != null) ? raw.trim() : "";
			if (entry.isEmpty()) {
				continue;
			}
			int slash = entry.indexOf('/');
			String address = (slash < 0) ? entry : entry.substring(0, slash);
			byte[] network = bytes(address).orElseThrow(
					() -> new IllegalArgumentException("'" + entry + "' is not an IP address or a CIDR range"));
			int bits = network.length * 8;
			if (slash >= 0) {
				try {
					bits = Integer.parseInt(entry.substring(slash + 1));
				}
				catch (NumberFormatException ex) {
					bits = -1;
				}
				if (bits < 0 || bits > network.length * 8) {
					throw new IllegalArgumentException(
							"'" + entry + "' has a prefix length outside 0 to " + (network.length * 8));
				}
			}
			ranges.add(new Range(network, bits));
			written.add(entry);
		}
		return new AddressRanges(List.copyOf(ranges), List.copyOf(written));
	}

	/** Whether {@code address}, an IP address literal, is in one of the ranges. */
	public boolean contains(String address) {
		if (this.ranges.isEmpty()) {
			return false;
		}
		Optional<byte[]> bytes = bytes(address);
		return bytes.isPresent() && this.ranges.stream().anyMatch((range) -> range.contains(bytes.get()));
	}

	/** Whether no address is in the set. */
	public boolean isEmpty() {
		return this.ranges.isEmpty();
	}

	@Override
	public String toString() {
		return String.join(",", this.written);
	}

	/**
	 * The address an IP literal stands for, IPv4-mapped IPv6 addresses as IPv4; empty for
	 * anything else (host names are not looked up).
	 */
	static Optional<InetAddress> literal(String text) {
		if (text == null) {
			return Optional.empty();
		}
		String candidate = text.trim();
		if (candidate.startsWith("[") && candidate.endsWith("]")) {
			candidate = candidate.substring(1, candidate.length() - 1);
		}
		if (candidate.isEmpty() || !(isIpv4(candidate) || IPV6.matcher(candidate).matches())) {
			return Optional.empty();
		}
		try {
			// A literal: InetAddress parses it without a name lookup.
			return Optional.of(InetAddress.getByName(candidate));
		}
		catch (UnknownHostException | IllegalArgumentException | SecurityException ex) {
			return Optional.empty();
		}
	}

	/**
	 * A client address as a throttle counts it: an IPv4 address as is, an IPv6 address as
	 * its /64 network (one subscriber usually holds a whole /64), anything else (a
	 * proxy's {@code unknown}) as written, cut to 64 characters.
	 */
	static String clientKey(String client) {
		if (client == null || client.isBlank()) {
			return "unknown";
		}
		Optional<InetAddress> address = literal(client);
		if (address.isEmpty()) {
			String text = client.trim();
			return (text.length() > 64) ? text.substring(0, 64) : text;
		}
		if (address.get() instanceof Inet4Address) {
			return address.get().getHostAddress();
		}
		byte[] bytes = address.get().getAddress();
		StringBuilder key = new StringBuilder();
		for (int i = 0; i < 8; i += 2) {
			key.append(Integer.toHexString(((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF))).append(':');
		}
		return key.append(":/64").toString();
	}

	private static boolean isIpv4(String text) {
		if (!IPV4.matcher(text).matches()) {
			return false;
		}
		for (String part : text.split("\\.")) {
			if (Integer.parseInt(part) > 255) {
				return false;
			}
		}
		return true;
	}

	private static Optional<byte[]> bytes(String text) {
		return literal(text).map(InetAddress::getAddress);
	}

}
