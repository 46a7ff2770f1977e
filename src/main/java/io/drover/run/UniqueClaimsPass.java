package io.drover.run;

import io.drover.config.DroverBeans;
import io.drover.migration.Migration;
import io.drover.pipeline.SourceItem;
import io.drover.pipeline.SourceLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The first pass of a run over a migration with unique rules: registers the unique claims of every
 * selected item before any item is judged, so the lowest id wins whatever order the workers take the
 * items in. Reads the items a page at a time; a full run first forgets all claims, so items deleted
 * from the source let go of theirs.
 */
final class UniqueClaimsPass {

    private final DroverBeans beans;

    UniqueClaimsPass(DroverBeans beans) {
        this.beans = beans;
    }

    /** @return how many items were read */
    long run(Migration migration, ItemSelection selection, BooleanSupplier stopped) {
        if (migration.quality().uniqueKeys().isEmpty()) {
            return 0;
        }
        if (selection.all()) {
            beans.quality().claims().clear(migration.name());
        }
        long[] read = {0};
        List<Object> page = new ArrayList<>();
        beans.idFeed().selected(migration, selection, stopped, id -> {
            page.add(migration.idType().parse(id));
            if (page.size() == beans.pageSize()) {
                read[0] += register(migration, page);
                page.clear();
            }
        });
        read[0] += register(migration, page);
        return read[0];
    }

    private int register(Migration migration, List<Object> ids) {
        if (SourceLoader.canLoadPages(migration)) {
            for (SourceLoader.Loaded loaded : beans.loader().loadPage(migration, ids)) {
                if (loaded.item() != null) {
                    beans.quality().register(migration, loaded.item());
                }
            }
        } else {
            for (Object id : ids) {
                SourceItem item;
                try {
                    item = beans.loader().load(migration, id);
                } catch (RuntimeException notLoadable) {
                    continue; // the item pass fails it with its own reason
                }
                beans.quality().register(migration, item);
            }
        }
        return ids.size();
    }
}
