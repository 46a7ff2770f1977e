package io.drover.audit;

import io.drover.migration.Migration;
import io.drover.pipeline.ItemConverter;
import io.drover.pipeline.ItemDataException;
import io.drover.pipeline.ItemMigrationException;
import io.drover.pipeline.ItemStatus;
import io.drover.pipeline.SourceItem;
import io.drover.pipeline.TargetItem;
import io.drover.quality.QualityRules;
import io.drover.quality.RuleEnvironment;
import io.drover.quality.Violation;
import io.drover.target.TableCatalog;
import io.drover.target.TargetRowCheck;
import java.util.List;
import java.util.Locale;

/**
 * Predicts one item's outcome the way the item pipeline would reach it, writing nothing: the declared
 * quality rules (REJECTED), then the converter (an exception is FAILED), then the converted rows against
 * the target tables' declarations (FAILED), else MIGRATED. The unique rule needs every item and is
 * settled afterwards by {@link DuplicateKeys}.
 */
final class DryConversion {

    static final String UNIQUE_RULE = "unique";
    private static final int REASON_CHARACTERS = 200;

    private final Migration migration;
    private final ItemConverter converter;
    private final RuleEnvironment environment;
    private final TargetRowCheck rows;

    /** @param environment what reference and check rules look at: the databases (read only) and the registry's beans */
    DryConversion(Migration migration, ItemConverter converter, RuleEnvironment environment, TableCatalog tables) {
        this.migration = migration;
        this.environment = environment;
        this.converter = converter;
        this.rows = new TargetRowCheck(migration, tables);
    }

    Prediction predict(SourceItem item) {
        QualityRules.Result checked;
        try {
            // the rules without unique, which registers claims in the target: the audit settles it itself
            checked = migration.quality().apply(item, environment);
        } catch (RuntimeException e) {
            return failed(e);
        }
        List<Violation> errors = checked.violations().stream()
                .filter(v -> v.level() == Violation.Level.ERROR && !v.rule().equals(UNIQUE_RULE)).toList();
        if (!errors.isEmpty()) {
            return new Prediction(ItemStatus.REJECTED, errors, null, checked.item());
        }
        TargetItem target;
        try {
            target = converter.convert(checked.item());
        } catch (RuntimeException | Error e) { // as migrate, which fails the item on a converter's AssertionError
            return new Prediction(ItemStatus.FAILED, List.of(), reason(e), checked.item());
        }
        if (target == null) {
            return new Prediction(ItemStatus.FAILED, List.of(), "converter '" + migration.converter() + "' returned no target item",
                    checked.item());
        }
        String problem = rows.problem(target);
        return new Prediction(problem == null ? ItemStatus.MIGRATED : ItemStatus.FAILED, List.of(), problem, checked.item());
    }

    /** An item that could not be loaded (not found, several root rows, a zero date …). */
    Prediction failed(RuntimeException problem) {
        return new Prediction(ItemStatus.FAILED, List.of(), reason(problem), null);
    }

    /**
     * The reason without what differs between items failing the same way: for bad data the column and
     * rule (a sensitive column's rule is cut where it may quote the value), otherwise the message without
     * the value and the database's row details.
     */
    String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ItemDataException data) {
                ItemDataException shown = migration.sensitiveColumns().contains(data.column().toLowerCase(Locale.ROOT)) ? data.masked() : data;
                return "column '" + shown.column() + "' " + shown.rule();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        String message = ItemMigrationException.describe(failure).replaceAll("\\s*\\(value: .*$", "")
                .replaceAll("(?s)\\s*(Detail|DETAIL|Where):.*$", "");
        String reason = ItemMigrationException.rootCause(failure).getClass().getSimpleName() + ": " + message;
        return reason.length() > REASON_CHARACTERS ? reason.substring(0, REASON_CHARACTERS) + "…" : reason;
    }
}
