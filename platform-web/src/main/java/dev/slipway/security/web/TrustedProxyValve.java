package dev.slipway.security.web;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import dev.slipway.security.AddressRanges;
import jakarta.servlet.ServletException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.tomcat.util.http.MimeHeaders;

import org.springframework.http.HttpHeaders;
import org.springframework.web.util.ForwardedHeaderUtils;

/**
 * Believes forwarded headers only from a trusted reverse proxy, before anything else in
 * Tomcat or Slipway reads the request.
 * <p>
 * From any other peer every header Spring's {@code ForwardedHeaderFilter} reads
 * ({@code Forwarded}, {@code X-Forwarded-For}, {@code -Proto}, {@code -Host},
 * {@code -Port}, {@code -Prefix}, {@code -Ssl}) is removed, so the client address,
 * scheme, host and redirect URLs stay the connection's own. From a trusted proxy the
 * client address is the first address, walking {@code X-Forwarded-For} (or the
 * {@code for=} of {@code Forwarded}) from the right, that is not itself a trusted proxy:
 * the entries to its left came from the client and prove nothing. The valve sets it as
 * the request's remote address and removes the address chain, so the filter, which would
 * take the leftmost entry, keeps it; the filter then applies scheme, host, port and
 * prefix. The valve also marks the request secure when the scheme the filter will apply
 * is HTTPS: Tomcat marks the session cookie {@code Secure} from its own request, which
 * the filter's wrapper cannot change.
 */
class TrustedProxyValve extends ValveBase {

	/** The headers Spring's ForwardedHeaderFilter reads. */
	static final List<String> FORWARDED_HEADERS = List.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Proto",
			"X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Prefix", "X-Forwarded-Ssl");

	private static final String FORWARDED = "Forwarded";

	private static final String FORWARDED_FOR = "X-Forwarded-For";

	private final AddressRanges trusted;

	private final boolean honoured;

	/**
	 * @param trusted the proxies whose headers are believed
	 * @param honoured false to remove forwarded headers from every peer
	 * ({@code SLIPWAY_FORWARD_HEADERS=none})
	 */
	TrustedProxyValve(AddressRanges trusted, boolean honoured) {
		super(true);
		this.trusted = trusted;
		this.honoured = honoured;
	}

	@Override
	public void invoke(Request request, Response response) throws IOException, ServletException {
		MimeHeaders headers = request.getCoyoteRequest().getMimeHeaders();
		if (!hasForwardedHeader(headers) && (request.isSecure() || !"https".equals(request.getScheme()))) {
			// Nothing to believe or remove, whoever the peer (most requests): the peer's
			// address is not even parsed.
			getNext().invoke(request, response);
			return;
		}
		if (!this.honoured || !this.trusted.contains(request.getRemoteAddr())) {
			for (String name : FORWARDED_HEADERS) {
				headers.removeHeader(name);
			}
			getNext().invoke(request, response);
			return;
		}
		String remoteAddr = request.getRemoteAddr();
		String remoteHost = request.getRemoteHost();
		boolean secure = request.isSecure();
		try {
			String client = takeClient(headers);
			if (client != null) {
				request.setRemoteAddr(client);
				request.setRemoteHost(client);
			}
			if (forwardedSecure(request, headers)) {
				request.setSecure(true);
			}
			getNext().invoke(request, response);
		}
		finally {
			request.setRemoteAddr(remoteAddr);
			request.setRemoteHost(remoteHost);
			request.setSecure(secure);
		}
	}

	private static boolean hasForwardedHeader(MimeHeaders headers) {
		for (String name : FORWARDED_HEADERS) {
			if (headers.getHeader(name) != null) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The client's address from the forwarded address chain, which is removed: from
	 * {@code Forwarded} when present (as the filter prefers it), keeping only the element
	 * the first untrusted hop's proxy added, without its {@code for=}; otherwise from
	 * {@code X-Forwarded-For}. Null when neither says.
	 */
	private String takeClient(MimeHeaders headers) {
		List<String> forwarded = values(headers, FORWARDED);
		if (!forwarded.isEmpty()) {
			List<List<String>> elements = new ArrayList<>();
			forwarded.forEach((value) -> elements.addAll(elements(value)));
			headers.removeHeader(FORWARDED);
			headers.removeHeader(FORWARDED_FOR);
			List<String> chosen = null;
			for (int i = elements.size() - 1; i >= 0; i--) {
				chosen = elements.get(i);
				String hop = address(parameter(chosen, "for"));
				if (hop == null || !this.trusted.contains(hop)) {
					break;
				}
			}
			if (chosen == null) {
				return null;
			}
			List<String> rest = chosen.stream().filter((pair) -> !name(pair).equals("for")).toList();
			if (!rest.isEmpty()) {
				headers.addValue(FORWARDED).setString(String.join(";", rest));
			}
			return address(parameter(chosen, "for"));
		}
		List<String> chain = new ArrayList<>();
		for (String value : values(headers, FORWARDED_FOR)) {
			for (String hop : value.split(",")) {
				String address = address(hop);
				if (address != null) {
					chain.add(address);
				}
			}
		}
		headers.removeHeader(FORWARDED_FOR);
		String client = null;
		for (int i = chain.size() - 1; i >= 0; i--) {
			client = chain.get(i);
			if (!this.trusted.contains(client)) {
				break;
			}
		}
		return client;
	}

	/** Whether the scheme ForwardedHeaderFilter will apply is a secure one. */
	private static boolean forwardedSecure(Request request, MimeHeaders headers) {
		HttpHeaders forwarded = new HttpHeaders();
		for (String name : FORWARDED_HEADERS) {
			values(headers, name).forEach((value) -> forwarded.add(name, value));
		}
		try {
			String scheme = ForwardedHeaderUtils
				.adaptFromForwardedHeaders(URI.create(request.getScheme() + "://localhost/"), forwarded)
				.build()
				.getScheme();
			return "https".equals(scheme) || "wss".equals(scheme);
		}
		catch (RuntimeException ex) {
			// A malformed header: the filter refuses the request with 400.
			return false;
		}
	}

	private static List<String> values(MimeHeaders headers, String name) {
		return Collections.list(headers.values(name));
	}

	/**
	 * The elements of a {@code Forwarded} value (RFC 7239), each a list of
	 * {@code name=value} pairs as written; commas and semicolons inside quotes do not
	 * split.
	 */
	static List<List<String>> elements(String value) {
		List<List<String>> elements = new ArrayList<>();
		List<String> pairs = new ArrayList<>();
		StringBuilder pair = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '"' && (i == 0 || value.charAt(i - 1) != '\\')) {
				quoted = !quoted;
			}
			if (!quoted && (c == ';' || c == ',')) {
				addPair(pairs, pair);
				if (c == ',') {
					addElement(elements, pairs);
					pairs = new ArrayList<>();
				}
				continue;
			}
			pair.append(c);
		}
		addPair(pairs, pair);
		addElement(elements, pairs);
		return elements;
	}

	private static void addPair(List<String> pairs, StringBuilder pair) {
		String text = pair.toString().trim();
		if (text.contains("=")) {
			pairs.add(text);
		}
		pair.setLength(0);
	}

	private static void addElement(List<List<String>> elements, List<String> pairs) {
		if (!pairs.isEmpty()) {
			elements.add(pairs);
		}
	}

	private static String name(String pair) {
		return pair.substring(0, pair.indexOf('=')).trim().toLowerCase(Locale.ROOT);
	}

	private static String parameter(List<String> pairs, String name) {
		for (String pair : pairs) {
			if (name(pair).equals(name)) {
				return pair.substring(pair.indexOf('=') + 1).trim();
			}
		}
		return null;
	}

	/**
	 * A hop as an address: unquoted, without brackets and port
	 * ({@code "[2001:db8::1]:80"} is {@code 2001:db8::1}, {@code 10.0.0.1:5000} is
	 * {@code 10.0.0.1}); an obfuscated identifier or {@code unknown} stays as written.
	 * Null for an empty hop.
	 */
	static String address(String hop) {
		if (hop == null) {
			return null;
		}
		String address = hop.trim();
		if (address.length() >= 2 && address.startsWith("\"") && address.endsWith("\"")) {
			address = address.substring(1, address.length() - 1).trim();
		}
		if (address.startsWith("[")) {
			int end = address.indexOf(']');
			address = (end > 0) ? address.substring(1, end) : address.substring(1);
		}
		else if (address.indexOf(':') > 0 && address.indexOf(':') == address.lastIndexOf(':')) {
			address = address.substring(0, address.indexOf(':'));
		}
		return address.isEmpty() ? null : address;
	}

}
