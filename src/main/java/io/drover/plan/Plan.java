package io.drover.plan;

import io.drover.DroverConfigException;
import io.drover.migration.Migration;
import io.drover.migration.MigrationCatalog;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/** A plan: the migrations whose template parameter {@code plan} names it, by migration name. */
public record Plan(String name, List<Migration> migrations) {

    public Plan {
        migrations = List.copyOf(migrations);
    }

    /** The plan called {@code name}; a plan no migration names is a configuration error that lists the known ones. */
    public static Plan of(MigrationCatalog catalog, String name) {
        List<Migration> members = catalog.all().values().stream().filter(m -> name.equals(m.plan())).toList();
        if (members.isEmpty()) {
            TreeSet<String> known = new TreeSet<>();
            catalog.all().values().stream().map(Migration::plan).filter(Objects::nonNull).forEach(known::add);
            throw new DroverConfigException("no migration belongs to plan '" + name + "' (template parameter 'plan'); known plans: "
                    + (known.isEmpty() ? "none" : known));
        }
        return new Plan(name, members);
    }
}
