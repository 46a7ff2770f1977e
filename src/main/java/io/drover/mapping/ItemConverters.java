package io.drover.mapping;

import io.drover.DroverConfigException;
import io.drover.migration.Migration;
import io.drover.pipeline.ItemConverter;
import io.drover.pipeline.ItemWork;
import io.drover.pipeline.SourceItem;
import io.drover.pipeline.SourceLoader;
import io.drover.pipeline.TargetItem;
import io.drover.target.TableCatalog;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.Variable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that resolves a migration's converter: the bean (or class) it declares, else the
 * built-in {@link MappingConverter} of its mapping. The item route, bulk mode and the audit all convert
 * through it. Bound as bean {@code itemConverters}.
 */
public final class ItemConverters implements Function<Migration, ItemConverter> {

    private static final Logger LOG = LoggerFactory.getLogger(ItemConverters.class);

    private final CamelContext context;
    private final TableCatalog tables;
    private final SourceLoader loader;
    private final Map<String, ItemConverter> resolved = new ConcurrentHashMap<>();

    public ItemConverters(CamelContext context, TableCatalog tables, SourceLoader loader) {
        this.context = context;
        this.tables = tables;
        this.loader = loader;
    }

    /** The item route's conversion step: the loaded item (the body) becomes its target rows. */
    public TargetItem convert(@Variable("droverItem") ItemWork work, @Body SourceItem source) {
        return of(work.migration()).convert(source);
    }

    @Override
    public ItemConverter apply(Migration migration) {
        return of(migration);
    }

    public ItemConverter of(Migration migration) {
        return resolved.computeIfAbsent(migration.name() + "\u0000" + migration.fingerprint(), k -> resolve(migration));
    }

    /**
     * Checks, before any item, that the converter exists; for the mapping converter, that every column it
     * names exists, and logs one line for each source column {@code auto} skips and each NOT NULL target
     * column nothing fills.
     */
    public void validate(Migration migration) {
        ItemConverter converter = of(migration);
        if (converter instanceof MappingConverter mapping) {
            mapping.validate(loader.columns(migration)).forEach(LOG::warn);
        }
    }

    private ItemConverter resolve(Migration migration) {
        if (migration.converter() == null) {
            return new MappingConverter(migration, tables);
        }
        String name = migration.converter();
        Object bean = context.getRegistry().lookupByName(name);
        if (bean == null && name.matches("(#class:)?[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)+")) {
            String className = name.replaceFirst("^#class:", "");
            Class<?> type = context.getClassResolver().resolveClass(className);
            if (type == null) {
                throw new DroverConfigException("migration '" + migration.name() + "': converter class '" + className
                        + "' is not on the class path");
            }
            bean = context.getInjector().newInstance(type);
        }
        if (bean instanceof ItemConverter converter) {
            return converter;
        }
        throw new DroverConfigException("migration '" + migration.name() + "': " + (bean == null
                ? "no bean named '" + name + "' is registered; declare it in the migration's beans, or leave 'converter'"
                        + " out to use the built-in mapping converter"
                : "bean '" + name + "' is a " + bean.getClass().getName() + ", not an io.drover.pipeline.ItemConverter"));
    }
}
