package dev.slipway.serving.api;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Finds the handler of a prediction request ({@code /serve/...}, {@code /v2/...}) among
 * the prediction routes alone. Spring MVC finds a route with a path variable by trying
 * every route the server has (several hundred, with MLflow's API); on the prediction hot
 * path that scan was the largest single cost of a request. Everything else, and any
 * prediction path no prediction route matches (so 404 and 405 are answered as before),
 * goes through the usual lookup.
 */
@Configuration(proxyBeanMethods = false)
class PredictionRoutesMapping {

	/** The path prefixes of the prediction routes. */
	static final List<String> PREFIXES = List.of("/serve/", "/v2/");

	@Bean
	WebMvcRegistrations predictionRoutesFirst() {
		return new WebMvcRegistrations() {

			@Override
			public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
				return new Mapping();
			}

		};
	}

	/** The application's one request-mapping lookup, with the prediction routes first. */
	static final class Mapping extends RequestMappingHandlerMapping {

		private volatile List<Map.Entry<RequestMappingInfo, HandlerMethod>> predictionRoutes = List.of();

		@Override
		protected void handlerMethodsInitialized(Map<RequestMappingInfo, HandlerMethod> handlerMethods) {
			super.handlerMethodsInitialized(handlerMethods);
			this.predictionRoutes = handlerMethods.entrySet()
				.stream()
				.filter((entry) -> isPredictionRoute(entry.getKey()))
				.map((entry) -> Map.entry(entry.getKey(), entry.getValue()))
				.toList();
		}

		@Override
		protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request) throws Exception {
			if (!isPredictionPath(lookupPath) || CorsUtils.isPreFlightRequest(request)) {
				return super.lookupHandlerMethod(lookupPath, request);
			}
			Comparator<RequestMappingInfo> comparator = getMappingComparator(request);
			RequestMappingInfo best = null;
			HandlerMethod handler = null;
			for (Map.Entry<RequestMappingInfo, HandlerMethod> route : this.predictionRoutes) {
				RequestMappingInfo match = getMatchingMapping(route.getKey(), request);
				if (match != null && (best == null || comparator.compare(match, best) < 0)) {
					best = match;
					handler = route.getValue();
				}
			}
			if (best == null) {
				return super.lookupHandlerMethod(lookupPath, request);
			}
			request.setAttribute(BEST_MATCHING_HANDLER_ATTRIBUTE, handler);
			handleMatch(best, lookupPath, request);
			return handler;
		}

		private static boolean isPredictionRoute(RequestMappingInfo info) {
			Set<String> patterns = info.getPatternValues();
			return !patterns.isEmpty() && patterns.stream().allMatch(Mapping::isPredictionPath);
		}

		private static boolean isPredictionPath(String path) {
			for (String prefix : PREFIXES) {
				if (path.startsWith(prefix)) {
					return true;
				}
			}
			return false;
		}

	}

}
