package io.drover.run;

/**
 * Reads one line of an inbox file (route drover-file-inbox): an id, or nothing for a blank line or a
 * comment. In Java rather than in the route's simple expressions, where a body that starts with '#'
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
}
