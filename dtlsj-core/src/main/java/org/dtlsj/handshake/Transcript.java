package org.dtlsj.handshake;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.dtlsj.config.PrfHash;

/**
 * The handshake messages so far, as the Finished hash, the extended master secret's session hash
 * and CertificateVerify see them: each whole message with its DTLS header as if unfragmented
 * (RFC 6347 §4.2.6), without the first ClientHello and the HelloVerifyRequest.
 *
 * <p>Kept as bytes because the hash is not known before ServerHello and CertificateVerify may
 * use another; released when the handshake ends.
 */
public final class Transcript {
    private ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);

    public void add(HandshakeMessage m) {
        bytes.writeBytes(m.transcriptBytes());
    }

    /** RFC 6347 §4.2.6: the first ClientHello and HelloVerifyRequest do not count. */
    public void reset() {
        bytes = new ByteArrayOutputStream(2048);
    }

    public byte[] bytes() {
        return bytes.toByteArray();
    }

    public byte[] hash(PrfHash h) {
        try {
            return MessageDigest.getInstance(h.digest).digest(bytes.toByteArray());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
