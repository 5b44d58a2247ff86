package org.dtlsj.record;

import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.ProtocolVersion;

/**
 * Protects and unprotects the fragment of one record in one direction of one epoch. Works on
 * caller-owned arrays so the data path allocates nothing of its own.
 */
public interface RecordProtection {
    /** Bytes a protected fragment carries beyond its plaintext. */
    int expansion();

    /**
     * Writes the protected fragment of {@code in[inOff, inOff+len)} to {@code out} at {@code outOff}.
     * @return the fragment length
     */
    int seal(ContentType type, ProtocolVersion version, int epoch, long seq, byte[] in, int inOff, int len,
             byte[] out, int outOff);

    /**
     * Unprotects {@code in[inOff, inOff+len)} into {@code out} at {@code outOff}.
     * @return the plaintext length, or -1 if the fragment does not authenticate
     */
    int open(ContentType type, ProtocolVersion version, int epoch, long seq, byte[] in, int inOff, int len,
             byte[] out, int outOff);

    /**
     * The plaintext length a fragment of {@code len} bytes opens to, if it authenticates, when that
     * is known before opening it (an AEAD's fixed expansion), so that it can be opened straight
     * into an array of that size; -1 when only opening tells (CBC padding) or {@code len} is too short.
     */
    default int openedLength(int len) {
        return -1;
    }

    /**
     * Releases what the next record can make again — cipher instances and their key schedules —
     * so that an idle connection holds its keys and little else. Only on the connection's thread.
     */
    default void trim() {
    }

    /**
     * The protection of one direction for {@code cipher}: AEAD with the write key and IV, or
     * CBC with the write key and MAC key, MAC-then-encrypt or encrypt-then-MAC (RFC 7366).
     */
    static RecordProtection of(org.dtlsj.config.BulkCipher cipher, byte[] key, byte[] iv, byte[] macKey, boolean encryptThenMac,
                               java.security.SecureRandom random) {
        return cipher.isCbc() ? new CbcProtection(cipher, key, macKey, encryptThenMac, random) : new AeadProtection(cipher, key, iv);
    }

    /** Epoch 0: {@code TLS_NULL_WITH_NULL_NULL}, the fragment is the plaintext (RFC 5246 §6.1). */
    RecordProtection NULL = new RecordProtection() {
        @Override
        public int expansion() {
            return 0;
        }

        @Override
        public int seal(ContentType t, ProtocolVersion v, int e, long s, byte[] in, int inOff, int len, byte[] out, int outOff) {
            System.arraycopy(in, inOff, out, outOff, len);
            return len;
        }

        @Override
        public int open(ContentType t, ProtocolVersion v, int e, long s, byte[] in, int inOff, int len, byte[] out, int outOff) {
            System.arraycopy(in, inOff, out, outOff, len);
            return len;
        }
    };
}
