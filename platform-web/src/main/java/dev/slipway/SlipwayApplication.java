package dev.slipway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Slipway: the whole model lifecycle in one self-hosted server. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SlipwayApplication {

	public static void main(String[] args) {
		// Calls made through java.net.HttpURLConnection (the OpenID provider's discovery
		// document, signing keys and user info) would wait forever for a provider that
		// hangs; the JDK reads these once, before the first connection.
		setIfAbsent("sun.net.client.defaultConnectTimeout", "5000");
		setIfAbsent("sun.net.client.defaultReadTimeout", "10000");
		SpringApplication.run(SlipwayApplication.class, args);
	}

	private static void setIfAbsent(String property, String value) {
		if (System.getProperty(property) == null) {
			System.setProperty(property, value);
		}
	}

}
