package io.drover.audit;

import io.drover.migration.Migration;
import io.drover.pipeline.SourceLoader;
import io.drover.run.IdFeed;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Streams a migration's ids and loads their items a page at a time on a thread of its own, one page
 * ahead of the audit: the source answers the next page while the audit works on this one. At most
 * {@link #AHEAD} loaded pages wait, so memory stays that of a few pages.
 */
final class PageReader implements AutoCloseable {

    static final int AHEAD = 2;
    private static final Object END = new Object();

    private final BlockingQueue<Object> pages = new ArrayBlockingQueue<>(AHEAD);
    private final Thread thread;
    private volatile boolean closed;

    /** @param sample read only the first N ids; null for all */
    PageReader(IdFeed feed, SourceLoader loader, Migration migration, int pageSize, Integer sample) {
        boolean byPage = SourceLoader.canLoadPages(migration);
        thread = new Thread(() -> {
            try {
                long[] read = {0};
                List<Object> ids = new ArrayList<>(pageSize);
                feed.allIds(migration, () -> closed || sample != null && read[0] >= sample, id -> {
                    read[0]++;
                    ids.add(id);
                    if (ids.size() == pageSize) {
                        hand(load(loader, migration, byPage, ids));
                        ids.clear();
                    }
                });
                if (!ids.isEmpty()) {
                    hand(load(loader, migration, byPage, ids));
                }
                hand(END);
            } catch (Throwable failure) {
                hand(failure);
            }
        }, "drover-audit-reader");
        thread.setDaemon(true);
        thread.start();
    }

    /** The next page of loaded items, in id order; null after the last. */
    List<SourceLoader.Loaded> next() {
        Object page;
        try {
            page = pages.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the source", e);
        }
        if (page instanceof RuntimeException failure) {
            throw failure;
        }
        if (page instanceof Throwable failure) {
            throw new IllegalStateException("reading the source failed: " + failure, failure);
        }
        @SuppressWarnings("unchecked")
        List<SourceLoader.Loaded> loaded = page == END ? null : (List<SourceLoader.Loaded>) page;
        return loaded;
    }

    private void hand(Object page) {
        try {
            while (!closed && !pages.offer(page, 100, TimeUnit.MILLISECONDS)) {
                // the audit is busy with earlier pages: wait, unless it stopped
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<SourceLoader.Loaded> load(SourceLoader loader, Migration migration, boolean byPage, List<Object> ids) {
        if (byPage) {
            try {
                return loader.loadPage(migration, ids);
            } catch (SourceLoader.SourceQueryException e) {
                // one bad row (a zero date …) fails the page's query: load item by item so that it fails alone
            }
        }
        List<SourceLoader.Loaded> loaded = new ArrayList<>(ids.size());
        for (Object id : ids) {
            try {
                loaded.add(new SourceLoader.Loaded(id, loader.load(migration, id), null));
            } catch (RuntimeException e) {
                loaded.add(new SourceLoader.Loaded(id, null, e));
            }
        }
        return loaded;
    }

    /** Stops reading (when the audit ends early) and waits for the reader thread. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
