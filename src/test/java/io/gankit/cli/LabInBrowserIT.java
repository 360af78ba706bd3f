package io.gankit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The lab as a student meets it: {@code ./gankit lab --classic --no-browser --dir COPIES} serves
 * the students' copies of the notebooks (no solutions) with the kit's kernel in quick mode,
 * headless Chromium (Debian's {@code chromium} through {@code chromium-driver}) opens each one and
 * runs all its cells from the Cell menu, and the page must show what the notebook promises: no
 * error output, every picture loaded and not blank, and the live progress display changing while
 * training runs. A screenshot of each whole notebook goes to {@code target/browser/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabInBrowserIT {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path OUT = ROOT.resolve("target/browser");
    private static final Duration NOTEBOOK_LIMIT = Duration.ofMinutes(6);
    /** A picture whose pixels' luminance varies less than this is blank. */
    private static final double BLANK_SD = 2.0;

    private final String token = UUID.randomUUID().toString();
    private Process server;
    private int port;
    private WebDriver browser;

    static Stream<String> notebooks() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("notebooks"))) {
            return files
                    .map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".ipynb"))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @BeforeAll
    void startTheLabAndABrowser() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        Path driver = Path.of("/usr/bin/chromedriver");
        assertTrue(
                Files.isExecutable(chromium) && Files.isExecutable(driver),
                "the browser test needs Debian's chromium and chromium-driver:"
                        + " scripts/install-jupyter installs them");
        Files.createDirectories(OUT);
        // The students' copies, as a teacher hands them out (docs/teaching.md): the notebooks
        // without their solutions and with their pictures, the experiments and results they
        // read, a link to a built lib/.
        Path course = Files.createTempDirectory(OUT, "course-");
        Path copies = Files.createDirectories(course.resolve("notebooks"));
        for (String name : notebooks().toList()) {
            Files.copy(ROOT.resolve("notebooks").resolve(name), copies.resolve(name));
        }
        copyTree(ROOT.resolve("notebooks/pictures"), copies.resolve("pictures"));
        copyTree(ROOT.resolve("experiments"), course.resolve("experiments"));
        copyTree(ROOT.resolve("results"), course.resolve("results"));
        Files.createSymbolicLink(course.resolve("lib"), ROOT.resolve("lib"));

        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ProcessBuilder lab = new ProcessBuilder(
                        ROOT.resolve("gankit").toString(),
                        "lab",
                        "--classic",
                        "--no-browser",
                        "--port",
                        Integer.toString(port),
                        "--dir",
                        copies.toString())
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(OUT.resolve("server.log").toFile());
        Map<String, String> env = lab.environment();
        env.put("JUPYTER_TOKEN", token);
        // the kernelspec and Jupyter's own files stay in the build, not in the user's home
        env.put("JUPYTER_DATA_DIR", course.resolve("jupyter-data").toString());
        env.put("JUPYTER_CONFIG_DIR", course.resolve("jupyter-config").toString());
        env.put("JUPYTER_RUNTIME_DIR", course.resolve("jupyter-runtime").toString());
        env.put("GANKIT_QUICK", "1");
        if (!env.containsKey("GANKIT_DATA")) {
            env.put(
                    "GANKIT_DATA",
                    Path.of(System.getProperty("gankit.shared", "../shared"), "data")
                            .toAbsolutePath()
                            .toString());
        }
        server = lab.start();
        awaitServer();

        ChromeOptions options = new ChromeOptions()
                .setBinary(chromium.toFile())
                .addArguments(
                        "--headless=new",
                        "--no-sandbox", // CI runs as root
                        "--disable-dev-shm-usage",
                        "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver.toFile())
                .withLogFile(OUT.resolve("chromedriver.log").toFile())
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.descendants().forEach(ProcessHandle::destroy);
            server.destroy();
        }
    }

    @ParameterizedTest
    @MethodSource("notebooks")
    void everyNotebookRunsInTheBrowserAndShowsItsPictures(String notebook) throws Exception {
        browser.get("http://127.0.0.1:" + port + "/notebooks/" + notebook + "?token=" + token);
        JavascriptExecutor js = (JavascriptExecutor) browser;
        new WebDriverWait(browser, Duration.ofSeconds(120))
                .until(
                        b -> Boolean.TRUE.equals(
                                js.executeScript(
                                        "return !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel"
                                                + " && Jupyter.notebook.kernel.is_connected()"
                                                + " && document.querySelector('#kernel_indicator_icon.kernel_idle_icon'))")));
        js.executeScript("Jupyter.notebook.set_autosave_interval(0)");

        // Cell > Run All, as a student would.
        browser.findElement(By.linkText("Cell")).click();
        browser.findElement(By.cssSelector("#run_all_cells > a")).click();

        Map<Integer, Set<String>> progress = new LinkedHashMap<>();
        long deadline = System.nanoTime() + NOTEBOOK_LIMIT.toNanos();
        long idleSince = -1;
        while (true) {
            @SuppressWarnings("unchecked")
            Map<String, Object> state = (Map<String, Object>) js.executeScript("""
                    const code = Jupyter.notebook.get_cells()
                        .filter(c => c.cell_type === 'code' && c.get_text().trim() !== '');
                    return {
                      pending: code.filter(c => c.input_prompt_number === '*'
                          || c.input_prompt_number === undefined || c.input_prompt_number === null).length,
                      idle: !!document.querySelector('#kernel_indicator_icon.kernel_idle_icon'),
                      errors: document.querySelectorAll('.output_error').length,
                      progress: Array.from(document.querySelectorAll('.gankit-progress'))
                          .map(e => e.textContent)
                    };""");
            @SuppressWarnings("unchecked")
            List<String> bars = (List<String>) state.get("progress");
            for (int i = 0; i < bars.size(); i++) {
                progress.computeIfAbsent(i, k -> new LinkedHashSet<>()).add(bars.get(i));
            }
            boolean idle = Boolean.TRUE.equals(state.get("idle"));
            long pending = ((Number) state.get("pending")).longValue();
            long errors = ((Number) state.get("errors")).longValue();
            if (idle && (pending == 0 || errors > 0)) {
                idleSince = idleSince < 0 ? System.nanoTime() : idleSince;
                if (System.nanoTime() - idleSince > Duration.ofSeconds(2).toNanos()) {
                    break; // idle for 2 s with nothing left to run
                }
            } else {
                idleSince = -1;
            }
            if (System.nanoTime() > deadline) {
                screenshot(notebook);
                fail(notebook + " did not finish in " + NOTEBOOK_LIMIT + " (" + pending
                        + " cells left)");
            }
            Thread.sleep(200);
        }
        Path shot = screenshot(notebook);

        @SuppressWarnings("unchecked")
        List<String> errorTexts = (List<String>)
                js.executeScript("return Array.from(document.querySelectorAll('.output_error'))"
                        + ".map(e => e.textContent.slice(0, 400));");
        assertEquals(List.of(), errorTexts, notebook + " shows error output; see " + shot);

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> pictures = (List<Map<String, Object>>) js.executeScript("""
                return Array.from(document.querySelectorAll('.output_subarea img')).map(img => {
                  const w = img.naturalWidth, h = img.naturalHeight;
                  if (!img.complete || w === 0) return {w: w, h: h, sd: -1};
                  const c = document.createElement('canvas');
                  c.width = Math.min(w, 400); c.height = Math.min(h, 400);
                  const g = c.getContext('2d');
                  g.drawImage(img, 0, 0, c.width, c.height);
                  const px = g.getImageData(0, 0, c.width, c.height).data;
                  let n = 0, s = 0, s2 = 0;
                  for (let i = 0; i < px.length; i += 4) {
                    const y = 0.299 * px[i] + 0.587 * px[i + 1] + 0.114 * px[i + 2];
                    n++; s += y; s2 += y * y;
                  }
                  return {w: w, h: h, sd: Math.sqrt(Math.max(0, s2 / n - (s / n) * (s / n)))};
                });""");
        List<String> described = new ArrayList<>();
        for (Map<String, Object> p : pictures) {
            double sd = ((Number) p.get("sd")).doubleValue();
            String d = String.format(Locale.ROOT, "%sx%s sd %.1f", p.get("w"), p.get("h"), sd);
            described.add(d);
            assertTrue(
                    sd > BLANK_SD,
                    notebook + ": a picture is missing or blank (" + d + "); see " + shot);
        }
        // What a full run shows, committed beside the notebook and drawn in its first cell.
        Number expected = (Number) js.executeScript(
                "return Array.from(document.querySelectorAll('.text_cell_render img'))"
                        + ".filter(img => img.complete && img.naturalWidth > 0).length;");
        assertTrue(
                expected.intValue() > 0,
                notebook + ": its full run's picture does not show in the first cell; see " + shot);
        if (!notebook.startsWith("00-")) { // the kernel check shows text only
            assertTrue(!pictures.isEmpty(), notebook + " shows no picture; see " + shot);
        }
        boolean updated = progress.values().stream().anyMatch(texts -> texts.size() > 1);
        if (!progress.isEmpty()) {
            assertTrue(
                    updated,
                    notebook + ": the progress display never changed while it ran: " + progress);
        }
        Files.writeString(
                OUT.resolve(notebook.replace(".ipynb", ".txt")),
                "pictures: " + described + "\nprogress displays seen: " + progress + "\n");
        js.executeScript("Jupyter.notebook.session.delete()");
    }

    /** The whole notebook as one PNG in {@link #OUT}: the page grown to its content's height. */
    private Path screenshot(String notebook) throws IOException {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        Number height = (Number) js.executeScript("const s = document.getElementById('site');"
                + "return document.getElementById('header').offsetHeight"
                + " + (s ? s.scrollHeight : document.body.scrollHeight);");
        Map<String, Object> metrics = Map.of(
                "width",
                1280,
                "height",
                Math.min(16000, height.intValue() + 40),
                "deviceScaleFactor",
                1,
                "mobile",
                false);
        ChromeDriver chrome = (ChromeDriver) browser;
        chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride", metrics);
        js.executeScript("const s = document.getElementById('site');"
                + "if (s) { s.style.height = 'auto'; s.style.overflow = 'visible'; }");
        Map<String, Object> shot =
                chrome.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png"));
        chrome.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        Path file = OUT.resolve(notebook.replace(".ipynb", ".png"));
        Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        return file;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    private void awaitServer() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI status = URI.create("http://127.0.0.1:" + port + "/api/status?token=" + token);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                fail("./gankit lab exited with " + server.exitValue() + "; see "
                        + OUT.resolve("server.log"));
            }
            try {
                HttpResponse<Void> r = http.send(
                        HttpRequest.newBuilder(status).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        fail("the notebook server did not answer on port " + port + "; see "
                + OUT.resolve("server.log"));
    }
}
