package io.drover.run;

import io.drover.pipeline.SourceLoader;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Variable;

/**
 * Runs a polling trigger's query: binds :#since to the start of the previous poll of the same query
 * (the epoch at first), and returns the ids the query found.
 */
public final class PollTrigger {

    private final SourceLoader source;
    private final Map<String, Timestamp> previousPoll = new ConcurrentHashMap<>();

    public PollTrigger(SourceLoader source) {
        this.source = source;
    }

    public List<Object> poll(@Variable("droverPollQuery") String query) {
        Timestamp now = new Timestamp(System.currentTimeMillis());
        Timestamp since = previousPoll.getOrDefault(query, new Timestamp(0));
        List<Object> ids = new ArrayList<>();
        for (Map<String, Object> row : source.select("poll", query, Map.of("since", since))) {
            ids.add(row.values().iterator().next());
        }
        previousPoll.put(query, now);
        return ids;
    }
}
