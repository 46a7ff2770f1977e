package io.drover.distributed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.drover.DroverConfigException;
import org.junit.jupiter.api.Test;

/** idFrom of template drover-kafka-ids: the key, or the first JSON Pointer present in the value. */
class RecordIdSourceTest {

    private final RecordIdSource debezium = RecordIdSource.parse("/after/id, /before/id");

    @Test
    void takesTheKey() {
        assertThat(RecordIdSource.parse("key").idOf(" 42 ", "anything")).isEqualTo("42");
        assertThatThrownBy(() -> RecordIdSource.parse("key").idOf(null, "{}")).hasMessage("the record has no key (idFrom: key)");
    }

    @Test
    void takesTheFirstPointerPresentInTheValue() {
        assertThat(debezium.idOf(null, "{\"op\":\"u\",\"after\":{\"id\":7,\"name\":\"x\"}}")).isEqualTo("7");
        assertThat(debezium.idOf(null, "{\"op\":\"d\",\"before\":{\"id\":\"A-9\"},\"after\":null}")).isEqualTo("A-9");
    }

    @Test
    void saysWhyARecordHasNoId() {
        assertThatThrownBy(() -> debezium.idOf("k", "not json")).hasMessageStartingWith("the record's value is not JSON");
        assertThatThrownBy(() -> debezium.idOf("k", "{\"op\":\"u\",\"after\":{}}"))
                .hasMessage("the record's value has no /after/id nor /before/id: {\"op\":\"u\",\"after\":{}}");
        assertThatThrownBy(() -> debezium.idOf("k", "{\"after\":{\"id\":{\"v\":1}}}")).hasMessageStartingWith("/after/id of the record's value is no single value");
        assertThatThrownBy(() -> debezium.idOf("k", null)).hasMessageStartingWith("the record's value is empty");
    }

    @Test
    void refusesAnIdFromThatIsNeitherKeyNorPointers() {
        assertThatThrownBy(() -> RecordIdSource.parse("after.id")).isInstanceOf(DroverConfigException.class)
                .hasMessageContaining("idFrom 'after.id' is neither 'key' nor JSON Pointers");
    }
}
