package io.drover.run;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;

/**
 * The ids of an inbox file (route drover-file-inbox), one per line; blank lines and comments are
 * skipped. In Java rather than in the route's simple expressions, where a body that starts with '#'
 * would be taken for a reference to a bean (Camel's bean language resolves "#name" in the registry).
 */
public final class InboxLines {

    private InboxLines() {
    }

    /** The id on the line, trimmed, or null for a blank line or a line whose text starts with '#'. */
    public static String idOf(String line) {
        String text = line == null ? "" : line.strip();
        return text.isEmpty() || text.startsWith("#") ? null : text;
    }

    /**
     * The file's ids, read as the split asks for them (memory stays flat). Once the Camel context is
     * stopping (SIGTERM) they end, so the item in flight is the last one and the file's summary is
     * written within the shutdown timeout; InboxReport lists the ids left.
     */
    public static Iterator<String> ids(Exchange exchange) throws InvalidPayloadException {
        InputStream in = exchange.getMessage().getMandatoryBody(InputStream.class);
        return new Ids(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), exchange.getContext());
    }

    /** Closed by the split when it ends, early or not. */
    private static final class Ids implements Iterator<String>, Closeable {
        private final BufferedReader lines;
        private final CamelContext context;
        private String next;
        /** Set by close(): the split may still ask for more after closing it (when it releases its exchange). */
        private volatile boolean closed;

        Ids(BufferedReader lines, CamelContext context) {
            this.lines = lines;
            this.context = context;
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            if (closed || context.isStopping()) {
                return false;
            }
            try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    next = idOf(line);
                    if (next != null) {
                        return true;
                    }
                }
                return false;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the inbox file", e);
            }
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            String id = next;
            next = null;
            return id;
        }

        @Override
        public void close() throws IOException {
            closed = true;
            next = null; // an id read ahead (the split asks hasNext() to know its last) is not handed out after the close
            lines.close();
        }
    }
}
