package org.dtlsj.handshake;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.dtlsj.config.PrfHash;

/**
 * The handshake messages so far, as the Finished hash, the extended master secret's session hash
 * and CertificateVerify see them: each whole message with its DTLS header as if unfragmented
 * (RFC 6347 §4.2.6), without the first ClientHello and the HelloVerifyRequest.
 *
 * <p>Kept as bytes because the hash is not known before ServerHello and CertificateVerify may
 * use another; it can be cut back to an earlier length when the engine rewinds a handshake
 * whose unauthenticated input turned out corrupted. Released when the handshake ends.
 */
public final class Transcript {
    private byte[] buf = new byte[2048];
    private int len;

    public void add(HandshakeMessage m) {
        byte[] b = m.transcriptBytes();
        if (len + b.length > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + b.length));
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    /** RFC 6347 §4.2.6: the first ClientHello and HelloVerifyRequest do not count. */
    public void reset() {
        len = 0;
    }

    public int length() {
        return len;
    }

    /** Forgets everything after the first {@code length} bytes. */
    public void truncate(int length) {
        if (length < 0 || length > len) throw new IllegalArgumentException("cannot truncate to " + length);
        len = length;
    }

    public byte[] bytes() {
        return Arrays.copyOf(buf, len);
    }

    public byte[] hash(PrfHash h) {
        if (h == PrfHash.MD5_SHA1) {
            // RFC 4346 §7.4.9 (DTLS 1.0): MD5(handshake_messages) + SHA-1(handshake_messages).
            return org.dtlsj.crypto.Prf.concat(digest("MD5"), digest("SHA-1"));
        }
        return digest(h.digest);
    }

    private byte[] digest(String algorithm) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            md.update(buf, 0, len);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
