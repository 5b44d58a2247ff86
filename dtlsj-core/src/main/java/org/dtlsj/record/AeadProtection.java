package org.dtlsj.record;

import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import org.dtlsj.crypto.AesCcm;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.dtlsj.config.BulkCipher;
import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.ProtocolVersion;

/**
 * AEAD record protection for (D)TLS 1.2 (RFC 5246 §6.2.3.3) with the nonce rules of RFC 5288 §3
 * (AES-GCM: 4-byte salt || 8-byte explicit nonce carried in the record) and RFC 7905 §2
 * (ChaCha20-Poly1305: 12-byte IV XOR the 64-bit epoch||sequence, nothing carried); AES-CCM
 * (RFC 6655 §3) takes the nonce of GCM.
 *
 * <pre>
 * additional_data = seq_num + TLSCompressed.type + TLSCompressed.version + TLSCompressed.length;
 * </pre>
 * where in DTLS seq_num is the 16-bit epoch followed by the 48-bit sequence number (RFC 6347
 * §4.1.2.1). The explicit nonce is that same 64-bit value: unique per key, as RFC 5288 requires.
 *
 * <p>One instance serves one direction: a write epoch seals, a read epoch opens. The
 * {@link Cipher} and the nonce and AAD buffers are reused for every record.
 */
public final class AeadProtection implements RecordProtection {
    private final BulkCipher suite;
    private final SecretKeySpec key;
    private final byte[] fixedIv;
    /** Made on first use, and again after {@link #trim()}. */
    private Cipher cipher;
    /** AES-CCM suites (RFC 6655): not a JCA transformation. Made as {@link #cipher} is. */
    private AesCcm ccm;
    /** Scratch for each record's nonce and additional data: made on first use, and again after {@link #trim()}. */
    private byte[] nonce;
    private byte[] aad;

    public AeadProtection(BulkCipher suite, byte[] key, byte[] fixedIv) {
        if (key.length != suite.keyLength || fixedIv.length != suite.fixedIvLength) {
            throw new IllegalArgumentException("key or IV of wrong length for " + suite);
        }
        this.suite = suite;
        this.key = new SecretKeySpec(key, suite.keyAlgorithm);
        this.fixedIv = fixedIv.clone();
        if (suite.isCcm()) {
            this.ccm = new AesCcm(key, suite.tagLength);
        } else {
            this.cipher = newCipher();
        }
    }

    private Cipher newCipher() {
        try {
            return Cipher.getInstance(suite.transformation);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(suite.transformation + " unavailable in this JDK", e);
        }
    }

    private Cipher cipher() {
        if (cipher == null) cipher = newCipher();
        return cipher;
    }

    private AesCcm ccm() {
        if (ccm == null) ccm = new AesCcm(key.getEncoded(), suite.tagLength);
        return ccm;
    }

    @Override
    public void trim() {
        cipher = null;
        ccm = null;
        nonce = null;
        aad = null;
    }

    private void scratch() {
        if (nonce == null) {
            nonce = new byte[12];
            aad = new byte[13];
        }
    }

    @Override
    public int expansion() {
        return suite.expansion();
    }

    /** The 12-byte nonce for this record: RFC 5288 §3 or RFC 7905 §2. */
    static void nonce(BulkCipher suite, byte[] fixedIv, int epoch, long seq, byte[] out) {
        long seqNum = ((long) epoch << 48) | seq;
        if (suite.explicitNonceLength > 0) {
            System.arraycopy(fixedIv, 0, out, 0, 4);
            for (int i = 0; i < 8; i++) out[4 + i] = (byte) (seqNum >>> (56 - 8 * i));
        } else {
            System.arraycopy(fixedIv, 0, out, 0, 12);
            for (int i = 0; i < 8; i++) out[4 + i] ^= (byte) (seqNum >>> (56 - 8 * i));
        }
    }

    private void aad(ContentType type, ProtocolVersion v, int epoch, long seq, int plaintextLength) {
        aad[0] = (byte) (epoch >>> 8);
        aad[1] = (byte) epoch;
        for (int i = 0; i < 6; i++) aad[2 + i] = (byte) (seq >>> (40 - 8 * i));
        aad[8] = (byte) type.value();
        aad[9] = (byte) v.major();
        aad[10] = (byte) v.minor();
        aad[11] = (byte) (plaintextLength >>> 8);
        aad[12] = (byte) plaintextLength;
    }

    private AlgorithmParameterSpec spec() {
        return suite == BulkCipher.CHACHA20_POLY1305 ? new IvParameterSpec(nonce) : new GCMParameterSpec(128, nonce);
    }

    @Override
    public int seal(ContentType type, ProtocolVersion version, int epoch, long seq, byte[] in, int inOff, int len,
                    byte[] out, int outOff) {
        scratch();
        nonce(suite, fixedIv, epoch, seq, nonce);
        aad(type, version, epoch, seq, len);
        int explicit = suite.explicitNonceLength;
        System.arraycopy(nonce, 4, out, outOff, explicit);
        if (suite.isCcm()) return explicit + ccm().seal(nonce, aad, aad.length, in, inOff, len, out, outOff + explicit);
        try {
            Cipher c = cipher();
            c.init(Cipher.ENCRYPT_MODE, key, spec());
            c.updateAAD(aad);
            return explicit + c.doFinal(in, inOff, len, out, outOff + explicit);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AEAD seal failed", e);
        }
    }

    @Override
    public int openedLength(int len) {
        // AES-CCM (our own implementation) is left to the scratch buffer it was written for.
        int plain = len - suite.explicitNonceLength - suite.tagLength;
        return suite.isCcm() || plain < 0 ? -1 : plain;
    }

    @Override
    public int open(ContentType type, ProtocolVersion version, int epoch, long seq, byte[] in, int inOff, int len,
                    byte[] out, int outOff) {
        int explicit = suite.explicitNonceLength;
        int plain = len - explicit - suite.tagLength;
        if (plain < 0) return -1;
        scratch();
        if (explicit > 0) {
            // RFC 5288 §3: the receiver uses the nonce_explicit carried in the record.
            System.arraycopy(fixedIv, 0, nonce, 0, 4);
            System.arraycopy(in, inOff, nonce, 4, 8);
        } else {
            nonce(suite, fixedIv, epoch, seq, nonce);
        }
        aad(type, version, epoch, seq, plain);
        if (suite.isCcm()) return ccm().open(nonce, aad, aad.length, in, inOff + explicit, len - explicit, out, outOff);
        try {
            Cipher c = cipher();
            c.init(Cipher.DECRYPT_MODE, key, spec());
            c.updateAAD(aad);
            return c.doFinal(in, inOff + explicit, len - explicit, out, outOff);
        } catch (AEADBadTagException e) {
            return -1;
        } catch (GeneralSecurityException | RuntimeException e) {
            return -1;
        }
    }
}
