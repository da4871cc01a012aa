package dev.slipway.security.web;

import dev.slipway.security.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;

/**
 * Gives every rendered page the signed-in caller, for the navigation bar; JSON answers
 * are left alone.
 */
class CurrentUserInterceptor implements HandlerInterceptor {

	/**
	 * The model attribute holding the {@link SlipwayPrincipal}, absent when signed out.
	 */
	static final String ATTRIBUTE = "currentUser";

	@Override
	public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
			ModelAndView view) {
		if (view != null && view.getViewName() != null && !view.getViewName().startsWith("redirect:")) {
			CurrentUser.find().ifPresent((principal) -> view.addObject(ATTRIBUTE, principal));
		}
	}

}
