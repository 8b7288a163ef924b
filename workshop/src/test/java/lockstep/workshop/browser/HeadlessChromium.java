package lockstep.workshop.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import lockstep.workshop.grading.Timing;

/**
 * A real browser for the tests of the toolkit's pages: Debian's headless Chromium, run with a fresh profile, no
 * network services and no sandbox (CI runs as root). {@link #dumpDom} gives a page's DOM after its script ran;
 * {@link #screenshot} saves what it looks like; {@link #open} keeps a page open, for a page that changes while it is
 * open (the live view).
 */
public final class HeadlessChromium {

    private static final List<String> CANDIDATES = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser");

    private final Path executable;

    private HeadlessChromium(Path executable) {
        this.executable = executable;
    }

    /**
     * The installed Chromium, if there is one: the system property {@code lockstep.chromium} (a path to another
     * Chromium or Chrome) if set, else Debian's.
     */
    public static Optional<HeadlessChromium> find() {
        String given = System.getProperty("lockstep.chromium");
        List<String> candidates = given == null ? CANDIDATES : List.of(given);
        return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst().map(HeadlessChromium::new);
    }

    /** The DOM of {@code page} once it has loaded and its script has run. */
    public String dumpDom(Path page) throws IOException, InterruptedException {
        return run(page.toAbsolutePath().toUri().toString(), "--dump-dom");
    }

    /** The DOM of the page at {@code url} (a file URL, perhaps with a #fragment) once its script has run. */
    public String dumpDom(String url) throws IOException, InterruptedException {
        return run(url, "--dump-dom");
    }

    /** Saves a 1400 x 900 screenshot of {@code page} to {@code png}. */
    public void screenshot(Path page, Path png) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        run(page.toAbsolutePath().toUri().toString(), "--screenshot=" + png.toAbsolutePath(), "--window-size=1400,900");
        if (!Files.isRegularFile(png)) {
            throw new IOException("Chromium wrote no screenshot to " + png);
        }
    }

    /**
     * Opens {@code url} in a 1400 x 900 window and keeps it open until the tab is closed. Close it: it is a process
     * of its own.
     */
    public BrowserTab open(String url) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("lockstep-chromium-");
        List<String> command = command(profile);
        command.addAll(List.of("--window-size=1400,900", "--remote-debugging-port=0", "about:blank"));
        return BrowserTab.open(command, profile, url);
    }

    private String run(String page, String... what) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("lockstep-chromium-");
        Path output = profile.resolve("stdout.txt");
        Path errors = profile.resolve("stderr.txt");
        try {
            List<String> command = command(profile);
            command.addAll(List.of(what));
            command.add(page);
            Process chromium = new ProcessBuilder(command).redirectOutput(output.toFile())
                    .redirectError(errors.toFile()).start();
            chromium.getOutputStream().close();
            if (!chromium.waitFor(Timing.processStart().toMillis(), TimeUnit.MILLISECONDS)) {
                chromium.destroyForcibly();
                throw new IOException("Chromium did not finish with " + page + " within " + Timing.processStart());
            }
            if (chromium.exitValue() != 0) {
                throw new IOException("Chromium exited with " + chromium.exitValue() + " on " + page + ": "
                        + Files.readString(errors, StandardCharsets.UTF_8));
            }
            return Files.readString(output, StandardCharsets.UTF_8);
        } finally {
            deleteQuietly(profile);
        }
    }

    /** Chromium without a window, a sandbox or anything that reaches the network by itself, on a fresh profile. */
    private List<String> command(Path profile) {
        return new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile.resolve("profile")));
    }

    static void deleteQuietly(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // best effort: a leftover profile in the temp directory harms nothing
        }
    }
}
