package dev.slipway;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Boots the core alone (no web layer) for persistence and service tests. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CoreTestApplication {

}
