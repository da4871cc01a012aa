package dev.slipway.mlflow;

import java.util.List;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Lets MLflow controllers take {@link MlflowMessage} record arguments. */
@Configuration(proxyBeanMethods = false)
class MlflowWebConfiguration implements WebMvcConfigurer {

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(new MlflowRequestResolver());
	}

}
