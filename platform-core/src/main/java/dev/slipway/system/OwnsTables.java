package dev.slipway.system;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The tables a feature package owns. Only that feature's code names them in SQL; another
 * feature asks the owner's service or listens to its events. The table ownership test
 * holds every feature to its list.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PACKAGE)
public @interface OwnsTables {

	/** The table names, as the migrations create them. */
	String[] value();

}
