package dev.slipway.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.context.ApplicationContext;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * One path pattern the application's request mappings serve, with the HTTP methods it
 * accepts (empty: any method). The authorization matrix and the API fuzz test both walk
 * every served route, so that a new controller cannot escape either.
 *
 * @param pattern the path pattern as mapped, such as {@code /api/2.0/mlflow/runs/get}
 * @param methods the methods named by the mapping, sorted; empty when it names none
 */
public record ServedRoute(String pattern, Set<String> methods) {

	/**
	 * Every pattern of every request mapping of {@code context}, sorted by pattern (one
	 * entry per mapping and pattern).
	 */
	public static List<ServedRoute> of(ApplicationContext context) {
		List<ServedRoute> routes = new ArrayList<>();
		for (RequestMappingInfoHandlerMapping mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class)
			.values()) {
			for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
				Set<String> patterns = (info.getPathPatternsCondition() != null)
						? info.getPathPatternsCondition().getPatternValues() : info.getPatternValues();
				Set<String> methods = new TreeSet<>();
				info.getMethodsCondition().getMethods().forEach((method) -> methods.add(method.name()));
				for (String pattern : patterns) {
					routes.add(new ServedRoute(pattern, Collections.unmodifiableSet(methods)));
				}
			}
		}
		routes.sort(Comparator.comparing(ServedRoute::pattern));
		return routes;
	}

	/**
	 * The pattern with MLflow's {@code /ajax-api/} prefix (which the web UI calls) read
	 * as {@code /api/}, the same handlers behind both.
	 */
	public String normalized() {
		return this.pattern.startsWith("/ajax-api/") ? "/api/" + this.pattern.substring("/ajax-api/".length())
				: this.pattern;
	}

}
