package org.dtlsj.testkit.sctp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One endpoint's SCTP-AUTH shared keys as the sockets API shows them (RFC 6458 §8.1.18,
 * §8.3.3–§8.3.5; RFC 4895 §6.1): key 0 is the empty key and starts active; messages are tagged
 * with the key active when they were sent, and keep it on retransmission; a deleted or
 * deactivated key is freed (FREE_KEY) once no message in flight uses it.
 *
 * <p>The tag is a SHA-256 over the key and the chunk's protected fields — a model of the RFC 4895
 * HMAC that gives the same outcomes (equal keys match, anything altered does not), not the HMAC.
 */
final class ModelKeys {
    /** Key bytes by identifier, for sending and receiving. */
    private final Map<Integer, byte[]> keys = new HashMap<>();
    /** Deleted keys still used by messages in flight: kept for their retransmissions only. */
    private final Map<Integer, byte[]> retained = new HashMap<>();
    /** Messages in flight per key identifier. */
    private final Map<Integer, Integer> uses = new HashMap<>();
    /** Deactivated or deleted keys whose FREE_KEY is still due. */
    private final Set<Integer> retiring = new HashSet<>();
    private final Set<Integer> deactivated = new HashSet<>();
    private int active;
    /** The key the peer last authenticated with (RFC 6458 §6.1.8 NEW_KEY reports a change). */
    private int lastPeerKey;

    ModelKeys() {
        keys.put(0, new byte[0]);
    }

    void add(int id, byte[] key) {
        checkId(id);
        keys.put(id, key.clone());
        deactivated.remove(id);
    }

    void activate(int id) throws IOException {
        if (!keys.containsKey(id) || deactivated.contains(id)) throw new IOException("EINVAL: no usable key " + id);
        active = id;
    }

    /** @return true if the key is free at once (FREE_KEY due now) */
    boolean deactivate(int id) throws IOException {
        if (!keys.containsKey(id)) throw new IOException("EINVAL: no key " + id);
        if (id == active) throw new IOException("EINVAL: the active key " + id + " cannot be deactivated");
        deactivated.add(id);
        return retire(id);
    }

    /** @return true if the key is free at once (FREE_KEY due now) */
    boolean delete(int id) throws IOException {
        if (!keys.containsKey(id)) throw new IOException("EINVAL: no key " + id);
        if (id == active) throw new IOException("EINVAL: the active key " + id + " cannot be deleted");
        byte[] k = keys.remove(id);
        deactivated.remove(id);
        if (uses.getOrDefault(id, 0) > 0) retained.put(id, k);
        return retire(id);
    }

    private boolean retire(int id) {
        if (uses.getOrDefault(id, 0) == 0) return true;
        retiring.add(id);
        return false;
    }

    int active() {
        return active;
    }

    /** A message now uses the active key; returns its tag for {@code chunk}. */
    byte[] use(ModelChunk chunk) {
        uses.merge(active, 1, Integer::sum);
        return tag(keys.get(active), chunk);
    }

    /** The tag of a control chunk (FORWARD-TSN) under the active key; no use is counted. */
    byte[] tagActive(ModelChunk chunk) {
        return tag(keys.get(active), chunk);
    }

    /** A message that used {@code id} is done; returns true when a FREE_KEY is now due for it. */
    boolean release(int id) {
        int n = uses.merge(id, -1, Integer::sum);
        if (n > 0) return false;
        uses.remove(id);
        retained.remove(id);
        return retiring.remove(id);
    }

    /** Why a received chunk is refused (RFC 4895 §6.3), or null if its tag verifies. */
    String verify(ModelChunk c) {
        byte[] k = keys.get(c.keyId());
        if (k == null) return "unknown key " + c.keyId();
        if (c.tag() == null || !MessageDigest.isEqual(c.tag(), tag(k, c))) return "bad AUTH tag";
        return null;
    }

    /** Notes the key of an accepted chunk; true when it differs from the last one (NEW_KEY). */
    boolean peerUsed(int id) {
        if (id == lastPeerKey) return false;
        lastPeerKey = id;
        return true;
    }

    private static void checkId(int id) {
        if (id < 0 || id > 0xffff) throw new IllegalArgumentException("key id out of range: " + id);
    }

    static byte[] tag(byte[] key, ModelChunk c) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            ByteBuffer b = ByteBuffer.allocate(64);
            b.putInt(key.length).putInt(c.kind().ordinal()).putInt(c.keyId()).putLong(c.tsn()).putInt(c.sid())
                    .putInt(c.ssn()).putInt(c.flags()).putInt(c.ppid()).putInt(c.abandoned().size());
            d.update(key);
            d.update(b.array(), 0, b.position());
            d.update(c.payload());
            for (ModelChunk a : c.abandoned()) {
                d.update(ByteBuffer.allocate(20).putLong(a.tsn()).putInt(a.sid()).putInt(a.ssn()).putInt(a.flags())
                        .array());
            }
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
