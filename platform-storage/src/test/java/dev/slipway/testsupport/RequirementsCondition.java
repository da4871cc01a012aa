package dev.slipway.testsupport;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.util.ClassUtils;

/**
 * Runs, skips or fails a test by its {@link Requires}: the one rule every test that needs
 * something beyond a JDK follows, for JUnit Jupiter here and for jqwik through
 * {@link #check(AnnotatedElement, String)}.
 */
public final class RequirementsCondition implements ExecutionCondition {

	private static final ConditionEvaluationResult ENABLED = ConditionEvaluationResult
		.enabled("every requirement is here");

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		Optional<AnnotatedElement> element = context.getElement();
		if (element.isEmpty()) {
			return ENABLED;
		}
		String name = ClassUtils.getShortName(context.getRequiredTestClass());
		if (element.get() instanceof Method method) {
			name = name + "." + method.getName();
		}
		return check(element.get(), name).map(ConditionEvaluationResult::disabled).orElse(ENABLED);
	}

	/**
	 * The reason to skip the test {@code name} declared by {@code element} (a class, with
	 * its superclasses, or a method), printed as one line; empty when it may run.
	 * @throws IllegalStateException with the same line when a missing requirement is
	 * enforced under {@code SLIPWAY_TEST_REQUIRE_ALL=true}
	 */
	public static Optional<String> check(AnnotatedElement element, String name) {
		Set<Requirement> needed = EnumSet.noneOf(Requirement.class);
		MergedAnnotations.from(element, SearchStrategy.TYPE_HIERARCHY)
			.stream(Requires.class)
			.forEach((requires) -> needed.addAll(List.of(requires.getEnumArray("value", Requirement.class))));
		List<String> reasons = new ArrayList<>();
		boolean enforced = false;
		for (Requirement requirement : needed) {
			Optional<String> reason = requirement.missing();
			if (reason.isPresent()) {
				reasons.add(reason.get());
				enforced = enforced || requirement.enforced();
			}
		}
		if (reasons.isEmpty()) {
			return Optional.empty();
		}
		String line = name + ": " + String.join("; ", reasons);
		if (enforced && requireAll()) {
			String failure = line + " (" + Requires.REQUIRE_ALL + "=true: a missing requirement fails the test)";
			System.out.println("[FAIL] " + failure);
			throw new IllegalStateException(failure);
		}
		System.out.println("[SKIP] " + line);
		return Optional.of(line);
	}

	private static boolean requireAll() {
		String value = System.getenv(Requires.REQUIRE_ALL);
		return value != null && value.strip().toLowerCase(Locale.ROOT).equals("true");
	}

}
