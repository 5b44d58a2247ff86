package org.dtlsj.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.tls.PRFAlgorithm;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import org.dtlsj.config.BulkCipher;
import org.dtlsj.config.PrfHash;
import org.dtlsj.crypto.KeySchedule;
import org.dtlsj.crypto.Prf;
import org.dtlsj.record.AeadProtection;
import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.ProtocolVersion;
import org.junit.jupiter.api.Test;

/**
 * Known answers for the key schedule, checked against Bouncy Castle's independent TLS 1.2 PRF,
 * and the AEAD nonce constructions of RFC 5288 §3 and RFC 7905 §2, checked against the JDK's raw
 * ciphers and a hand-computed table.
 */
class PrfAndNonceKnownAnswerTest {
    static final TlsCrypto BC = new JcaTlsCryptoProvider().create(new SecureRandom());

    static byte[] bcPrf(PrfHash h, byte[] secret, String label, byte[] seed, int n) {
        int alg = h == PrfHash.SHA256 ? PRFAlgorithm.tls_prf_sha256 : PRFAlgorithm.tls_prf_sha384;
        // BC refuses an empty key; HMAC pads keys with zeros (RFC 2104 §2), so one zero byte is the same key.
        byte[] k = secret.length == 0 ? new byte[1] : secret;
        return BC.createSecret(k).deriveUsingPRF(alg, label, seed, n).extract();
    }

    static byte[] bytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) r.nextInt();
        return b;
    }

    @Test
    void prfAgreesWithBouncyCastle() {
        SplittableRandom r = new SplittableRandom(6347);
        for (PrfHash h : PrfHash.values()) {
            for (int i = 0; i < 200; i++) {
                byte[] secret = bytes(r, i % 7 == 0 ? 0 : r.nextInt(1, 200));
                byte[] seed = bytes(r, r.nextInt(0, 100));
                int n = r.nextInt(1, 200);
                assertThat(Prf.compute(h, secret, "test label", seed, n)).as(h + " case " + i)
                        .isEqualTo(bcPrf(h, secret, "test label", seed, n));
            }
        }
    }

    @Test
    void keyScheduleAgreesWithBouncyCastle() {
        SplittableRandom r = new SplittableRandom(5246);
        byte[] pre = bytes(r, 32);
        byte[] cr = bytes(r, 32);
        byte[] sr = bytes(r, 32);
        byte[] sessionHash = bytes(r, 32);
        // RFC 5246 §8.1
        byte[] ms = KeySchedule.masterSecret(PrfHash.SHA256, pre, cr, sr);
        assertThat(ms).isEqualTo(bcPrf(PrfHash.SHA256, pre, "master secret", Prf.concat(cr, sr), 48));
        // RFC 7627 §4
        assertThat(KeySchedule.extendedMasterSecret(PrfHash.SHA384, pre, sessionHash))
                .isEqualTo(bcPrf(PrfHash.SHA384, pre, "extended master secret", sessionHash, 48));
        // RFC 5246 §6.3: client key, server key, client IV, server IV (no MAC keys for AEAD)
        KeySchedule.TrafficKeys k = KeySchedule.keyBlock(PrfHash.SHA256, BulkCipher.AES_128_GCM, ms, cr, sr);
        byte[] block = bcPrf(PrfHash.SHA256, ms, "key expansion", Prf.concat(sr, cr), 40);
        assertThat(k.clientKey()).isEqualTo(java.util.Arrays.copyOfRange(block, 0, 16));
        assertThat(k.serverKey()).isEqualTo(java.util.Arrays.copyOfRange(block, 16, 32));
        assertThat(k.clientIv()).isEqualTo(java.util.Arrays.copyOfRange(block, 32, 36));
        assertThat(k.serverIv()).isEqualTo(java.util.Arrays.copyOfRange(block, 36, 40));
        KeySchedule.TrafficKeys c = KeySchedule.keyBlock(PrfHash.SHA256, BulkCipher.CHACHA20_POLY1305, ms, cr, sr);
        byte[] block2 = bcPrf(PrfHash.SHA256, ms, "key expansion", Prf.concat(sr, cr), 88);
        assertThat(c.serverIv()).isEqualTo(java.util.Arrays.copyOfRange(block2, 76, 88));
        // RFC 5246 §7.4.9
        byte[] hash = bytes(r, 32);
        assertThat(KeySchedule.verifyData(PrfHash.SHA256, ms, KeySchedule.CLIENT_FINISHED, hash))
                .isEqualTo(bcPrf(PrfHash.SHA256, ms, "client finished", hash, 12));
    }

    /** additional_data = epoch(2) || seq(6) || type || version || length (RFC 6347 §4.1.2.1, RFC 5246 §6.2.3.3). */
    static byte[] aad(int epoch, long seq, int type, int length) {
        byte[] a = new byte[13];
        long s = ((long) epoch << 48) | seq;
        for (int i = 0; i < 8; i++) a[i] = (byte) (s >>> (56 - 8 * i));
        a[8] = (byte) type;
        a[9] = (byte) 254;
        a[10] = (byte) 253;
        a[11] = (byte) (length >>> 8);
        a[12] = (byte) length;
        return a;
    }

    @Test
    void gcmNonceIsSaltAndExplicitEpochSequence() throws Exception {
        HexFormat hex = HexFormat.of();
        byte[] key = hex.parseHex("000102030405060708090a0b0c0d0e0f");
        byte[] salt = hex.parseHex("a0a1a2a3");
        AeadProtection p = new AeadProtection(BulkCipher.AES_128_GCM, key, salt);
        byte[] plain = "known answer".getBytes();
        byte[] out = new byte[plain.length + 24];
        int n = p.seal(ContentType.APPLICATION_DATA, ProtocolVersion.DTLS_1_2, 1, 0x0000_0102_0304L, plain, 0, plain.length, out, 0);
        assertThat(n).isEqualTo(plain.length + 24);
        // RFC 5288 §3: nonce_explicit = epoch || seq = 0001 000001020304, carried first in the record.
        assertThat(hex.formatHex(out, 0, 8)).isEqualTo("0001000001020304");
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                new GCMParameterSpec(128, hex.parseHex("a0a1a2a3" + "0001000001020304")));
        c.updateAAD(aad(1, 0x0102_0304L, 23, plain.length));
        assertThat(c.doFinal(out, 8, n - 8)).isEqualTo(plain);
    }

    @Test
    void chachaNonceIsIvXorEpochSequence() throws Exception {
        HexFormat hex = HexFormat.of();
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) key[i] = (byte) i;
        byte[] iv = hex.parseHex("0102030405060708090a0b0c");
        AeadProtection p = new AeadProtection(BulkCipher.CHACHA20_POLY1305, key, iv);
        byte[] plain = "known answer".getBytes();
        byte[] out = new byte[plain.length + 16];
        int n = p.seal(ContentType.APPLICATION_DATA, ProtocolVersion.DTLS_1_2, 2, 0x0000_00ff_0001L, plain, 0, plain.length, out, 0);
        // RFC 7905 §2: nonce = IV XOR (0x00000000 || epoch || seq), worked by hand:
        //   IV            01 02 03 04 | 05 06 07 08 09 0a 0b 0c
        //   epoch||seq    00 00 00 00 | 00 02 00 00 00 ff 00 01
        //   nonce         01 02 03 04 | 05 04 07 08 09 f5 0b 0d
        Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(hex.parseHex("0102030405040708" + "09f50b0d")));
        c.updateAAD(aad(2, 0xff_0001L, 23, plain.length));
        assertThat(c.doFinal(out, 0, n)).isEqualTo(plain);
        // and the engine opens its own record
        byte[] back = new byte[plain.length];
        assertThat(new AeadProtection(BulkCipher.CHACHA20_POLY1305, key, iv)
                .open(ContentType.APPLICATION_DATA, ProtocolVersion.DTLS_1_2, 2, 0xff_0001L, out, 0, n, back, 0)).isEqualTo(plain.length);
        assertThat(back).isEqualTo(plain);
        // a record claiming another sequence number does not open
        assertThat(new AeadProtection(BulkCipher.CHACHA20_POLY1305, key, iv)
                .open(ContentType.APPLICATION_DATA, ProtocolVersion.DTLS_1_2, 2, 0xff_0002L, out, 0, n, back, 0)).isEqualTo(-1);
    }
}
