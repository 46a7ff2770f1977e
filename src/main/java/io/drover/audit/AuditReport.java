package io.drover.audit;

import java.util.List;

/**
 * The result of one audit, as written to JSON (--json), stored in audit_run.report, printed and rendered
 * as HTML. Its field names are the JSON structure documented in docs/audit.md: keep them stable.
 *
 * @param audit     the audit's id (audit_run.audit_id)
 * @param scope     how many items were audited, and whether only a sample
 * @param profile   one section for the root rows, then one per child list
 * @param duplicates one entry per business key (unique rule or --key)
 * @param orphans   one entry per child query
 * @param predicted the dry conversion's predicted outcome
 */
public record AuditReport(String audit, String migration, String arguments, String startedAt, String finishedAt,
                          double seconds, Scope scope, List<Section> profile, List<Duplicates> duplicates,
                          List<Orphans> orphans, Predicted predicted) {

    /** @param sample N of --sample N, or null when every item of the id query was audited */
    public record Scope(long itemsAudited, Integer sample, boolean complete) {
    }

    public record Section(String name, long rows, List<Column> columns) {
    }

    /**
     * @param rows     rows that have the column
     * @param distinct estimated with an HLL sketch (exact for small counts, about 1.6 % error beyond)
     * @param type     number, date, text, boolean, mixed, or empty (only NULLs)
     * @param min      smallest value of the column's type; "****" for a sensitive column
     * @param minLength shortest text value, in characters; null when the column holds no text
     * @param topValues up to five values that occur most, with their counts (values seen once are not listed)
     * @param format   the most common recognized format of the values, with the share of non-null values in it
     * @param masked   the column is declared sensitive: min, max and top values are hidden
     */
    public record Column(String name, long rows, long nulls, double nullRatio, long distinct, String type,
                         Object min, Object max, Integer minLength, Integer maxLength, List<TopValue> topValues,
                         Format format, boolean masked) {
    }

    public record TopValue(String value, long count) {
    }

    /** @param name email, phone, iso-date, day-first-date or number-in-text */
    public record Format(String name, long values, double share) {
    }

    /**
     * @param key             the column: email, or child.column such as addresses.street
     * @param declaredBy      "unique rule" or "--key"
     * @param duplicateValues values (after cleansing) that more than one item holds
     * @param itemsInvolved   the items that hold one of those values
     * @param examples        up to ten of those values (masked for sensitive columns), most shared first
     */
    public record Duplicates(String key, String declaredBy, long duplicateValues, long itemsInvolved,
                             List<DuplicateValue> examples) {
    }

    /** @param itemIds up to five of the items holding the value, lowest first */
    public record DuplicateValue(String value, long items, List<String> itemIds) {
    }

    /**
     * @param child      the child list
     * @param parentKey  the column of the child query that holds the item id
     * @param checked    false when the child query has no '<column> = :#id' condition to check by
     * @param rows       child rows whose parent key the id query does not return
     * @param parents    distinct missing parent keys among them
     */
    public record Orphans(String child, String parentKey, boolean checked, long rows, long parents,
                          List<String> exampleParentKeys, String note) {
    }

    /**
     * What migrating the audited items would give. An item rejected by several rules counts once in
     * {@code rejected} and once under each rule it breaks.
     */
    public record Predicted(long migrated, long rejected, long failed, List<RuleGroup> rejectedByRule,
                            List<ReasonGroup> failedByReason) {
    }

    public record RuleGroup(String column, String rule, long items, List<String> exampleItems) {
    }

    public record ReasonGroup(String reason, long items, List<String> exampleItems) {
    }
}
