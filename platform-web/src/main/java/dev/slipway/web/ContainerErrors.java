package dev.slipway.web;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Puts {@link ContainerErrorValve} in place of Tomcat's HTML error report, after Spring
 * Boot's own customizers have configured theirs.
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrors implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addContextCustomizers((context) -> {
			if (context.getParent() instanceof StandardHost host) {
				for (Valve valve : host.getPipeline().getValves()) {
					if (valve instanceof ErrorReportValve && !(valve instanceof ContainerErrorValve)) {
						host.getPipeline().removeValve(valve);
					}
				}
				host.setErrorReportValveClass(ContainerErrorValve.class.getName());
			}
		});
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
