package io.odysseyguard.localserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.odysseyguard.localserver.junit.LocalOdysseyServerTest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium: it shows a session opened over HTTP without a reload, and
 * its state change when it closes. Uses the machine's chromium and chromedriver (never downloads one);
 * skipped where they are missing.
 */
@LocalOdysseyServerTest(concurrencyLimit = 3)
class DashboardBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path profile;

    private WebDriver browser;

    @BeforeEach
    void start() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromedriver are needed for the dashboard test");
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
    void showsSessionsLiveWithoutReloading(LocalOdysseyServer server) {
        browser.get(server.baseUrl() + "/");
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE);
        wait.until(d -> "live".equals(text("#live", "data-status")));
        assertThat(text("#concurrent-limit", null)).isEqualTo("3");
        assertThat(text("#concurrent-sessions", null)).isEqualTo("0");
        ((JavascriptExecutor) browser).executeScript("window.__notReloaded = true;");

        TestClient client = new TestClient(server.baseUrl());
        TestClient.Grant grant = client.requestSession(client.accessToken("ody_dashboard_test_key"));
        TestClient.Signal signal = client.connect(grant);
        String row = "tr[data-session-id='" + grant.sessionId() + "']";

        wait.until(d -> "connected".equals(text(row, "data-state")));
        wait.until(d -> "1".equals(text("#concurrent-sessions", null)));

        signal.disconnectGracefully();

        wait.until(d -> "closed".equals(text(row, "data-state")));
        assertThat(text(row + " td.state", null)).isEqualTo("closed");
        assertThat(text(row + " td.close-reason", null)).isEqualTo("client_disconnect");
        wait.until(d -> "0".equals(text("#concurrent-sessions", null)));
        assertThat(((JavascriptExecutor) browser).executeScript("return window.__notReloaded === true;")).isEqualTo(true);
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
