package io.drover.target;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdbcValuesTest {

    @Test
    void anArrayIsOneLiteralWithEveryElementQuoted() {
        assertThat(JdbcValues.arrayLiteral(new Object[] {"a", "b\tc", null, "say \"hi\"", "back\\slash"}))
                .isEqualTo("{\"a\",\"b\tc\",NULL,\"say \\\"hi\\\"\",\"back\\\\slash\"}");
        assertThat(JdbcValues.arrayLiteral(new Integer[][] {{1, 2}, {3, null}})).isEqualTo("{{\"1\",\"2\"},{\"3\",NULL}}");
        assertThat(JdbcValues.arrayLiteral(new int[0])).isEqualTo("{}");
    }
}
