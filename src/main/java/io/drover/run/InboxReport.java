package io.drover.run;

import io.drover.pipeline.ItemStatus;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.Header;

/**
 * Writes the summary of an inbox file beside the place it is moved to: done/ when every item
 * succeeded, error/ when one failed or was rejected by its quality rules (the rule that decides a
 * run's exit code), or when Drover stopped before the end of the file. Returns that folder's name,
 * which the file consumer's move option uses.
 */
public final class InboxReport {

    /** Beside the summary of a file cut short: its ids that were not started, a file the inbox takes as it is. */
    static final String NOT_DONE = ".not-done.ids";

    public String write(@Body Object body, @Header("CamelFileParent") String directory, @Header("CamelFileNameOnly") String name,
                        @Header("CamelFileAbsolutePath") String file, CamelContext context) {
        InboxSummary.Result result = body instanceof InboxSummary.Result r ? r : new InboxSummary.Result();
        try {
            // the ids end early only when the context is stopping (InboxLines.ids): only then can some be left
            Path notDone = Path.of(directory, "error", name + NOT_DONE);
            int left = context.isStopping() ? writeNotDone(Path.of(file), result.total(), notDone) : 0;
            String folder = left == 0 && result.succeeded() ? "done" : "error";
            Path dir = Files.createDirectories(Path.of(directory, folder));
            Files.writeString(dir.resolve(name + ".summary.txt"), summary(name, result, left), StandardCharsets.UTF_8);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the summary of inbox file " + name, e);
        }
    }

    private static String summary(String name, InboxSummary.Result result, int left) {
        StringBuilder text = new StringBuilder()
                .append("file: ").append(name).append('\n')
                .append("finished: ").append(Instant.now()).append('\n');
        if (left > 0) {
            text.append("interrupted: Drover stopped before the end of this file; ").append(result.total()).append(" of its ")
                    .append(result.total() + left).append(" ids were done, ").append(left).append(" were not\n");
        }
        text.append("items: ").append(result.total())
                .append(", migrated: ").append(result.count(ItemStatus.MIGRATED))
                .append(", unchanged: ").append(result.count(ItemStatus.UNCHANGED))
                .append(", failed: ").append(result.count(ItemStatus.FAILED))
                .append(", rejected: ").append(result.count(ItemStatus.REJECTED))
                .append(result.count(ItemStatus.NOT_FOUND) > 0 ? ", not in the source: " + result.count(ItemStatus.NOT_FOUND) : "")
                .append('\n');
        if (left > 0) {
            text.append("ids not done: ").append(name).append(NOT_DONE).append(" (move it into the inbox to migrate them)\n");
        }
        list(text, "failed items:", result.failures());
        list(text, "rejected items:", result.rejections());
        return text.toString();
    }

    /**
     * Copies the file's ids after its first {@code done} ones, which went through the split in order,
     * into {@code notDone}, and returns how many there were; with none, writes nothing. Read again
     * rather than kept, so a large file keeps memory flat.
     */
    private static int writeNotDone(Path file, int done, Path notDone) throws IOException {
        int seen = 0;
        int left = 0;
        BufferedWriter out = null;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String id = InboxLines.idOf(line);
                if (id != null && seen++ >= done) {
                    if (out == null) {
                        Files.createDirectories(notDone.getParent());
                        out = Files.newBufferedWriter(notDone, StandardCharsets.UTF_8);
                        out.write("# ids of " + file.getFileName() + " that Drover did not start: it stopped first (" + Instant.now() + ")\n");
                    }
                    out.write(id);
                    out.write('\n');
                    left++;
                }
            }
        } finally {
            if (out != null) {
                out.close();
            }
        }
        return left;
    }

    private static void list(StringBuilder text, String heading, java.util.List<String> items) {
        if (!items.isEmpty()) {
            text.append(heading).append('\n');
            items.forEach(item -> text.append("  ").append(item).append('\n'));
        }
    }
}
