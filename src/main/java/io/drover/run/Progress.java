package io.drover.run;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows how far a run is: a progress bar with count, rate and ETA on a terminal (progressbar library),
 * otherwise a log line at a fixed interval, so that logs of unattended runs stay readable.
 */
public interface Progress extends AutoCloseable {

    void step();

    @Override
    void close();

    /** A bar when standard output is a terminal, else a line every {@code intervalSeconds}. */
    static Progress of(String task, long total, PrintStream out, boolean terminal, int intervalSeconds) {
        return terminal ? new Bar(task, total) : new Lines(task, total, out, intervalSeconds);
    }

    /** The bar, drawn on the terminal by the progressbar library. */
    final class Bar implements Progress {
        private final ProgressBar bar;

        Bar(String task, long total) {
            this.bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" items", 1).showSpeed().setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.out))
                    .build();
        }

        @Override
        public void step() {
            bar.step();
        }

        @Override
        public void close() {
            bar.close();
        }
    }

    /** "progress: 300/2000 items (15%), 120.5 items/s, about 14 s left" every interval. */
    final class Lines implements Progress {
        private final String task;
        private final long total;
        private final PrintStream out;
        private final long started = System.nanoTime();
        private final java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "drover-progress");
            thread.setDaemon(true);
            return thread;
        });

        Lines(String task, long total, PrintStream out, int intervalSeconds) {
            this.task = task;
            this.total = total;
            this.out = out;
            if (intervalSeconds > 0) {
                timer.scheduleAtFixedRate(this::print, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
            }
        }

        @Override
        public void step() {
            done.incrementAndGet();
        }

        private void print() {
            long now = done.get();
            double seconds = Math.max((System.nanoTime() - started) / 1e9, 0.001);
            double rate = now / seconds;
            String left = rate > 0 && total > now ? ", about " + format(Duration.ofSeconds((long) ((total - now) / rate))) + " left" : "";
            synchronized (out) {
                out.printf(Locale.ROOT, "progress %s: %d/%d items (%d%%), %.1f items/s%s%n", task, now, total,
                        total == 0 ? 100 : now * 100 / total, rate, left);
            }
        }

        private static String format(Duration d) {
            return d.toHours() > 0 ? String.format("%d h %02d min", d.toHours(), d.toMinutesPart())
                    : d.toMinutes() > 0 ? String.format("%d min %02d s", d.toMinutes(), d.toSecondsPart()) : d.toSeconds() + " s";
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }
}
