package io.drover.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fingerprint of a source item: SHA-256 over its canonical JSON (keys sorted) and the migration's
 * declaration, so that neither a source change nor a changed migration goes unnoticed.
 */
public final class ItemHasher {

    private final ObjectMapper canonical;
    /** Per migration fingerprint, a digest that has read it: each item's hash starts from a copy of it. */
    private final Map<String, MessageDigest> seeded = new ConcurrentHashMap<>();

    public ItemHasher(ObjectMapper json) {
        this.canonical = json.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    }

    public String hash(SourceItem item, String migrationFingerprint) {
        try {
            MessageDigest sha = (MessageDigest) seeded.computeIfAbsent(migrationFingerprint, ItemHasher::seed).clone();
            sha.update(canonical.writeValueAsBytes(item.toMap()));
            return HexFormat.of().formatHex(sha.digest());
        } catch (CloneNotSupportedException | JsonProcessingException e) {
            throw new IllegalStateException("cannot hash item " + item.id() + ": " + e.getMessage(), e);
        }
    }

    private static MessageDigest seed(String migrationFingerprint) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(migrationFingerprint.getBytes(StandardCharsets.UTF_8));
            return sha;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
