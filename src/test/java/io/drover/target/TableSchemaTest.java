package io.drover.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TableSchemaTest {

    private static final TableSchema SCHEMA = new TableSchema("t", Map.of("code", "varchar", "note", "text"),
            Map.of("code", "varchar(3)", "note", "text"), List.of("code"), List.of(), Set.of(), Set.of());

    @Test
    void aVarcharRefusesTheCharactersPastItsLengthUnlessTheyAreSpacesWhichPostgresCutsOff() {
        TableSchema.Column code = SCHEMA.column("code");
        assertThat(code.excessLength("abc")).isZero();
        assertThat(code.excessLength("abcd")).isEqualTo(1);
        assertThat(code.excessLength("ab     ")).isZero();           // stored as 'ab '
        assertThat(code.excessLength("abcd  ")).isEqualTo(3);         // 'd' is no space: refused, all 6 counted
        assertThat(code.excessLength("\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00")).isZero(); // three characters, six chars of Java
        assertThat(code.excessLength(" a b")).isEqualTo(1);
    }

    @Test
    void anUnboundedColumnTakesAnyLength() {
        assertThat(SCHEMA.column("note").excessLength("x".repeat(10_000))).isZero();
    }
}
