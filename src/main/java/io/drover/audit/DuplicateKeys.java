package io.drover.audit;

import io.drover.log.DroverTables;
import io.drover.DroverConfigException;
import io.drover.migration.IdType;
import io.drover.pipeline.ItemStatus;
import io.drover.pipeline.Masking;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Finds values of business keys that more than one item holds, in flat memory: each item's key values
 * are hashed and written, a page at a time, to the scratch table audit_key in the target, where GROUP BY
 * finds the duplicates. The audit's rows are deleted when it closes.
 */
final class DuplicateKeys implements AutoCloseable {

    static final int EXAMPLES = 10;
    static final int ITEMS_PER_EXAMPLE = 5;
    private static final int SHOWN_CHARACTERS = 200;
    /** Rows per INSERT: one statement with many rows is several times faster than a batch of single rows. */
    private static final int ROWS_PER_INSERT = 200;
    private static final String COLUMNS = "(audit_id, key_name, key_hash, item_id, order_number, order_text, shown_value,"
            + " eligible, predicted_status, predicted_reason)";
    private static final int WIDTH = 10;

    private final JdbcTemplate target;
    private final DroverTables tables;
    private final UUID auditId;
    private final IdType idType;
    /** The column that orders item ids as the unique rule does: numerically for number ids, else as Java orders text. */
    private final String order;
    private final String duplicated;
    private final List<BusinessKey> keys;
    private final Set<String> sensitive;
    private final List<Object> pending = new ArrayList<>();
    private final Set<String> keysChecked = new java.util.HashSet<>();
    private final MessageDigest sha256;

    DuplicateKeys(JdbcTemplate target, DroverTables tables, UUID auditId, IdType idType, List<BusinessKey> keys, Set<String> sensitive) {
        this.target = target;
        this.tables = tables;
        this.auditId = auditId;
        this.idType = idType;
        this.order = idType == IdType.NUMBER ? "order_number" : "order_text";
        this.duplicated = "SELECT key_hash, count(DISTINCT item_id) AS holders, min(" + order + ") AS first_item FROM " + tables.auditKey()
                + " WHERE audit_id = ? AND key_name = ? GROUP BY key_hash HAVING count(DISTINCT item_id) > 1";
        this.keys = keys;
        this.sensitive = sensitive;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Notes the item's key values (after cleansing); written on the next {@link #flush}. */
    void add(String itemId, Prediction prediction) {
        if (prediction.cleansed() == null) {
            return;
        }
        for (BusinessKey key : keys) {
            if (!keysChecked.contains(key.name())) {
                Boolean present = key.columnPresent(prediction.cleansed());
                if (Boolean.FALSE.equals(present)) {
                    throw new DroverConfigException("business key '" + key.name() + "': the "
                            + (key.child() == null ? "item query" : "child query '" + key.child() + "'") + " returns no column '"
                            + key.column() + "'");
                }
                if (present != null) {
                    keysChecked.add(key.name());
                }
            }
            for (String value : key.values(prediction.cleansed())) {
                Collections.addAll(pending, auditId, key.name(), hash(value), itemId, orderNumber(itemId), orderText(itemId),
                        shown(key, value), prediction.passesRules(), prediction.status().name(), prediction.reason());
            }
        }
    }

    void flush() {
        int rows = pending.size() / WIDTH;
        for (int from = 0; from < rows; from += ROWS_PER_INSERT) {
            int count = Math.min(ROWS_PER_INSERT, rows - from);
            String values = String.join(", ", Collections.nCopies(count, "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
            target.update("INSERT INTO " + tables.auditKey() + " " + COLUMNS + " VALUES " + values,
                    pending.subList(from * WIDTH, (from + count) * WIDTH).toArray());
        }
        pending.clear();
    }

    /**
     * Settles the error-level unique rules as a run does: of the items that hold one value and break no
     * other error-level rule, the one with the lowest id keeps it and every other is REJECTED by "unique".
     */
    void settleUniqueRules(PredictionTally tally) {
        List<String> unique = keys.stream().filter(BusinessKey::rejectsDuplicates).map(BusinessKey::name).toList();
        if (unique.isEmpty()) {
            return;
        }
        String names = String.join(", ", Collections.nCopies(unique.size(), "?"));
        List<Object> arguments = new ArrayList<>(List.of(auditId));
        arguments.addAll(unique);
        arguments.add(auditId);
        // an item losing several values is rejected once, under the first key it loses
        target.query("SELECT k.item_id, min(k.key_name) AS key_name, min(k.predicted_status) AS status,"
                        + " min(k.predicted_reason) AS reason"
                        + " FROM " + tables.auditKey() + " k JOIN (SELECT key_name, key_hash, min(" + order + ") AS owner FROM " + tables.auditKey()
                        + " WHERE audit_id = ? AND eligible AND key_name IN (" + names + ") GROUP BY key_name, key_hash"
                        + " HAVING count(DISTINCT item_id) > 1) d ON d.key_name = k.key_name AND d.key_hash = k.key_hash"
                        + " WHERE k.audit_id = ? AND k.eligible AND k." + order + " > d.owner GROUP BY k.item_id ORDER BY min(k." + order + ")",
                rs -> {
                    tally.rejectAsDuplicate(rs.getString("item_id"), ItemStatus.valueOf(rs.getString("status")),
                            rs.getString("reason"), rs.getString("key_name"));
                }, arguments.toArray());
    }

    List<AuditReport.Duplicates> results() {
        List<AuditReport.Duplicates> results = new ArrayList<>();
        for (BusinessKey key : keys) {
            Map<String, Object> totals = target.queryForMap("SELECT count(*) AS duplicate_values, coalesce(sum(holders), 0) AS items"
                    + " FROM (" + duplicated + ") d", auditId, key.name());
            results.add(new AuditReport.Duplicates(key.name(), key.declaredBy(), number(totals.get("duplicate_values")),
                    number(totals.get("items")), examples(key)));
        }
        return results;
    }

    private List<AuditReport.DuplicateValue> examples(BusinessKey key) {
        Map<String, Long> holders = new LinkedHashMap<>();
        target.query(duplicated + " ORDER BY holders DESC, first_item LIMIT " + EXAMPLES,
                rs -> {
                    holders.put(rs.getString("key_hash"), rs.getLong("holders"));
                }, auditId, key.name());
        if (holders.isEmpty()) {
            return List.of();
        }
        Map<String, List<String>> items = new LinkedHashMap<>();
        Map<String, String> shown = new LinkedHashMap<>();
        List<Object> arguments = new ArrayList<>(List.of(auditId, key.name()));
        arguments.addAll(holders.keySet());
        target.query("SELECT key_hash, item_id, min(shown_value) AS shown_value FROM " + tables.auditKey() + " WHERE audit_id = ? AND key_name = ?"
                        + " AND key_hash IN (" + String.join(", ", Collections.nCopies(holders.size(), "?")) + ")"
                        + " GROUP BY key_hash, item_id, " + order + " ORDER BY key_hash, " + order,
                rs -> {
                    List<String> ids = items.computeIfAbsent(rs.getString("key_hash"), h -> new ArrayList<>());
                    if (ids.size() < ITEMS_PER_EXAMPLE) {
                        ids.add(rs.getString("item_id"));
                    }
                    shown.putIfAbsent(rs.getString("key_hash"), rs.getString("shown_value"));
                }, arguments.toArray());
        List<AuditReport.DuplicateValue> examples = new ArrayList<>();
        holders.forEach((hash, count) -> examples.add(new AuditReport.DuplicateValue(
                sensitive.contains(key.column()) ? Masking.MASK : shown.get(hash), count, items.getOrDefault(hash, List.of()))));
        return examples;
    }

    private String shown(BusinessKey key, String value) {
        if (sensitive.contains(key.column())) {
            return null; // a sensitive value is not even stored in the scratch table
        }
        return value.length() > SHOWN_CHARACTERS ? value.substring(0, SHOWN_CHARACTERS) + "…" : value;
    }

    private Object orderNumber(String itemId) {
        if (idType != IdType.NUMBER) {
            return null;
        }
        try {
            return new java.math.BigDecimal(itemId);
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    private static String orderText(String itemId) {
        StringBuilder hex = new StringBuilder(itemId.length() * 4);
        for (int i = 0; i < itemId.length(); i++) {
            hex.append(String.format("%04x", (int) itemId.charAt(i)));
        }
        return hex.toString();
    }

    private String hash(String value) {
        // 128 bits of SHA-256: equal values always meet; different ones collide with negligible odds
        return HexFormat.of().formatHex(sha256.digest(value.getBytes(StandardCharsets.UTF_8)), 0, 16);
    }

    private static long number(Object value) {
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** Deletes the audit's scratch rows, whether it finished or not. */
    @Override
    public void close() {
        pending.clear();
        target.update("DELETE FROM " + tables.auditKey() + " WHERE audit_id = ?", auditId);
    }
}
