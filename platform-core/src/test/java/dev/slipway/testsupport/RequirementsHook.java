package dev.slipway.testsupport;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Optional;

import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.SkipExecutionHook;

import org.springframework.util.ClassUtils;

/**
 * {@link Requires} for jqwik properties and containers, which JUnit Jupiter's conditions
 * do not reach: the same check, the same line. Registered for every jqwik test through
 * {@code META-INF/services/net.jqwik.api.lifecycle.LifecycleHook}.
 */
public final class RequirementsHook implements SkipExecutionHook {

	@Override
	public PropagationMode propagateTo() {
		return PropagationMode.ALL_DESCENDANTS;
	}

	@Override
	public SkipResult shouldBeSkipped(LifecycleContext context) {
		Optional<AnnotatedElement> element = context.optionalElement();
		if (element.isEmpty()) {
			return SkipResult.doNotSkip();
		}
		String name = context.optionalContainerClass().map(ClassUtils::getShortName).orElse(context.label());
		if (element.get() instanceof Method method) {
			name = name + "." + method.getName();
		}
		return RequirementsCondition.check(element.get(), name).map(SkipResult::skip).orElse(SkipResult.doNotSkip());
	}

}
