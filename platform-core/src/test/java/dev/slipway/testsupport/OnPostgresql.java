package dev.slipway.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.ContextCustomizerFactories;

/**
 * Runs a Spring test class on the test PostgreSQL instead of the embedded H2: the one way
 * to put a test on both databases. Declare the test once and add a subclass, <pre>
 * &#64;OnPostgresql
 * class ModelPagesOnPostgresqlTest extends ModelPagesTest {
 * }
 * </pre> or, for a contract with a nested class per database, put it on the nested class.
 * It sets {@code slipway.database.*} to {@link PostgresTestDatabase}; classes with the
 * same settings share one cached context. Where there is no PostgreSQL the class is
 * skipped with one line ({@link Requires}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Requires(Requirement.POSTGRESQL)
@ContextCustomizerFactories(PostgresqlContextCustomizerFactory.class)
public @interface OnPostgresql {

	/**
	 * A key for a schema of its own instead of the one this test JVM shares; contexts
	 * with the same key share that schema.
	 */
	String schema() default "";

}
