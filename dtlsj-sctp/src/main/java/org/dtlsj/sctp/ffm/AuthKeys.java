package org.dtlsj.sctp.ffm;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * SCTP-AUTH shared keys (RFC 6458 §8.1.20 to §8.3.4) as socket options, the same on both
 * backends: {@code struct sctp_authkey} to add a key, {@code struct sctp_authkeyid} to make one
 * active, deactivate or delete it, and to read which one is active.
 */
public final class AuthKeys {
    /** One association's socket at IPPROTO_SCTP; each call fails once the association is closed. */
    public interface Options {
        void set(int opt, MemorySegment value, String what) throws IOException;

        /** {@code getsockopt} into {@code value}, {@code len} holding its size. */
        void get(int opt, MemorySegment value, MemorySegment len, String what) throws IOException;
    }

    private AuthKeys() {
    }

    public static void add(Options socket, SctpDialect d, int keyId, byte[] key) throws IOException {
        checkKeyId(keyId);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment k = a.allocate(8L + Math.max(1, key.length)); // struct sctp_authkey
            k.set(JAVA_SHORT, 4, (short) keyId);
            k.set(JAVA_SHORT, 6, (short) key.length);
            MemorySegment.copy(key, 0, k, JAVA_BYTE, 8, key.length);
            socket.set(d.optAuthKey, k.asSlice(0, 8L + key.length), "SCTP_AUTH_KEY " + keyId);
        }
    }

    public static void activate(Options socket, SctpDialect d, int keyId) throws IOException {
        keyId(socket, d.optAuthActiveKey, keyId, "SCTP_AUTH_ACTIVE_KEY");
    }

    public static void deactivate(Options socket, SctpDialect d, int keyId) throws IOException {
        keyId(socket, d.optAuthDeactivateKey, keyId, "SCTP_AUTH_DEACTIVATE_KEY");
    }

    public static void delete(Options socket, SctpDialect d, int keyId) throws IOException {
        keyId(socket, d.optAuthDeleteKey, keyId, "SCTP_AUTH_DELETE_KEY");
    }

    public static int active(Options socket, SctpDialect d) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment k = a.allocate(8); // struct sctp_authkeyid
            MemorySegment len = a.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, 8);
            socket.get(d.optAuthActiveKey, k, len, "getsockopt SCTP_AUTH_ACTIVE_KEY");
            return k.get(JAVA_SHORT, 4) & 0xffff;
        }
    }

    private static void keyId(Options socket, int opt, int keyId, String what) throws IOException {
        checkKeyId(keyId);
        try (Arena a = Arena.ofConfined()) {
            MemorySegment k = a.allocate(8); // struct sctp_authkeyid
            k.set(JAVA_SHORT, 4, (short) keyId);
            socket.set(opt, k, what + " " + keyId);
        }
    }

    private static void checkKeyId(int keyId) {
        if (keyId < 0 || keyId > 0xffff) throw new IllegalArgumentException("key id out of range: " + keyId);
    }
}
