package dev.slipway.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

import dev.slipway.error.SlipwayException;

/**
 * Which webhook addresses Slipway accepts. Subscribers are trusted users, but a webhook
 * must not turn the server into a reader of the cloud metadata service, so link-local,
 * metadata and unspecified addresses are refused when a webhook is created and again
 * before every send (a name may resolve differently later). Loopback and private
 * addresses stay allowed: self-hosted receivers often live next to Slipway.
 */
final class WebhookUrls {

	/** The longest URL accepted (the column size). */
	static final int MAX_LENGTH = 2000;

	private static final Set<String> METADATA_NAMES = Set.of("metadata", "metadata.google.internal", "metadata.goog",
			"instance-data", "instance-data.ec2.internal");

	/** AWS's IPv6 instance metadata address. */
	private static final String AWS_METADATA_V6 = "fd00:ec2:0:0:0:0:0:254";

	private WebhookUrls() {
	}

	/**
	 * The URL, checked.
	 * @throws SlipwayException INVALID_ARGUMENT naming {@code url} for anything not
	 * accepted
	 */
	static URI validate(String url) {
		if (url == null || url.isBlank()) {
			throw invalid("is required");
		}
		String text = url.strip();
		if (text.length() > MAX_LENGTH) {
			throw invalid("must be at most " + MAX_LENGTH + " characters");
		}
		URI uri;
		try {
			uri = new URI(text);
		}
		catch (URISyntaxException ex) {
			throw invalid("is not a valid URL");
		}
		String scheme = uri.getScheme();
		if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
			throw invalid("must be an absolute http or https URL");
		}
		if (uri.getRawUserInfo() != null) {
			throw invalid("must not contain a user name or password");
		}
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			throw invalid("must name a valid host");
		}
		if (forbiddenName(uri.getHost())) {
			throw invalid("must not point at a link-local, cloud metadata or unspecified address");
		}
		return uri;
	}

	/**
	 * Why the host must not be contacted, or null when it may: resolves the name, so call
	 * it outside any transaction.
	 */
	static String refusal(URI uri) {
		String host = uri.getHost();
		if (host == null || forbiddenName(host)) {
			return "Refused: the host is a link-local, cloud metadata or unspecified address";
		}
		try {
			for (InetAddress address : InetAddress.getAllByName(bare(host))) {
				if (forbidden(address)) {
					return "Refused: the host resolves to a link-local, cloud metadata or unspecified address";
				}
			}
		}
		catch (UnknownHostException ex) {
			return "Unknown host";
		}
		return null;
	}

	/** Whether the name is a metadata name or an address literal that is refused. */
	static boolean forbiddenName(String host) {
		String name = bare(host).toLowerCase(Locale.ROOT);
		while (name.endsWith(".")) {
			name = name.substring(0, name.length() - 1);
		}
		if (METADATA_NAMES.contains(name)) {
			return true;
		}
		if (!isLiteral(name)) {
			return false;
		}
		try {
			// A literal is parsed, not looked up.
			return forbidden(InetAddress.getByName(name));
		}
		catch (UnknownHostException ex) {
			return true;
		}
	}

	/**
	 * Link-local (169.254.0.0/16, fe80::/10, where cloud metadata services live),
	 * unspecified (0.0.0.0/8, ::) and AWS's IPv6 metadata address.
	 */
	static boolean forbidden(InetAddress address) {
		if (address.isAnyLocalAddress() || address.isLinkLocalAddress()) {
			return true;
		}
		if (address instanceof Inet4Address) {
			return address.getAddress()[0] == 0;
		}
		if (address instanceof Inet6Address v6) {
			return v6.getHostAddress().replaceAll("%.*$", "").equalsIgnoreCase(AWS_METADATA_V6);
		}
		return false;
	}

	private static boolean isLiteral(String name) {
		return name.indexOf(':') >= 0 || name.chars().allMatch((c) -> (c >= '0' && c <= '9') || c == '.');
	}

	private static String bare(String host) {
		if (host.startsWith("[") && host.endsWith("]")) {
			return host.substring(1, host.length() - 1);
		}
		return host;
	}

	private static SlipwayException invalid(String problem) {
		return SlipwayException.invalidArgument("url", problem);
	}

}
