package org.gost4j.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * Issue 20.3, the web console in headless Chromium (Debian's chromium and chromedriver): log in, see the tunnel
 * and its peer with live counters, press Disconnect, see the peer gone; screenshots in
 * {@code target/console-e2e/}. Then a page of another origin in the same browser, which by now holds the
 * endpoint's credentials, cannot read from the endpoint or disconnect the peer (strict origin checking).
 *
 * <p>Chromium and chromedriver run in the server's namespace, where the endpoint listens on loopback; the test
 * reaches chromedriver through socat and a unix socket, since a JVM thread cannot enter a network namespace.
 */
public class ConsoleEndToEndTest extends NetnsTestSupport {

    private static final String CONSOLE = Jolokia.ORIGIN + "/console/";
    private static final String OTHER_ORIGIN = "http://127.0.0.1:8779";
    private static final String SERVICE = "gost4j:type=service,name=service-0";

    /** Started in the host's namespace, so not tracked by the topology: ended by PID after the test. */
    private final List<Process> hostProcesses = new ArrayList<>();

    @Override
    protected String[] requiredCommands() {
        return new String[] {"curl", "socat", "chromium", "chromedriver"};
    }

    @Test(timeout = 180_000)
    public void logInSeeTheTunnelAndItsPeerDisconnectItAndNoOtherOriginCanDoTheSame() throws Exception {
        appliance(SRV, "-L", SERVER_URL);
        appliance(CLI, "-L", CLIENT_URL);
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(10));
        Jolokia jolokia = new Jolokia(lab, SRV, TestEnv.home());
        jolokia.awaitUp(Duration.ofSeconds(20));
        assertTrue(peers(jolokia).contains(CLI_TUN_IP));

        Path screenshots = Files.createDirectories(Paths.get("target", "console-e2e").toAbsolutePath());
        WebDriver browser = browser();
        try {
            browser.get(CONSOLE);
            WebElement user = browser.findElement(By.id("user"));
            user.clear();
            user.sendKeys(Jolokia.USER);
            browser.findElement(By.id("password")).sendKeys(Jolokia.password(TestEnv.home()));
            browser.findElement(By.id("login-button")).click();

            String peerRow = ".tunnel[data-name='service-0'] .peer[data-ip='" + CLI_TUN_IP + "']";
            await(browser, "the tunnel and its peer", b -> !b.findElements(By.cssSelector(peerRow)).isEmpty());
            String packets = browser.findElement(By.cssSelector(
                    ".tunnel[data-name='service-0'] [data-counter='PacketsToDevice']")).getText();
            assertTrue("packets to device: " + packets, Long.parseLong(packets) > 0);
            screenshot(browser, screenshots.resolve("1-tunnel-and-peer.png"));

            browser.findElement(By.cssSelector(peerRow + " button.disconnect")).click();
            await(browser, "the peer gone", b -> b.findElements(By.cssSelector(peerRow)).isEmpty()
                    && !b.findElements(By.cssSelector(".tunnel[data-name='service-0']")).isEmpty());
            screenshot(browser, screenshots.resolve("2-peer-disconnected.png"));
            assertTrue("the console showed the peer gone, Jolokia still lists it", !peers(jolokia).contains(CLI_TUN_IP));

            otherOriginCannotUseTheEndpoint(browser, jolokia);
        } finally {
            browser.quit();
        }
    }

    /**
     * The browser is made to hold the endpoint's credentials (basic authentication with user and password in the
     * URL), the peer comes back, and a page of another origin tries to read through the endpoint and to run
     * disconnectPeer with them: the read is blocked, the operation refused, the peer stays.
     */
    private void otherOriginCannotUseTheEndpoint(WebDriver browser, Jolokia jolokia) throws IOException {
        assertPing(CLI, SRV_TUN_IP, Duration.ofSeconds(10));
        assertTrue(peers(jolokia).contains(CLI_TUN_IP));
        browser.get("http://" + Jolokia.USER + ":" + Jolokia.password(TestEnv.home()) + "@127.0.0.1:8778/jolokia/version");
        browser.get(CONSOLE);
        Object sameOrigin = ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "fetch('/jolokia/', {method: 'POST', body: JSON.stringify({type: 'version'})})"
                + "  .then(r => r.text()).then(done, e => done('failed ' + e));");
        assertTrue("the browser does not hold the credentials, so this proves nothing: " + sameOrigin,
                String.valueOf(sameOrigin).contains("\"agent\""));

        Path page = lab.workDir().resolve("other-origin.sh");
        Files.writeString(page, "printf 'HTTP/1.0 200 OK\\r\\nContent-Type: text/html\\r\\n\\r\\n<title>other</title>'\n");
        lab.spawn(SRV, lab.workDir().resolve("other-origin.log"), Map.of(), "socat",
                "TCP-LISTEN:8779,bind=127.0.0.1,fork,reuseaddr", "SYSTEM:sh " + page);
        awaitInNamespace(OTHER_ORIGIN + "/");
        browser.get(OTHER_ORIGIN + "/");
        String exec = "{\"type\":\"exec\",\"mbean\":\"" + SERVICE + "\",\"operation\":\"disconnectPeer\",\"arguments\":[\""
                + CLI_TUN_IP + "\"]}";
        Object outcome = ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                + "const url = 'http://127.0.0.1:8778/jolokia/';"
                + "const read = fetch(url + 'read/" + SERVICE + "/Peers', {credentials: 'include'})"
                + "  .then(r => r.text().then(t => 'read ' + r.status + ' ' + t), e => 'read blocked');"
                + "const post = fetch(url, {method: 'POST', mode: 'no-cors', credentials: 'include',"
                + "  headers: {'Content-Type': 'text/plain'}, body: arguments[0]}).then(() => 'post sent', e => 'post failed');"
                + "const get = fetch(url + 'exec/" + SERVICE + "/disconnectPeer/" + CLI_TUN_IP + "',"
                + "  {mode: 'no-cors', credentials: 'include', referrerPolicy: 'no-referrer'})"
                + "  .then(() => 'get sent', e => 'get failed');"
                + "Promise.all([read, post, get]).then(r => done(r.join('; ')));", exec);
        assertTrue("another origin read through the endpoint: " + outcome, String.valueOf(outcome).contains("read blocked"));
        Netns.sleep(500);
        assertTrue("another origin's requests disconnected the peer (" + outcome + ")", peers(jolokia).contains(CLI_TUN_IP));
    }

    private String peers(Jolokia jolokia) {
        Jolokia.Response response = jolokia.get("read/" + SERVICE + "/Peers");
        assertEquals(response.body(), 200, response.status());
        return response.body();
    }

    /** chromedriver and chromium in the server's namespace, reached over a unix socket bridged by socat. */
    private WebDriver browser() throws IOException {
        Path socket = lab.workDir().resolve("chromedriver.sock");
        lab.spawn(SRV, lab.workDir().resolve("chromedriver.log"), Map.of(), "chromedriver", "--port=9515");
        lab.spawn(SRV, lab.workDir().resolve("chromedriver-bridge.log"), Map.of(), "socat",
                "UNIX-LISTEN:" + socket + ",fork,unlink-early", "TCP:127.0.0.1:9515");
        awaitInNamespace("http://127.0.0.1:9515/status");
        int port = TestEnv.freePort();
        Process bridge = new ProcessBuilder("socat", "TCP-LISTEN:" + port + ",bind=127.0.0.1,fork,reuseaddr",
                "UNIX-CONNECT:" + socket).redirectErrorStream(true)
                .redirectOutput(lab.workDir().resolve("chromedriver-host-bridge.log").toFile()).start();
        hostProcesses.add(bridge);

        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1100,800",
                "--user-data-dir=" + lab.workDir().resolve("chromium-profile"));
        RemoteWebDriver driver = new RemoteWebDriver(new URL("http://127.0.0.1:" + port), options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        return driver;
    }

    private static void await(WebDriver browser, String what, java.util.function.Predicate<WebDriver> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.test(browser)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the console did not show " + what + " within 15 s; page:\n"
                        + browser.findElement(By.tagName("body")).getText());
            }
            Netns.sleep(200);
        }
    }

    private static void screenshot(WebDriver browser, Path file) throws IOException {
        Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        System.out.println("[console] screenshot " + file);
    }

    private void awaitInNamespace(String url) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!lab.exec(SRV, Duration.ofSeconds(5), "curl", "-s", "-o", "/dev/null", "-m", "2", url).ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(url + " not answering in " + SRV);
            }
            Netns.sleep(200);
        }
    }

    @After
    public void stopHostProcesses() {
        for (Process process : hostProcesses) {
            Netns.terminate(process, Duration.ofSeconds(5));
        }
    }
}
