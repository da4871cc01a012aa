package dev.slipway.security.web;

import jakarta.servlet.http.HttpServletRequest;

/** Paths of the browser pages that the security filters treat specially. */
final class WebPaths {

	static final String PASSWORD_PAGE = "/account/password";

	private WebPaths() {
	}

	/** The request's path inside the application. */
	static String path(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}

	/**
	 * Style sheets, scripts and images, which every page needs and which reveal nothing.
	 */
	static boolean isStaticResource(HttpServletRequest request) {
		String path = path(request);
		return path.startsWith("/css/") || path.startsWith("/js/") || path.startsWith("/images/")
				|| path.equals("/favicon.ico");
	}

}
