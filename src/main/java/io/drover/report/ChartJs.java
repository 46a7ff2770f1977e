package io.drover.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Chart.js from its WebJar, ready to inline into a page so that the page draws its charts offline. */
public final class ChartJs {

    private static final String RESOURCE = "/META-INF/resources/webjars/chart.js/4.4.7/dist/chart.umd.js";

    private ChartJs() {
    }

    /** The library's source, safe inside a script element. */
    public static String source() {
        try (InputStream in = ChartJs.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Chart.js is missing from the class path (" + RESOURCE + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("</script", "<\\/script");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Text escaped for HTML content and attribute values. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
