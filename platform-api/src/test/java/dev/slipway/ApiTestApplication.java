package dev.slipway;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Anchor for the REST slice tests of this module; each test names the controllers it
 * loads.
 */
@SpringBootApplication
public class ApiTestApplication {

}
