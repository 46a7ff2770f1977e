package io.drover.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SourceLoaderTest {

    @Test
    void theParametersOfAQueryAreCountedAsCamelSqlBindsThem() {
        assertThat(SourceLoader.fixedParameterCount("SELECT * FROM customers WHERE id = :#id")).isEqualTo(1);
        assertThat(SourceLoader.fixedParameterCount("SELECT * FROM a WHERE x = :#id AND y > :#since OR z = ?")).isEqualTo(3);
        assertThat(SourceLoader.fixedParameterCount("SELECT id FROM customers")).isZero();
    }

    @Test
    void placeholdersInsideQuotesAndCommentsAreNotParameters() {
        assertThat(SourceLoader.fixedParameterCount("SELECT ':#id?', \"odd?col\" FROM t -- where ?\nWHERE id = :#id /* :#x ? */"))
                .isEqualTo(1);
    }

    @Test
    void aCountThatVariesWithTheValuesIsLeftToTheDriver() {
        assertThat(SourceLoader.fixedParameterCount("SELECT * FROM addresses WHERE customer_id IN (:#in:ids)")).isZero();
        assertThat(SourceLoader.fixedParameterCount("SELECT * FROM t WHERE id = :#${header.id}")).isZero();
    }
}
