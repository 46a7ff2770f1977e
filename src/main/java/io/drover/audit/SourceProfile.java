package io.drover.audit;

import io.drover.migration.Migration;
import io.drover.pipeline.SourceItem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The profile of a migration's source as its items see it: one section for the root rows, named after
 * the table of the item query, and one per child list, named after the list.
 */
final class SourceProfile {

    private static final Pattern FIRST_TABLE = Pattern.compile("(?i)\\bFROM\\s+([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)?)");

    private final Migration migration;
    private final SectionProfile root;
    private final Map<String, SectionProfile> children = new LinkedHashMap<>();

    SourceProfile(Migration migration) {
        this.migration = migration;
        this.root = new SectionProfile(rootName(migration));
        migration.childQueries().keySet().forEach(name -> children.put(name, new SectionProfile(name)));
    }

    /** The table the item query reads first, or "item" when the query does not name one plainly. */
    static String rootName(Migration migration) {
        Matcher table = FIRST_TABLE.matcher(migration.itemQuery());
        return table.find() ? table.group(1).toLowerCase(java.util.Locale.ROOT) : "item";
    }

    void add(SourceItem item) {
        root.add(item.root());
        children.forEach((name, section) -> item.children(name).forEach(section::add));
    }

    List<AuditReport.Section> result() {
        List<AuditReport.Section> sections = new ArrayList<>();
        sections.add(root.result(migration.sensitiveColumns()));
        children.values().forEach(section -> sections.add(section.result(migration.sensitiveColumns())));
        return sections;
    }
}
