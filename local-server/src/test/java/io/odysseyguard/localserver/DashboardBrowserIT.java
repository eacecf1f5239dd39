package io.odysseyguard.localserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import io.odysseyguard.testsupport.Prerequisites;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium: each API key against its own limit with a bar as wide as the numbers
 * say, who holds each session, the state changes (connected, dangling, closed) without a reload, and clearing closed
 * sessions from the list without touching the counts. Uses the machine's chromium and chromedriver (never downloads one);
 * skipped where they are missing, with a line on the console saying so.
 */
@LocalOdysseyServerTest(concurrencyLimit = 3)
class DashboardBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String FULL_KEY = "ody_dashboard_key_at_its_limit";
    private static final String OTHER_KEY = "ody_dashboard_other_key";

    @TempDir
    Path profile;

    private WebDriver browser;

    @BeforeEach
    void start() {
        Optional<String> missing = Prerequisites.missingFiles(DashboardBrowserIT.class,
                "apt-get install chromium chromium-driver", CHROMIUM, CHROMEDRIVER);
        assumeTrue(missing.isEmpty(), () -> missing.get());
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void showsEachKeyAgainstItsOwnLimitWithABarThatMatches(LocalOdysseyServer server) {
        TestClient client = new TestClient(server.baseUrl());
        String full = client.accessToken(FULL_KEY);
        String other = client.accessToken(OTHER_KEY);
        for (int i = 0; i < 3; i++) {
            client.requestSession(full);
        }
        assertThat(client.post("/sessions/request", full, java.util.Map.of()).status()).isEqualTo(429);
        assertThat(client.post("/sessions/request", full, java.util.Map.of()).status()).isEqualTo(429);
        String guarded = client.requestSessionAs(other,
                "odyssey-java-client/0.1.0 (Java 17.0.9; odyssey-guard 0.1.0; pid 4242; main acme.WorldApp)");
        browser.get(server.baseUrl() + "/");
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        wait.until(d -> "live".equals(text("#live", "data-status")));

        String fullCard = "article[data-key='" + TestClient.keyFingerprint(FULL_KEY) + "']";
        String otherCard = "article[data-key='" + TestClient.keyFingerprint(OTHER_KEY) + "']";
        assertThat(count("article.key")).isEqualTo(2);
        assertThat(text(fullCard + " .key-name", null)).isEqualTo("Key " + TestClient.keyFingerprint(FULL_KEY));
        assertThat(text(fullCard + " .big", null)).isEqualTo("3 / 3");
        assertThat(text(otherCard + " .big", null)).isEqualTo("1 / 3");
        // The bar's width is held / limit, and red only at the limit (its transition has ended by the time it is read).
        wait.until(d -> Math.abs(barFraction(fullCard) - 1.0) < 0.02 && Math.abs(barFraction(otherCard) - 1 / 3.0) < 0.02);
        assertThat(text(fullCard + " .meter-fill", "class")).contains("full");
        assertThat(text(otherCard + " .meter-fill", "class")).doesNotContain("full");
        assertThat(cssValue(fullCard + " .meter-fill", "background-color")).isEqualTo("rgb(239, 83, 80)");
        assertThat(cssValue(otherCard + " .meter-fill", "background-color")).isNotEqualTo("rgb(239, 83, 80)");
        assertThat(text(fullCard + " .refused", null)).isEqualTo("2 requests refused at the limit (429)");
        assertThat(text(otherCard + " .refused", null)).as("no refusal, no line").isNull();
        assertThat(text("#limit-per-key", null)).isEqualTo("3");
        assertThat(text("#total-sessions", null)).isEqualTo("4");
        assertThat(text("#total", null)).doesNotContain("/ 3");

        String row = "tr[data-session-id='" + guarded + "']";
        assertThat(text(row + " td.key", null)).isEqualTo(TestClient.keyFingerprint(OTHER_KEY));
        assertThat(text(row + " td.held-by .holder", null)).isEqualTo("acme.WorldApp · pid 4242");
        assertThat(text(row + " td.held-by .badge", null)).isEqualTo("guarded");
        assertThat(count("tr[data-key='" + TestClient.keyFingerprint(FULL_KEY) + "']")).isEqualTo(3);
        assertThat(browser.getPageSource()).doesNotContain(FULL_KEY).doesNotContain(OTHER_KEY);
    }

    @Test
    @LocalOdysseyServerTest(concurrencyLimit = 3, heartbeatTimeout = "6s")
    void showsStateChangesLiveAndClearsClosedSessionsWithoutLosingTheCounts(LocalOdysseyServer server) {
        browser.get(server.baseUrl() + "/");
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        wait.until(d -> "live".equals(text("#live", "data-status")));
        assertThat(text("#total-sessions", null)).isEqualTo("0");
        assertThat(count("article.key")).isZero();
        ((JavascriptExecutor) browser).executeScript("window.__notReloaded = true;");

        TestClient client = new TestClient(server.baseUrl());
        String token = client.accessToken(OTHER_KEY);
        TestClient.Grant kept = client.requestSession(token);
        TestClient.Grant grant = client.requestSession(token);
        TestClient.Signal signal = client.connect(grant);
        String row = "tr[data-session-id='" + grant.sessionId() + "']";
        String card = "article[data-key='" + TestClient.keyFingerprint(OTHER_KEY) + "']";

        wait.until(d -> "connected".equals(text(row, "data-state")));
        wait.until(d -> "2 / 3".equals(text(card + " .big", null)));
        signal.abort(); // the client goes away without a word: the slot stays taken
        wait.until(d -> "dangling".equals(text(row, "data-state")));
        assertThat(text(card + " .big", null)).isEqualTo("2 / 3");
        wait.until(d -> "closed".equals(text(row, "data-state"))); // the heartbeat timed out
        assertThat(text(row + " td.close-reason", null)).isEqualTo("heartbeat_timeout");
        wait.until(d -> "1 / 3".equals(text(card + " .big", null)));

        browser.findElement(By.id("clear")).click();
        wait.until(d -> count(row) == 0);
        assertThat(count("tr[data-session-id='" + kept.sessionId() + "']")).isEqualTo(1); // still held: still listed
        assertThat(text(card + " .big", null)).isEqualTo("1 / 3");
        assertThat(text("#cleared", "hidden")).isNull();
        assertThat(browser.getCurrentUrl()).contains("since=");
        browser.findElement(By.id("show-all")).click();
        wait.until(d -> count(row) == 1);
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__notReloaded === true;")).isEqualTo(true);
    }

    /** The drawn width of a card's bar over the width of its track. */
    private double barFraction(String card) {
        Object value = ((JavascriptExecutor) browser).executeScript(
                "var c = document.querySelector(arguments[0]);"
                        + "if (c == null) return -1;"
                        + "return c.querySelector('.meter-fill').getBoundingClientRect().width"
                        + " / c.querySelector('.meter').getBoundingClientRect().width;", card);
        return ((Number) value).doubleValue();
    }

    private String cssValue(String cssSelector, String property) {
        return (String) ((JavascriptExecutor) browser).executeScript(
                "return getComputedStyle(document.querySelector(arguments[0])).getPropertyValue(arguments[1]);",
                cssSelector, property);
    }

    private long count(String cssSelector) {
        return ((Number) ((JavascriptExecutor) browser).executeScript(
                "return document.querySelectorAll(arguments[0]).length;", cssSelector)).longValue();
    }

    /**
     * An element's text (or attribute) read in one step inside the page: the dashboard replaces its rows
     * every second, so a WebElement found earlier may be stale by the time it is read.
     */
    private String text(String cssSelector, String attribute) {
        Object value = ((JavascriptExecutor) browser).executeScript(
                "var e = document.querySelector(arguments[0]);"
                        + "return e == null ? null : (arguments[1] ? e.getAttribute(arguments[1]) : e.textContent.trim());",
                cssSelector, attribute);
        return value == null ? null : value.toString();
    }
}
