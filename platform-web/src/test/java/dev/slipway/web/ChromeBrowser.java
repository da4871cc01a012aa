package dev.slipway.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

import dev.slipway.testsupport.Requirement;
import dev.slipway.testsupport.Requires;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real browser for the UI tests: Debian's chromium driven through Debian's
 * chromedriver, headless. Nothing is downloaded: the binaries come from
 * {@code SLIPWAY_CHROMIUM} and {@code SLIPWAY_CHROMEDRIVER} (set by {@code .ci/run}) or
 * the {@code PATH}. Test classes that use it carry
 * {@link Requires @Requires(Requirement.CHROMIUM)}, so they are skipped where there is no
 * browser; a browser that is there but does not start fails the test.
 */
public final class ChromeBrowser implements AutoCloseable {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private final WebDriver driver;

	private final String baseUrl;

	private ChromeBrowser(WebDriver driver, String baseUrl) {
		this.driver = driver;
		this.baseUrl = baseUrl;
	}

	/** Starts a headless chromium for the server at {@code baseUrl}. */
	public static ChromeBrowser start(String baseUrl) {
		String missing = Requirement.CHROMIUM.missing().orElse("");
		Path chromium = Requirement.chromium().orElseThrow(() -> new IllegalStateException(missing));
		Path chromedriver = Requirement.chromedriver().orElseThrow(() -> new IllegalStateException(missing));
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--window-size=1280,900", "--force-device-scale-factor=1", "--lang=en-US",
				"--disable-search-engine-choice-screen", "--no-first-run");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
			.usingAnyFreePort()
			.build();
		return new ChromeBrowser(new ChromeDriver(service, options), baseUrl);
	}

	/** The underlying WebDriver, for anything this class does not wrap. */
	public WebDriver driver() {
		return this.driver;
	}

	/** Opens a page of the server by its path. */
	public ChromeBrowser open(String path) {
		this.driver.get(this.baseUrl + path);
		return this;
	}

	/** Signs in through the sign-in form and waits until the browser has left it. */
	public ChromeBrowser signIn(String username, String password) {
		open("/login");
		this.driver.findElement(By.name("username")).sendKeys(username);
		this.driver.findElement(By.name("password")).sendKeys(password);
		this.driver.findElement(By.cssSelector("form button[type=submit]")).click();
		until((d) -> !d.getCurrentUrl().contains("/login"));
		return this;
	}

	/** Waits for an element to be visible, and returns it. */
	public WebElement visible(By locator) {
		return new WebDriverWait(this.driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(locator));
	}

	/** Waits until {@code condition} holds (a value other than null or false). */
	public <T> T until(Function<WebDriver, T> condition) {
		return new WebDriverWait(this.driver, WAIT).until(condition::apply);
	}

	/**
	 * Saves what the browser shows as {@code docs/images/<name>.png} of the repository,
	 * for docs/ui.md.
	 */
	public void screenshot(String name) {
		byte[] png = ((org.openqa.selenium.TakesScreenshot) this.driver).getScreenshotAs(OutputType.BYTES);
		try {
			Path images = repositoryRoot().resolve("docs/images");
			Files.createDirectories(images);
			Files.write(images.resolve(name + ".png"), png);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Saves the whole page from its top, as {@link #screenshot(String)} does: the window
	 * grows to the page's height (at most 2,400 pixels) until every chart on it is drawn,
	 * then returns to its size.
	 */
	public void screenshotPage(String name) {
		org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) this.driver;
		org.openqa.selenium.Dimension size = this.driver.manage().window().getSize();
		js.executeScript("window.scrollTo(0, 0)");
		long height = ((Number) js.executeScript("return document.documentElement.scrollHeight")).longValue();
		this.driver.manage()
			.window()
			.setSize(new org.openqa.selenium.Dimension(size.getWidth(), (int) Math.min(2400, height + 120)));
		until((d) -> Boolean.TRUE.equals(js.executeScript("return document.querySelectorAll('figure[data-key]')"
				+ ".length === document.querySelectorAll('figure[data-key] canvas').length")));
		screenshot(name);
		this.driver.manage().window().setSize(size);
	}

	private static Path repositoryRoot() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !(Files.isDirectory(dir.resolve("docs")) && Files.exists(dir.resolve("mvnw")))) {
			dir = dir.getParent();
		}
		if (dir == null) {
			throw new IllegalStateException("Not inside the Slipway repository: " + Path.of("").toAbsolutePath());
		}
		return dir;
	}

	@Override
	public void close() {
		this.driver.quit();
	}

}
