package dev.slipway.web;

import dev.slipway.SlipwayApplication;
import dev.slipway.testsupport.TestFolders;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sign-in page in a real browser: the form works, the CSP lets the page's own script
 * and styles load, and a signed-in user sees the navigation.
 */
@SpringBootTest(classes = SlipwayApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class SignInBrowserTest {

	@DynamicPropertySource
	static void server(DynamicPropertyRegistry registry) {
		TestFolders.registerDataDir(registry, "sign-in-browser");
		TestAdmin.register(registry);
	}

	@LocalServerPort
	int port;

	@Test
	void signingInShowsTheNavigationAndWhoIsSignedIn() {
		try (ChromeBrowser browser = ChromeBrowser.start("http://localhost:" + this.port)) {
			browser.open("/login");
			assertThat(browser.visible(By.name("username")).isDisplayed()).isTrue();
			browser.screenshot("login");
			browser.signIn(TestAdmin.USERNAME, TestAdmin.PASSWORD);
			String header = browser.visible(By.tagName("header")).getText();
			assertThat(header).contains("Experiments", "Models", "Admin", TestAdmin.USERNAME);
			Object styled = ((org.openqa.selenium.JavascriptExecutor) browser.driver())
				.executeScript("return getComputedStyle(document.querySelector('header')).backgroundColor");
			assertThat(styled).as("the stylesheet loaded under the CSP").isNotEqualTo("rgba(0, 0, 0, 0)");
		}
	}

}
