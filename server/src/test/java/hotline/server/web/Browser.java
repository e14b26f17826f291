package hotline.server.web;

import hotline.testkit.lab.Lab;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser tests' headless Chromium: Debian's {@code chromium} driven through {@code /usr/bin/chromedriver}
 * (Selenium Manager is never asked for anything), a fresh profile per browser with background networking off, the
 * page in Chinese; logging in through the login page, screenshots to {@code server/target/screenshots} (and the
 * README's to {@code docs/screens}), and the tests' own HTTP requests with a session cookie. Closing it quits the
 * browser and deletes the profile.
 */
public final class Browser implements AutoCloseable {
    /** How long a test waits for the page to show something. */
    public static final Duration WAIT = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(WAIT).build();

    private final WebDriver driver;
    private final Path profile;

    private Browser(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts a browser with a window of {@code width} x {@code height} pixels. */
    public static Browser start(int width, int height) throws IOException {
        Path profile = Files.createTempDirectory("hotline-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height, "--lang=zh-CN");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options), profile);
    }

    /**
     * The configuration overrides of a server for a browser test on a Redis only (no Asterisk: no calls): free HTTP
     * and FastAGI ports, menu and ASR off, login required.
     */
    public static java.util.Map<String, Object> redisOnlyServer(String redisUri) {
        java.util.Map<String, Object> overrides = new java.util.HashMap<>(Lab.testPorts());
        overrides.put("hotline.redis.uri", redisUri);
        overrides.put("hotline.server.httpPort", hotline.testkit.FreePorts.tcp());
        overrides.put("hotline.agi.port", hotline.testkit.FreePorts.tcp());
        overrides.put("hotline.asr.enabled", false);
        overrides.put("hotline.ivr.enabled", false);
        overrides.put("hotline.web.requireLogin", true);
        return overrides;
    }

    /** The Selenium driver. */
    public WebDriver driver() {
        return driver;
    }

    /** A wait of {@link #WAIT}. */
    public WebDriverWait waitFor() {
        return waitFor(WAIT);
    }

    /**
     * A wait of {@code timeout} that polls again when an element it found was replaced before it was read: the
     * screens re-render their live lists and tiles on every frame.
     */
    public WebDriverWait waitFor(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /** Opens the login page of the server at {@code base} and waits until it is there (in Chinese). */
    public void openLogin(String base) {
        driver.get(base + "/");
        waitFor().until(ExpectedConditions.textToBe(By.id("login-submit"), "登录"));
    }

    /** Fills in the open login page and submits it. */
    public void submitLogin(String name, String password) {
        driver.findElement(By.id("name")).sendKeys(name);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login-submit")).click();
    }

    /** Logs in through the login page, as a user would. */
    public void logIn(String base, String name, String password) {
        openLogin(base);
        submitLogin(name, password);
    }

    /** Saves the page as {@code server/target/screenshots/<name>.png}. */
    public void screenshot(String name) {
        screenshot(name, null);
    }

    /** As {@link #screenshot(String)}, and as {@code docs/screens/<readme>.png} for the README unless null. */
    public void screenshot(String name, String readme) {
        try {
            Path shot = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE).toPath();
            Path dir = Files.createDirectories(Lab.home().resolve("server/target/screenshots"));
            Files.copy(shot, dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
            if (readme != null) {
                Files.copy(shot, Files.createDirectories(Lab.home().resolve("docs/screens")).resolve(readme + ".png"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code GET base+path} with the session {@code cookie} ({@code hotline_session=...}). */
    public static HttpResponse<String> get(String base, String cookie, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(WAIT).header("Cookie", cookie)
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code POST base+path} of a JSON {@code body} with the session {@code cookie}. */
    public static HttpResponse<String> post(String base, String cookie, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(WAIT).header("Cookie", cookie)
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
