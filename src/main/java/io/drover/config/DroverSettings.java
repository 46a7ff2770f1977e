package io.drover.config;

import io.drover.DroverConfigException;
import java.util.function.Function;

/**
 * Drover's own settings, read from Camel properties ({@code config/application.properties}, overridable
 * by the environment). Every setting is documented in that file and in docs/configuration.md.
 */
public record DroverSettings(Connection source, Connection target, int workers, int queueSize, int pageSize,
                             String queueUri, long lockTimeoutMs, long statementTimeoutMs,
                             io.drover.pipeline.RetryPolicy retry) {

    /** Connection settings of one database; {@code toString} never shows the password. */
    public record Connection(String name, String url, String username, String password) {
        @Override
        public String toString() {
            return name + " " + Secrets.maskUrl(url) + (username == null || username.isBlank() ? "" : " as " + username);
        }
    }

    public static DroverSettings from(Function<String, String> properties) {
        int workers = number(properties, "drover.workers", 0);
        if (workers <= 0) {
            workers = defaultWorkers();
        }
        return new DroverSettings(
                connection(properties, "source"),
                connection(properties, "target"),
                workers,
                number(properties, "drover.queue.size", 1000),
                number(properties, "drover.page-size", 1000),
                text(properties, "drover.queue.uri", "seda:drover-items"),
                number(properties, "drover.target.lock-timeout-ms", 10_000),
                number(properties, "drover.target.statement-timeout-ms", 0),
                retry(properties));
    }

    /** drover.retry.attempts and drover.retry.delay-ms: how a transient failure of an item is tried again. */
    public static io.drover.pipeline.RetryPolicy retry(Function<String, String> properties) {
        return new io.drover.pipeline.RetryPolicy(Math.max(1, number(properties, "drover.retry.attempts", 3)),
                number(properties, "drover.retry.delay-ms", 1000));
    }

    /**
     * drover.schema: the schema of Drover's own tables (log, runs, item states, audits, verifications,
     * claims, its schema history), apart from the application's; a name that is not a plain SQL identifier
     * is refused.
     */
    public static io.drover.log.DroverTables droverTables(Function<String, String> properties) {
        String schema = text(properties, "drover.schema", io.drover.log.DroverTables.DEFAULT_SCHEMA);
        return new io.drover.log.DroverTables(schema);
    }

    /** drover.log.data: whether migration_log keeps the JSON of successful items (full) or not (compact). */
    /** drover.progress.interval-seconds: seconds between progress lines without a terminal (0 = none). */
    public static int progressIntervalSeconds(Function<String, String> properties) {
        return number(properties, "drover.progress.interval-seconds", 10);
    }

    /** drover.bulk.chunk-size: items per chunk in bulk mode. */
    public static int bulkChunkSize(Function<String, String> properties) {
        int size = number(properties, "drover.bulk.chunk-size", 500);
        if (size < 1) {
            throw new DroverConfigException("drover.bulk.chunk-size must be at least 1, got " + size);
        }
        return size;
    }

    /** drover.diff.max-value-length: how much of a long value a printed or stored diff keeps. */
    public static int diffMaxValueLength(Function<String, String> properties) {
        int length = number(properties, "drover.diff.max-value-length", io.drover.target.ItemDiff.DEFAULT_MAX_VALUE_LENGTH);
        if (length < 1) {
            throw new DroverConfigException("drover.diff.max-value-length must be at least 1, got " + length);
        }
        return length;
    }

    /** drover.http.logged-body-length: how much of an API's response body the log and error messages keep. */
    public static int httpLoggedBodyLength(Function<String, String> properties) {
        int length = number(properties, "drover.http.logged-body-length", 1000);
        if (length < 0) {
            throw new DroverConfigException("drover.http.logged-body-length must be 0 or more, got " + length);
        }
        return length;
    }

    public static boolean compactLog(Function<String, String> properties) {
        String logData = text(properties, "drover.log.data", "full");
        if (!logData.equals("full") && !logData.equals("compact")) {
            throw new DroverConfigException("drover.log.data is '" + logData + "'; use full or compact");
        }
        return logData.equals("compact");
    }

    /** drover.run.heartbeat-seconds: how often a process marks the runs it works on alive in migration_run. */
    public static java.time.Duration heartbeatInterval(Function<String, String> properties) {
        return java.time.Duration.ofSeconds(Math.max(1, number(properties, "drover.run.heartbeat-seconds", 5)));
    }

    /**
     * drover.run.unresponsive-after-seconds: a RUNNING run whose heartbeat is older belongs to a process that
     * is gone; `status` and the next `migrate` record it INTERRUPTED with the counts of its log.
     */
    public static java.time.Duration unresponsiveAfter(Function<String, String> properties) {
        return java.time.Duration.ofSeconds(Math.max(1, number(properties, "drover.run.unresponsive-after-seconds", 30)));
    }

    /** Item work waits on the databases more than on the CPU: two workers per core. */
    public static int defaultWorkers() {
        return Math.max(2, Runtime.getRuntime().availableProcessors() * 2);
    }

    private static Connection connection(Function<String, String> properties, String name) {
        String url = text(properties, "drover." + name + ".url", null);
        if (url == null || url.isBlank()) {
            throw new DroverConfigException("drover." + name + ".url is not set; set it in config/application.properties"
                    + " or with the environment variable DROVER_" + name.toUpperCase() + "_URL");
        }
        if (!url.startsWith("jdbc:")) {
            throw new DroverConfigException("drover." + name + ".url must be a JDBC URL starting with 'jdbc:', got '"
                    + Secrets.maskUrl(url) + "'");
        }
        // a user named in the URL is the one the driver logs in as: messages must name that one, not a default
        java.util.regex.Matcher urlUser = USER_IN_URL.matcher(url);
        String username = urlUser.find() ? urlUser.group(1) : text(properties, "drover." + name + ".username", "");
        return new Connection(name, url, username, text(properties, "drover." + name + ".password", ""));
    }

    private static final java.util.regex.Pattern USER_IN_URL = java.util.regex.Pattern.compile("(?i)[?&;]user=([^&;]*)");

    private static int number(Function<String, String> properties, String key, int fallback) {
        String value = text(properties, key, null);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new DroverConfigException(key + " must be a whole number, got '" + value + "'");
        }
    }

    private static String text(Function<String, String> properties, String key, String fallback) {
        String value = properties.apply(key);
        return value == null ? fallback : value.trim();
    }
}
