package dev.slipway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Slipway: the whole model lifecycle in one self-hosted server. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SlipwayApplication {

	public static void main(String[] args) {
		SpringApplication.run(SlipwayApplication.class, args);
	}

}
