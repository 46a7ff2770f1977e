package io.drover.quality;

import io.drover.log.DroverTables;
import io.drover.migration.IdType;
import io.drover.migration.Migration;
import io.drover.pipeline.SourceItem;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The unique rule, judged across items. Every item that passes its other error-level rules claims its
 * values of each column declared unique (table unique_claim); a value belongs to the claimant with the
 * lowest id, and every other claimant breaks the rule. Who wins depends only on the source data, never
 * on which worker got there first: `drover migrate` registers the claims of all selected items before any
 * item is judged (see io.drover.run.UniqueClaimsPass), and items arriving one by one (drover run) are
 * judged against every claim registered so far.
 */
public final class UniqueClaims {

    private final JdbcTemplate jdbc;
    private final DroverTables tables;

    public UniqueClaims(JdbcTemplate jdbc, DroverTables tables) {
        this.jdbc = jdbc;
        this.tables = tables;
    }

    /**
     * Registers the item's claims (or withdraws them when it is not eligible, having broken another
     * error-level rule) and returns a violation for each value a lower id holds.
     */
    public List<Violation> claim(Migration migration, Object id, SourceItem cleansed, boolean eligible) {
        Map<String, Claim> wanted = register(migration, id, cleansed, eligible);
        String itemId = String.valueOf(id);
        List<Violation> violations = new ArrayList<>();
        for (Claim claim : wanted.values()) {
            List<String> others = jdbc.queryForList("SELECT item_id FROM " + tables.uniqueClaim() + " WHERE migration = ? AND unique_key = ?"
                    + " AND value_hash = ? AND item_id <> ?", String.class, migration.name(), claim.key().name(), claim.hash(), itemId);
            String holder = lowest(migration.idType(), others);
            if (holder != null && compare(migration.idType(), holder, itemId) < 0) {
                violations.add(new Violation(claim.key().name(), "unique", claim.key().level(), claim.value(),
                        "item " + holder + " holds this value"));
            }
        }
        return violations;
    }

    /**
     * Registers the item's claims without judging it (the first pass of a run); an item that is not
     * eligible withdraws its claims. Returns the claims it now holds.
     */
    public Map<String, Claim> register(Migration migration, Object id, SourceItem cleansed, boolean eligible) {
        Map<String, Claim> wanted = new LinkedHashMap<>();
        List<QualityRules.UniqueKey> keys = migration.quality().uniqueKeys();
        if (keys.isEmpty()) {
            return wanted;
        }
        if (eligible) {
            for (QualityRules.UniqueKey key : keys) {
                for (Object value : key.valuesIn(cleansed)) {
                    Claim claim = new Claim(key, value, hash(value));
                    wanted.put(key.name() + "\u0000" + claim.hash(), claim);
                }
            }
        }
        store(migration.name(), String.valueOf(id), wanted);
        return wanted;
    }

    /** Forgets every claim of a migration: a full run registers them all again, so deleted items let go of theirs. */
    public void clear(String migration) {
        jdbc.update("DELETE FROM " + tables.uniqueClaim() + " WHERE migration = ?", migration);
    }

    private void store(String migration, String itemId, Map<String, Claim> wanted) {
        Set<String> held = new java.util.HashSet<>();
        jdbc.query("SELECT unique_key, value_hash FROM " + tables.uniqueClaim() + " WHERE migration = ? AND item_id = ?",
                rs -> { held.add(rs.getString(1) + "\u0000" + rs.getString(2)); }, migration, itemId);
        for (String stale : held) {
            if (!wanted.containsKey(stale)) {
                String[] keyAndHash = stale.split("\u0000");
                jdbc.update("DELETE FROM " + tables.uniqueClaim() + " WHERE migration = ? AND unique_key = ? AND value_hash = ? AND item_id = ?",
                        migration, keyAndHash[0], keyAndHash[1], itemId);
            }
        }
        List<Object[]> added = new ArrayList<>();
        wanted.forEach((k, claim) -> {
            if (!held.contains(k)) {
                added.add(new Object[] {migration, claim.key().name(), claim.hash(), itemId});
            }
        });
        if (!added.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO " + tables.uniqueClaim() + " (migration, unique_key, value_hash, item_id) VALUES (?, ?, ?, ?)", added);
        }
    }

    /** One value of one unique column that an item claims. */
    public record Claim(QualityRules.UniqueKey key, Object value, String hash) {
    }

    /** Values compare as text after cleansing: 7 and "7" are the same value. */
    static String hash(Object value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String lowest(IdType type, List<String> ids) {
        String lowest = null;
        for (String id : ids) {
            if (lowest == null || compare(type, id, lowest) < 0) {
                lowest = id;
            }
        }
        return lowest;
    }

    /** Ids in their natural order: numerically for number ids (9 before 10), as text otherwise. */
    static int compare(IdType type, String a, String b) {
        if (type == IdType.NUMBER) {
            try {
                return new BigDecimal(a).compareTo(new BigDecimal(b));
            } catch (NumberFormatException notNumbers) {
                // fall through to text order
            }
        }
        return a.compareTo(b);
    }
}
