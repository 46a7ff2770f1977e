package io.drover.run;

import io.drover.pipeline.ItemStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.camel.Body;
import org.apache.camel.Header;

/**
 * Writes the summary of an inbox file beside the place it is moved to: done/ when every item
 * succeeded, error/ when one failed or was rejected by its quality rules (the rule that decides a
 * run's exit code). Returns that folder's name, which the file consumer's move option uses.
 */
public final class InboxReport {

    public String write(@Body Object body, @Header("CamelFileParent") String directory, @Header("CamelFileNameOnly") String name) {
        InboxSummary.Result result = body instanceof InboxSummary.Result r ? r : new InboxSummary.Result();
        String folder = result.succeeded() ? "done" : "error";
        StringBuilder text = new StringBuilder()
                .append("file: ").append(name).append('\n')
                .append("finished: ").append(Instant.now()).append('\n')
                .append("items: ").append(result.total())
                .append(", migrated: ").append(result.count(ItemStatus.MIGRATED))
                .append(", unchanged: ").append(result.count(ItemStatus.UNCHANGED))
                .append(", failed: ").append(result.count(ItemStatus.FAILED))
                .append(", rejected: ").append(result.count(ItemStatus.REJECTED))
                .append(result.count(ItemStatus.NOT_FOUND) > 0 ? ", not in the source: " + result.count(ItemStatus.NOT_FOUND) : "")
                .append('\n');
        list(text, "failed items:", result.failures());
        list(text, "rejected items:", result.rejections());
        try {
            Path dir = Files.createDirectories(Path.of(directory, folder));
            Files.writeString(dir.resolve(name + ".summary.txt"), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the summary of inbox file " + name, e);
        }
        return folder;
    }

    private static void list(StringBuilder text, String heading, java.util.List<String> items) {
        if (!items.isEmpty()) {
            text.append(heading).append('\n');
            items.forEach(item -> text.append("  ").append(item).append('\n'));
        }
    }
}
