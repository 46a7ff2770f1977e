package io.drover.pipeline;

import io.drover.migration.Migration;
import io.drover.quality.QualityRules;
import io.drover.quality.RuleEnvironment;
import io.drover.quality.UniqueClaims;

/**
 * A loaded item's quality, all of it: cleansing and the per-item rules of the migration's declaration,
 * then the unique rule, which only an item that passed the others takes part in.
 */
public final class QualityCheck {

    private final RuleEnvironment environment;
    private final UniqueClaims claims;

    public QualityCheck(RuleEnvironment environment, UniqueClaims claims) {
        this.environment = environment;
        this.claims = claims;
    }

    public QualityRules.Result check(Migration migration, SourceItem source) {
        QualityRules.Result result = migration.quality().apply(source, environment);
        return result.plus(claims.claim(migration, source.id(), result.item(), !result.rejected()));
    }

    /** Registers an item's unique claims without judging it: the first pass of a run (io.drover.run.UniqueClaimsPass). */
    public void register(Migration migration, SourceItem source) {
        QualityRules.Result result = migration.quality().apply(source, environment);
        claims.register(migration, source.id(), result.item(), !result.rejected());
    }

    public UniqueClaims claims() {
        return claims;
    }

    public RuleEnvironment environment() {
        return environment;
    }
}
