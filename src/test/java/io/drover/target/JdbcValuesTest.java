package io.drover.target;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JdbcValuesTest {

    @Test
    void anArrayIsOneLiteralWithEveryElementQuoted() {
        assertThat(JdbcValues.arrayLiteral(new Object[] {"a", "b\tc", null, "say \"hi\"", "back\\slash"}))
                .isEqualTo("{\"a\",\"b\tc\",NULL,\"say \\\"hi\\\"\",\"back\\\\slash\"}");
        assertThat(JdbcValues.arrayLiteral(new Integer[][] {{1, 2}, {3, null}})).isEqualTo("{{\"1\",\"2\"},{\"3\",NULL}}");
        assertThat(JdbcValues.arrayLiteral(new int[0])).isEqualTo("{}");
    }

    @Test
    void binaryValuesCompareByContentAndWriteTheBase64TheyAlwaysHashedAs() throws Exception {
        byte[] raw = {0x00, (byte) 0xff, 0x5c, 0x0a, 0x09};
        Object value = JdbcValues.value(raw);

        assertThat(value).isEqualTo(JdbcValues.value(raw.clone())).hasToString("AP9cCgk=");
        assertThat(new ObjectMapper().writeValueAsString(java.util.Map.of("raw", value))).isEqualTo("{\"raw\":\"AP9cCgk=\"}");
        assertThat(((Bytes) value).bytes()).containsExactly(raw);
        assertThat(JdbcValues.arrayLiteral(new Object[] {raw})).isEqualTo("{\"AP9cCgk=\"}");
    }

    @Test
    void aTimeKeepsItsMilliseconds() {
        java.sql.Time time = new java.sql.Time(java.sql.Time.valueOf("23:59:59").getTime() + 999);

        assertThat(JdbcValues.value(time)).isEqualTo("23:59:59.999");
        assertThat(JdbcValues.value(java.sql.Time.valueOf("08:30:00"))).isEqualTo("08:30");
    }
}
