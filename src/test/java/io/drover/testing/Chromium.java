package io.drover.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Opens a page in a real headless Chromium (Debian's chromium package; .ci/run installs it) and returns the DOM after its scripts ran. */
public final class Chromium {

    private Chromium() {
    }

    public static String render(Path html, Path workDir) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(workDir, "chromium");
        Path dom = Files.createTempFile(workDir, "dom", ".html");
        Process browser = new ProcessBuilder(List.of(executable().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--virtual-time-budget=5000", "--dump-dom", html.toUri().toString()))
                .redirectError(workDir.resolve("chromium.err").toFile()).redirectOutput(dom.toFile()).start();
        if (!browser.waitFor(90, TimeUnit.SECONDS)) {
            browser.destroyForcibly();
            throw new AssertionError("chromium did not finish within 90 s");
        }
        return Files.readString(dom);
    }

    private static Path executable() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv("PATH").split(":")) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        throw new AssertionError("no chromium on the PATH: install Debian's chromium package (bash .ci/run does)");
    }
}
