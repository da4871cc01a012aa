package dev.slipway.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/**
 * Authorization lives on the services ({@code @PreAuthorize}), so the web pages, the
 * MLflow API and the native API share one set of rules and cannot disagree.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class MethodSecurityConfiguration {

	@Bean
	static RoleHierarchy roleHierarchy() {
		return RoleHierarchyImpl.fromHierarchy("""
				ROLE_ADMIN > ROLE_MAINTAINER
				ROLE_MAINTAINER > ROLE_EDITOR
				ROLE_EDITOR > ROLE_VIEWER
				""");
	}

}
