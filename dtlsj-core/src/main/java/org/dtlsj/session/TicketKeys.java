package org.dtlsj.session;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.dtlsj.wire.DecodeException;

/**
 * Server: seals session state into tickets (RFC 5077 §4) and opens them again, so that resuming
 * keeps no state on the server. A ticket is {@code key_name(16) || nonce(12) || AES-256-GCM(state)}
 * with the key name as associated data, dtlsj's own format (tickets are opaque to clients).
 *
 * <p>Keys rotate every {@code rotation} of wall-clock time; a ticket sealed under the current or
 * the previous key opens, and none opens after {@code lifetime}. Keys live in memory only: a
 * restarted server makes new ones, and old tickets then lead to full handshakes. Thread-safe.
 */
public final class TicketKeys {
    public static final Duration DEFAULT_ROTATION = Duration.ofHours(1);
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(2);
    static final int NAME = 16;
    static final int NONCE = 12;
    static final int TAG = 16;

    private record Key(long period, byte[] name, SecretKeySpec key) {
    }

    private final SecureRandom random;
    private final long rotationMillis;
    private final long lifetimeMillis;
    private Key current;
    private Key previous;

    public TicketKeys(SecureRandom random, Duration rotation, Duration lifetime) {
        this.random = random;
        this.rotationMillis = rotation.toMillis();
        this.lifetimeMillis = lifetime.toMillis();
        if (rotationMillis <= 0 || lifetimeMillis <= 0) throw new IllegalArgumentException("durations must be positive");
    }

    public TicketKeys(SecureRandom random) {
        this(random, DEFAULT_ROTATION, DEFAULT_LIFETIME);
    }

    /** The lifetime hint to send (RFC 5077 §3.3), in seconds. */
    public long lifetimeSeconds() {
        return lifetimeMillis / 1000;
    }

    private synchronized Key keyFor(long nowMillis) {
        long period = Math.floorDiv(nowMillis, rotationMillis);
        if (current == null || period > current.period) {
            previous = current != null && current.period == period - 1 ? current : null;
            byte[] name = new byte[NAME];
            byte[] k = new byte[32];
            random.nextBytes(name);
            random.nextBytes(k);
            current = new Key(period, name, new SecretKeySpec(k, "AES"));
        }
        return current;
    }

    private synchronized Key byName(byte[] name, long nowMillis) {
        keyFor(nowMillis);
        if (current != null && MessageDigest.isEqual(current.name, name)) return current;
        if (previous != null && MessageDigest.isEqual(previous.name, name)) return previous;
        return null;
    }

    public byte[] seal(SessionState s, long nowMillis) {
        Key k = keyFor(nowMillis);
        byte[] plain = s.encode();
        byte[] out = new byte[NAME + NONCE + plain.length + TAG];
        System.arraycopy(k.name, 0, out, 0, NAME);
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, out, NAME, NONCE);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, k.key, new GCMParameterSpec(128, nonce));
            c.updateAAD(k.name);
            c.doFinal(plain, 0, plain.length, out, NAME + NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
        return out;
    }

    /** The state in {@code ticket}, or null if it is not ours, was changed, or has expired. */
    public SessionState open(byte[] ticket, long nowMillis) {
        if (ticket.length < NAME + NONCE + TAG) return null;
        Key k = byName(Arrays.copyOf(ticket, NAME), nowMillis);
        if (k == null) return null;
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, k.key, new GCMParameterSpec(128, ticket, NAME, NONCE));
            c.updateAAD(k.name);
            byte[] plain = c.doFinal(ticket, NAME + NONCE, ticket.length - NAME - NONCE);
            SessionState s = SessionState.decode(plain);
            Arrays.fill(plain, (byte) 0);
            return s.isValidAt(nowMillis, lifetimeMillis) ? s : null;
        } catch (GeneralSecurityException | DecodeException e) {
            return null;
        }
    }
}
