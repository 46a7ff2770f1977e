package io.drover.target;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Base64;

/**
 * A binary value read from a database (bytea, BLOB, VARBINARY). Its JSON and its text are Base64, so it
 * hashes, logs and reads in rules as text does; written to a binary column it is its bytes again, and to
 * a text column its Base64 text. A bare byte[] would compare by identity, so that an item holding one
 * would never equal its own copy in the target.
 */
public record Bytes(byte[] bytes) {

    public Bytes {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @JsonValue
    @Override
    public String toString() {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
