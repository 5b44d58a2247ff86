package org.dtlsj.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.tls.ConnectionEnd;
import org.bouncycastle.tls.EncryptionAlgorithm;
import org.bouncycastle.tls.MACAlgorithm;
import org.bouncycastle.tls.PRFAlgorithm;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.crypto.TlsCipher;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.TlsDecodeResult;
import org.bouncycastle.tls.crypto.TlsEncodeResult;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import org.dtlsj.config.BulkCipher;
import org.dtlsj.config.PrfHash;
import org.dtlsj.crypto.KeySchedule;
import org.dtlsj.crypto.Prf;
import org.dtlsj.record.AeadProtection;
import org.dtlsj.record.RecordProtection;
import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.ProtocolVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Known-answer and cross-implementation checks of dtlsj's cryptographic building blocks:
 * <ol>
 *   <li>the TLS 1.2 PRF (RFC 5246 §5) against Bouncy Castle's two independent PRFs (the JCA-backed
 *       {@code JcaTlsCrypto} and the pure-BC {@code BcTlsCrypto}) and against the published vectors;</li>
 *   <li>the key schedule (master secret RFC 5246 §8.1, extended master secret RFC 7627 §4, key block
 *       RFC 5246 §6.3, Finished verify_data RFC 5246 §7.4.9) against the same PRF computed by BC;</li>
 *   <li>the AEAD record nonces and additional data (RFC 5288 §3, RFC 5246 §6.2.3.3, RFC 6347 §4.1.2.1,
 *       RFC 7905 §2) through {@link AeadProtection}'s public seal/open, against raw JDK ciphers, a
 *       hand-computed nonce table, and Bouncy Castle's own TLS AEAD record cipher.</li>
 * </ol>
 */
class CryptoKnownAnswerTest {
    static final HexFormat HEX = HexFormat.of();
    /** BC's TLS crypto over the JCA (HMAC from the JDK provider, BC's own PRF construction). */
    static final TlsCrypto JCA = new JcaTlsCryptoProvider().create(new SecureRandom());
    /** BC's lightweight TLS crypto: BC's own HMAC and SHA-2, no JDK provider involved. */
    static final TlsCrypto BC = new BcTlsCrypto(new SecureRandom());

    static int bcPrfAlgorithm(PrfHash h) {
        return switch (h) {
            case SHA256 -> PRFAlgorithm.tls_prf_sha256;
            case SHA384 -> PRFAlgorithm.tls_prf_sha384;
            case MD5_SHA1 -> PRFAlgorithm.tls_prf_legacy;
        };
    }

    static byte[] prf(TlsCrypto crypto, PrfHash h, byte[] secret, String label, byte[] seed, int n) {
        return crypto.createSecret(secret).deriveUsingPRF(bcPrfAlgorithm(h), label, seed, n).extract();
    }

    /** The PRF computed by Bouncy Castle; the lightweight provider where the JCA one cannot take the key. */
    static byte[] bcPrf(PrfHash h, byte[] secret, String label, byte[] seed, int n) {
        return prf(secret.length == 0 ? BC : JCA, h, secret, label, seed, n);
    }

    static byte[] bytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) r.nextInt(256);
        return b;
    }

    static String asciiLabel(SplittableRandom r, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append((char) r.nextInt(0x20, 0x7f));
        return sb.toString();
    }

    static byte[] cat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }

    // ===================================================================== (1) PRF

    static final List<String> TLS_LABELS = List.of("master secret", "extended master secret", "key expansion",
            "client finished", "server finished", "test label", "EXPORTER-dtlsj", "");

    /**
     * Random secrets (empty included), labels and seeds (empty included), and output lengths across the
     * hash-block boundaries, against both BC PRFs. Fixed seed: reproducible.
     */
    @ParameterizedTest
    @EnumSource(PrfHash.class)
    void prfMatchesBouncyCastleOnRandomInputs(PrfHash h) {
        SplittableRandom r = new SplittableRandom(5246L * 31 + h.ordinal());
        int hl = h.length;
        int[] edgeLengths = {1, hl - 1, hl, hl + 1, 2 * hl, 2 * hl + 1, 12, 48, 104, 136};
        for (int i = 0; i < 400; i++) {
            byte[] secret = bytes(r, i % 10 == 0 ? 0 : r.nextInt(1, 160)); // up to beyond the HMAC block size
            String label = i % 3 == 0 ? TLS_LABELS.get(r.nextInt(TLS_LABELS.size())) : asciiLabel(r, r.nextInt(0, 40));
            byte[] seed = bytes(r, i % 17 == 0 ? 0 : r.nextInt(1, 200));
            int n = i < edgeLengths.length ? edgeLengths[i] : r.nextInt(1, 400);
            byte[] dtlsj = Prf.compute(h, secret, label, seed, n);
            String what = h + " case " + i + ": secret " + HEX.formatHex(secret) + ", label \"" + label + "\", seed "
                    + HEX.formatHex(seed) + ", " + n + " bytes";
            assertThat(dtlsj).as(what + " vs BcTlsCrypto").isEqualTo(prf(BC, h, secret, label, seed, n));
            if (secret.length > 0) {
                assertThat(dtlsj).as(what + " vs JcaTlsCrypto").isEqualTo(prf(JCA, h, secret, label, seed, n));
            }
        }
    }

    /**
     * An empty secret is legal PRF input (e.g. for testing; RFC 5246 §5 puts no lower bound on it) but not a
     * legal {@code SecretKeySpec}; dtlsj substitutes one zero byte (HMAC zero-pads keys, RFC 2104 §2). BC's
     * lightweight HMAC takes the empty key as is, so this is an independent check of that substitution.
     */
    @ParameterizedTest
    @EnumSource(PrfHash.class)
    void prfWithEmptySecretMatchesBouncyCastle(PrfHash h) {
        SplittableRandom r = new SplittableRandom(2104 + h.ordinal());
        for (int i = 0; i < 50; i++) {
            byte[] seed = bytes(r, r.nextInt(0, 80));
            int n = r.nextInt(1, 200);
            assertThat(Prf.compute(h, new byte[0], "master secret", seed, n)).as("%s empty secret, %d bytes", h, n)
                    .isEqualTo(prf(BC, h, new byte[0], "master secret", seed, n));
        }
        // and the JCA-backed BC provider indeed cannot take it (why BcTlsCrypto is used above)
        assertThatThrownBy(() -> prf(JCA, h, new byte[0], "x", new byte[1], 1)).isInstanceOf(RuntimeException.class);
    }

    /**
     * The published TLS 1.2 PRF vectors, first posted to the IETF TLS working group list
     * (https://www.ietf.org/mail-archive/web/tls/current/msg03416.html) and reproduced, e.g., in
     * github.com/tompetersen/bachelor-thesis, Source/jProtocol/src/test/tls/PseudoRandomFunction.java (P_SHA256,
     * 100 bytes) and github.com/jasonkatonica/OpenJCEPlus,
     * src/test/java/ibm/jceplus/junit/base/BaseTestTLSKeyGenerators.java (P_SHA256 100 bytes and P_SHA384 148 bytes).
     */
    @Test
    void prfPublishedVectors() {
        byte[] out256 = Prf.compute(PrfHash.SHA256, HEX.parseHex("9bbe436ba940f017b17652849a71db35"), "test label",
                HEX.parseHex("a0ba9f936cda311827a6f796ffd5198c"), 100);
        assertThat(HEX.formatHex(out256)).isEqualTo(
                "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a"
                        + "6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab"
                        + "4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff701"
                        + "87347b66");
        byte[] out384 = Prf.compute(PrfHash.SHA384, HEX.parseHex("b80b733d6ceefcdc71566ea48e5567df"), "test label",
                HEX.parseHex("cd665cf6a8447dd6ff8b27555edb7465"), 148);
        assertThat(HEX.formatHex(out384)).isEqualTo(
                "7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cd"
                        + "e9ca0faa60be9fe34f82b1233c9146a0e534cb400fed2700884f9dc236f80edd"
                        + "8bfa961144c9e8d792eca722a7b32fc3d416d473ebc2c5fd4abfdad05d918425"
                        + "9b5bf8cd4d90fa0d31e2dec479e4f1a26066f2eea9a69236a3e52655c9e9aee6"
                        + "91c8f3a26854308d5eaa3be85e0990703d73e56f");
        // BC agrees with the same vectors (so the cross-checks above compare against a verified reference).
        assertThat(prf(JCA, PrfHash.SHA256, HEX.parseHex("9bbe436ba940f017b17652849a71db35"), "test label",
                HEX.parseHex("a0ba9f936cda311827a6f796ffd5198c"), 100)).isEqualTo(out256);
        assertThat(prf(BC, PrfHash.SHA384, HEX.parseHex("b80b733d6ceefcdc71566ea48e5567df"), "test label",
                HEX.parseHex("cd665cf6a8447dd6ff8b27555edb7465"), 148)).isEqualTo(out384);
        // P_hash is a stream: every shorter output is a prefix of the longer one.
        for (int n = 1; n <= 100; n++) {
            assertThat(Prf.compute(PrfHash.SHA256, HEX.parseHex("9bbe436ba940f017b17652849a71db35"), "test label",
                    HEX.parseHex("a0ba9f936cda311827a6f796ffd5198c"), n)).isEqualTo(Arrays.copyOf(out256, n));
        }
    }

    // ===================================================================== (2) key schedule

    @ParameterizedTest
    @EnumSource(PrfHash.class)
    void keyScheduleMatchesBouncyCastlePrf(PrfHash h) {
        SplittableRandom r = new SplittableRandom(7627L * 17 + h.ordinal());
        for (int i = 0; i < 40; i++) {
            byte[] pre = bytes(r, i % 2 == 0 ? 32 : 48); // x25519 / P-384 shared secrets
            byte[] cr = bytes(r, 32);
            byte[] sr = bytes(r, 32);
            byte[] sessionHash = bytes(r, h.length);

            // RFC 5246 §8.1: PRF(pre_master_secret, "master secret", ClientHello.random + ServerHello.random)[0..47]
            byte[] ms = KeySchedule.masterSecret(h, pre, cr, sr);
            assertThat(ms).as("master secret, %s #%d", h, i).hasSize(48)
                    .isEqualTo(bcPrf(h, pre, "master secret", cat(cr, sr), 48));
            // RFC 7627 §4: PRF(pre_master_secret, "extended master secret", session_hash)[0..47]
            byte[] ems = KeySchedule.extendedMasterSecret(h, pre, sessionHash);
            assertThat(ems).as("extended master secret, %s #%d", h, i).hasSize(48)
                    .isEqualTo(bcPrf(h, pre, "extended master secret", sessionHash, 48));

            // RFC 5246 §6.3: key_block = PRF(master_secret, "key expansion", server_random + client_random),
            // split client_write_MAC_key, server_write_MAC_key (both empty for AEAD), client_write_key,
            // server_write_key, client_write_IV, server_write_IV.
            for (BulkCipher c : BulkCipher.values()) {
                KeySchedule.TrafficKeys k = KeySchedule.keyBlock(h, c, ms, cr, sr);
                int ml = c.macLength;
                int kl = c.keyLength;
                int ivl = c.fixedIvLength;
                byte[] block = bcPrf(h, ms, "key expansion", cat(sr, cr), 2 * ml + 2 * kl + 2 * ivl);
                String what = h + "/" + c + " #" + i;
                assertThat(k.clientMacKey()).as("client_write_MAC_key " + what).isEqualTo(Arrays.copyOfRange(block, 0, ml));
                assertThat(k.serverMacKey()).as("server_write_MAC_key " + what).isEqualTo(Arrays.copyOfRange(block, ml, 2 * ml));
                int o = 2 * ml;
                assertThat(k.clientKey()).as("client_write_key " + what).isEqualTo(Arrays.copyOfRange(block, o, o + kl));
                assertThat(k.serverKey()).as("server_write_key " + what).isEqualTo(Arrays.copyOfRange(block, o + kl, o + 2 * kl));
                o += 2 * kl;
                assertThat(k.clientIv()).as("client_write_IV " + what).isEqualTo(Arrays.copyOfRange(block, o, o + ivl));
                assertThat(k.serverIv()).as("server_write_IV " + what).isEqualTo(Arrays.copyOfRange(block, o + ivl, o + 2 * ivl));
            }

            // RFC 5246 §7.4.9: PRF(master_secret, finished_label, Hash(handshake_messages))[0..11]
            byte[] transcriptHash = bytes(r, h.length);
            assertThat(KeySchedule.verifyData(h, ms, KeySchedule.CLIENT_FINISHED, transcriptHash))
                    .as("client verify_data %s #%d", h, i).hasSize(12)
                    .isEqualTo(bcPrf(h, ms, "client finished", transcriptHash, 12));
            assertThat(KeySchedule.verifyData(h, ms, KeySchedule.SERVER_FINISHED, transcriptHash))
                    .as("server verify_data %s #%d", h, i).hasSize(12)
                    .isEqualTo(bcPrf(h, ms, "server finished", transcriptHash, 12));
        }
        assertThat(KeySchedule.CLIENT_FINISHED).isEqualTo("client finished");
        assertThat(KeySchedule.SERVER_FINISHED).isEqualTo("server finished");
    }

    // ===================================================================== (3) AEAD nonces

    /** additional_data = epoch(2) || seq(6) || type(1) || version(2) || length(2): RFC 5246 §6.2.3.3, RFC 6347 §4.1.2.1. */
    static byte[] aad(int epoch, long seq, ContentType type, ProtocolVersion v, int plaintextLength) {
        return cat(epochSeq(epoch, seq),
                new byte[] {(byte) type.value(), (byte) v.major(), (byte) v.minor(),
                        (byte) (plaintextLength >>> 8), (byte) plaintextLength});
    }

    /** The DTLS 64-bit seq_num: epoch(2) || sequence_number(6). */
    static byte[] epochSeq(int epoch, long seq) {
        byte[] b = new byte[8];
        b[0] = (byte) (epoch >>> 8);
        b[1] = (byte) epoch;
        for (int i = 0; i < 6; i++) b[2 + i] = (byte) (seq >>> (40 - 8 * i));
        return b;
    }

    /** RFC 5288 §3: nonce = salt(4) || nonce_explicit(8), with dtlsj's nonce_explicit = epoch || seq. */
    static byte[] gcmNonce(byte[] salt, int epoch, long seq) {
        return cat(salt, epochSeq(epoch, seq));
    }

    /** RFC 7905 §2: nonce = IV(12) XOR (0x00000000 || epoch || seq). */
    static byte[] chachaNonce(byte[] iv, int epoch, long seq) {
        byte[] n = iv.clone();
        byte[] s = epochSeq(epoch, seq);
        for (int i = 0; i < 8; i++) n[4 + i] ^= s[i];
        return n;
    }

    static Cipher rawCipher(BulkCipher c, int mode, byte[] key, byte[] nonce) throws Exception {
        Cipher x = Cipher.getInstance(c == BulkCipher.CHACHA20_POLY1305 ? "ChaCha20-Poly1305" : "AES/GCM/NoPadding");
        x.init(mode, new SecretKeySpec(key, c == BulkCipher.CHACHA20_POLY1305 ? "ChaCha20" : "AES"),
                c == BulkCipher.CHACHA20_POLY1305 ? new IvParameterSpec(nonce) : new GCMParameterSpec(128, nonce));
        return x;
    }

    static byte[] seal(AeadProtection p, BulkCipher c, ContentType t, int epoch, long seq, byte[] plain) {
        byte[] out = new byte[plain.length + c.expansion()];
        int n = p.seal(t, ProtocolVersion.DTLS_1_2, epoch, seq, plain, 0, plain.length, out, 0);
        assertThat(n).as("sealed length").isEqualTo(plain.length + c.expansion());
        return out;
    }

    static final int[][] EPOCH_SEQ_EDGES = {{0, 0}, {1, 0}, {1, 1}, {1, 255}, {1, 256}, {2, 0x10000}, {0xffff, 0}};

    /**
     * AES-GCM (RFC 5288 §3): the record carries nonce_explicit = epoch||seq in its first 8 bytes; the
     * fragment after it is exactly what a raw JDK AES/GCM produces with nonce salt||epoch||seq and the
     * RFC 5246/6347 additional data, and a raw JDK decryption of dtlsj's record yields the plaintext.
     */
    @ParameterizedTest
    @EnumSource(value = BulkCipher.class, names = {"AES_128_GCM", "AES_256_GCM"})
    void gcmRecordsMatchRawJdkCipher(BulkCipher c) throws Exception {
        SplittableRandom r = new SplittableRandom(5288L + c.ordinal());
        for (int i = 0; i < 60; i++) {
            byte[] key = bytes(r, c.keyLength);
            byte[] salt = bytes(r, 4);
            int epoch;
            long seq;
            if (i < EPOCH_SEQ_EDGES.length) {
                epoch = EPOCH_SEQ_EDGES[i][0];
                seq = EPOCH_SEQ_EDGES[i][1];
            } else if (i == EPOCH_SEQ_EDGES.length) {
                epoch = 0xffff;
                seq = (1L << 48) - 1; // the largest DTLS sequence number
            } else {
                epoch = r.nextInt(0, 0x10000);
                seq = r.nextLong(0, 1L << 48);
            }
            ContentType type = i % 3 == 0 ? ContentType.HANDSHAKE : i % 3 == 1 ? ContentType.APPLICATION_DATA
                    : ContentType.ALERT;
            byte[] plain = bytes(r, i % 11 == 0 ? 0 : r.nextInt(1, 1400));
            String what = c + " epoch " + epoch + " seq " + seq + " type " + type + " len " + plain.length;

            byte[] rec = seal(new AeadProtection(c, key, salt), c, type, epoch, seq, plain);
            byte[] nonce = gcmNonce(salt, epoch, seq);
            assertThat(Arrays.copyOfRange(rec, 0, 8)).as("explicit nonce = epoch||seq, " + what)
                    .isEqualTo(epochSeq(epoch, seq));

            Cipher enc = rawCipher(c, Cipher.ENCRYPT_MODE, key, nonce);
            enc.updateAAD(aad(epoch, seq, type, ProtocolVersion.DTLS_1_2, plain.length));
            assertThat(Arrays.copyOfRange(rec, 8, rec.length)).as("ciphertext||tag, " + what).isEqualTo(enc.doFinal(plain));

            Cipher dec = rawCipher(c, Cipher.DECRYPT_MODE, key, cat(salt, Arrays.copyOfRange(rec, 0, 8)));
            dec.updateAAD(aad(epoch, seq, type, ProtocolVersion.DTLS_1_2, plain.length));
            assertThat(dec.doFinal(rec, 8, rec.length - 8)).as("raw JDK opens dtlsj's record, " + what).isEqualTo(plain);

            // dtlsj opens it, and refuses it under another (epoch, seq) or type: both are authenticated data.
            AeadProtection reader = new AeadProtection(c, key, salt);
            byte[] back = new byte[plain.length];
            assertThat(reader.open(type, ProtocolVersion.DTLS_1_2, epoch, seq, rec, 0, rec.length, back, 0))
                    .isEqualTo(plain.length);
            assertThat(back).isEqualTo(plain);
            assertThat(reader.open(type, ProtocolVersion.DTLS_1_2, epoch, seq ^ 1, rec, 0, rec.length, back, 0))
                    .as("wrong seq in AAD").isEqualTo(-1);
            assertThat(reader.open(ContentType.CHANGE_CIPHER_SPEC, ProtocolVersion.DTLS_1_2, epoch, seq, rec, 0,
                    rec.length, back, 0)).as("wrong type in AAD").isEqualTo(-1);
        }
    }

    /**
     * ChaCha20-Poly1305 (RFC 7905 §2): nothing explicit in the record; the fragment is exactly a raw JDK
     * ChaCha20-Poly1305 encryption with nonce IV XOR (0^32 || epoch || seq), and the raw JDK cipher opens it.
     */
    @Test
    void chachaRecordsMatchRawJdkCipher() throws Exception {
        BulkCipher c = BulkCipher.CHACHA20_POLY1305;
        SplittableRandom r = new SplittableRandom(7905L);
        for (int i = 0; i < 60; i++) {
            byte[] key = bytes(r, 32);
            byte[] iv = bytes(r, 12);
            int epoch;
            long seq;
            if (i < EPOCH_SEQ_EDGES.length) {
                epoch = EPOCH_SEQ_EDGES[i][0];
                seq = EPOCH_SEQ_EDGES[i][1];
            } else if (i == EPOCH_SEQ_EDGES.length) {
                epoch = 0xffff;
                seq = (1L << 48) - 1;
            } else {
                epoch = r.nextInt(0, 0x10000);
                seq = r.nextLong(0, 1L << 48);
            }
            ContentType type = i % 2 == 0 ? ContentType.APPLICATION_DATA : ContentType.HANDSHAKE;
            byte[] plain = bytes(r, i % 11 == 0 ? 0 : r.nextInt(1, 1400));
            String what = "epoch " + epoch + " seq " + seq + " len " + plain.length;

            byte[] rec = seal(new AeadProtection(c, key, iv), c, type, epoch, seq, plain);
            assertThat(rec).hasSize(plain.length + 16);
            byte[] nonce = chachaNonce(iv, epoch, seq);

            Cipher enc = rawCipher(c, Cipher.ENCRYPT_MODE, key, nonce);
            enc.updateAAD(aad(epoch, seq, type, ProtocolVersion.DTLS_1_2, plain.length));
            assertThat(rec).as("ciphertext||tag, " + what).isEqualTo(enc.doFinal(plain));

            Cipher dec = rawCipher(c, Cipher.DECRYPT_MODE, key, nonce);
            dec.updateAAD(aad(epoch, seq, type, ProtocolVersion.DTLS_1_2, plain.length));
            assertThat(dec.doFinal(rec)).as("raw JDK opens dtlsj's record, " + what).isEqualTo(plain);

            AeadProtection reader = new AeadProtection(c, key, iv);
            byte[] back = new byte[plain.length];
            assertThat(reader.open(type, ProtocolVersion.DTLS_1_2, epoch, seq, rec, 0, rec.length, back, 0))
                    .isEqualTo(plain.length);
            assertThat(back).isEqualTo(plain);
            assertThat(reader.open(type, ProtocolVersion.DTLS_1_2, epoch ^ 1, seq, rec, 0, rec.length, back, 0))
                    .as("wrong epoch changes nonce and AAD").isEqualTo(-1);
        }
    }

    /** One row of the hand-computed nonce table. */
    record NonceRow(String fixedIv, int epoch, long seq, String nonce) {
    }

    /*
     * AES-GCM, RFC 5288 §3: nonce = salt (the 4-byte client/server_write_IV) || nonce_explicit, and dtlsj
     * sends nonce_explicit = epoch (2 bytes) || sequence_number (6 bytes), big-endian. Worked by hand:
     *
     *   salt      epoch   seq              nonce
     *   00000000  0x0000  0x000000000000   00000000 0000 000000000000
     *   a0a1a2a3  0x0001  0x000000000000   a0a1a2a3 0001 000000000000
     *   12345678  0x0002  0x000000000100   12345678 0002 000000000100   (seq 256)
     *   deadbeef  0x0102  0x030405060708   deadbeef 0102 030405060708
     *   ffffffff  0xffff  0xffffffffffff   ffffffff ffff ffffffffffff   (last epoch, last seq 2^48-1)
     */
    static final List<NonceRow> GCM_TABLE = List.of(
            new NonceRow("00000000", 0, 0L, "000000000000000000000000"),
            new NonceRow("a0a1a2a3", 1, 0L, "a0a1a2a30001000000000000"),
            new NonceRow("12345678", 2, 256L, "123456780002000000000100"),
            new NonceRow("deadbeef", 0x0102, 0x030405060708L, "deadbeef0102030405060708"),
            new NonceRow("ffffffff", 0xffff, 0xffff_ffff_ffffL, "ffffffffffffffffffffffff"));

    /*
     * ChaCha20-Poly1305, RFC 7905 §2: the 64-bit epoch||seq is left-padded with four zero bytes and XORed
     * with the 12-byte write IV. Worked by hand (only the last 8 bytes can change):
     *
     *   IV  0102030405060708090a0b0c, epoch 1, seq 1:
     *       pad    00000000 00 01 00 00 00 00 00 01
     *       IV[4:] 05 06 07 08 09 0a 0b 0c  XOR  00 01 00 00 00 00 00 01  =  05 07 07 08 09 0a 0b 0d
     *       nonce  01020304 0507 0708090a0b0d
     *   IV  a0a1a2a3a4a5a6a7a8a9aaab, epoch 0x0102, seq 0x030405060708:
     *       a4^01=a5 a5^02=a7 a6^03=a5 a7^04=a3 a8^05=ad a9^06=af aa^07=ad ab^08=a3
     *       nonce  a0a1a2a3 a5a7a5a3adafada3
     *   IV  070000004041424344454647 (the RFC 8439 §2.8.2 IV), epoch 0, seq 1:
     *       47^01=46, the rest unchanged: nonce 07000000 4041424344454646
     *   IV  ffffffffffffffffffffffff, epoch 0xffff, seq 0xffffffffffff: every XORed byte flips to 00:
     *       nonce  ffffffff 0000000000000000
     *   IV  000000000000000000000000, epoch 0, seq 0: nonce 000000000000000000000000
     */
    static final List<NonceRow> CHACHA_TABLE = List.of(
            new NonceRow("0102030405060708090a0b0c", 1, 1L, "0102030405070708090a0b0d"),
            new NonceRow("a0a1a2a3a4a5a6a7a8a9aaab", 0x0102, 0x030405060708L, "a0a1a2a3a5a7a5a3adafada3"),
            new NonceRow("070000004041424344454647", 0, 1L, "070000004041424344454646"),
            new NonceRow("ffffffffffffffffffffffff", 0xffff, 0xffff_ffff_ffffL, "ffffffff0000000000000000"),
            new NonceRow("000000000000000000000000", 0, 0L, "000000000000000000000000"));

    /**
     * The hand-computed table, checked through dtlsj's public API: for GCM the record's first 8 bytes are the
     * table's last 8, and for both constructions a raw JDK cipher given the table's nonce opens dtlsj's record
     * (an AEAD tag only verifies under the nonce it was made with) while the neighbouring nonce does not.
     */
    @Test
    void nonceKnownAnswerTable() throws Exception {
        byte[] plain = "known answer: RFC 5288 §3 / RFC 7905 §2".getBytes(StandardCharsets.UTF_8);
        for (NonceRow row : GCM_TABLE) {
            assertThat(HEX.formatHex(gcmNonce(HEX.parseHex(row.fixedIv()), row.epoch(), row.seq())))
                    .as("test helper agrees with the hand-computed row %s", row).isEqualTo(row.nonce());
            for (BulkCipher c : List.of(BulkCipher.AES_128_GCM, BulkCipher.AES_256_GCM)) {
                byte[] key = new byte[c.keyLength];
                for (int i = 0; i < key.length; i++) key[i] = (byte) (0x40 + i);
                byte[] rec = seal(new AeadProtection(c, key, HEX.parseHex(row.fixedIv())), c,
                        ContentType.APPLICATION_DATA, row.epoch(), row.seq(), plain);
                assertThat(HEX.formatHex(rec, 0, 8)).as("%s explicit nonce, %s", c, row).isEqualTo(row.nonce().substring(8));
                assertOpensOnlyUnder(c, key, HEX.parseHex(row.nonce()), rec, 8, row, plain);
            }
        }
        for (NonceRow row : CHACHA_TABLE) {
            assertThat(HEX.formatHex(chachaNonce(HEX.parseHex(row.fixedIv()), row.epoch(), row.seq())))
                    .as("test helper agrees with the hand-computed row %s", row).isEqualTo(row.nonce());
            BulkCipher c = BulkCipher.CHACHA20_POLY1305;
            byte[] key = new byte[32];
            for (int i = 0; i < key.length; i++) key[i] = (byte) (0x80 + i);
            byte[] rec = seal(new AeadProtection(c, key, HEX.parseHex(row.fixedIv())), c, ContentType.APPLICATION_DATA,
                    row.epoch(), row.seq(), plain);
            assertOpensOnlyUnder(c, key, HEX.parseHex(row.nonce()), rec, 0, row, plain);
        }
    }

    static void assertOpensOnlyUnder(BulkCipher c, byte[] key, byte[] nonce, byte[] rec, int off, NonceRow row,
                                     byte[] plain) throws Exception {
        byte[] aad = aad(row.epoch(), row.seq(), ContentType.APPLICATION_DATA, ProtocolVersion.DTLS_1_2, plain.length);
        Cipher ok = rawCipher(c, Cipher.DECRYPT_MODE, key, nonce);
        ok.updateAAD(aad);
        assertThat(ok.doFinal(rec, off, rec.length - off)).as("%s opens under table nonce, %s", c, row).isEqualTo(plain);
        byte[] other = nonce.clone();
        other[11] ^= 1;
        Cipher bad = rawCipher(c, Cipher.DECRYPT_MODE, key, other);
        bad.updateAAD(aad);
        assertThatThrownBy(() -> bad.doFinal(rec, off, rec.length - off)).as("%s neighbouring nonce, %s", c, row)
                .isInstanceOf(javax.crypto.AEADBadTagException.class);
    }

    // ===================================================================== BC's record cipher (optional check)

    /**
     * Bouncy Castle's own TLS 1.2 AEAD record cipher ({@code TlsAEADCipher}, keyed by BC's key-block
     * derivation from the same master secret and randoms) against dtlsj's key block + {@link AeadProtection}:
     * identical sealed fragments in both directions for DTLS seq_num = epoch << 48 | seq, and each opens the
     * other's records.
     *
     * <p>BC builds its cipher from a {@code TlsContext}; there is no public way to make one outside a
     * handshake, so a proxy supplies it and the {@code SecurityParameters} fields are set reflectively.
     */
    @ParameterizedTest
    @EnumSource(value = BulkCipher.class, mode = EnumSource.Mode.MATCH_NONE, names = ".*_CBC_.*")
    void bouncyCastleRecordCipherAgrees(BulkCipher c) throws Exception {
        PrfHash h = c == BulkCipher.AES_256_GCM ? PrfHash.SHA384 : PrfHash.SHA256;
        SplittableRandom r = new SplittableRandom(6347L + c.ordinal());
        byte[] ms = bytes(r, 48);
        byte[] cr = bytes(r, 32);
        byte[] sr = bytes(r, 32);
        KeySchedule.TrafficKeys k = KeySchedule.keyBlock(h, c, ms, cr, sr);
        int bcEnc = switch (c) {
            case AES_128_GCM -> EncryptionAlgorithm.AES_128_GCM;
            case AES_256_GCM -> EncryptionAlgorithm.AES_256_GCM;
            case CHACHA20_POLY1305 -> EncryptionAlgorithm.CHACHA20_POLY1305;
            case AES_128_CCM -> EncryptionAlgorithm.AES_128_CCM;
            case AES_256_CCM -> EncryptionAlgorithm.AES_256_CCM;
            case AES_128_CCM_8 -> EncryptionAlgorithm.AES_128_CCM_8;
            case AES_256_CCM_8 -> EncryptionAlgorithm.AES_256_CCM_8;
            default -> throw new AssertionError(c + " is not an AEAD");
        };
        // BcTlsCrypto: BC's own AES-GCM / ChaCha20-Poly1305 / AES-CCM engines. JcaTlsCrypto as well where
        // the JDK provider can serve it (its ChaCha20-Poly1305 asks for BC's JCA name "ChaCha7539", and the
        // JDK has no AES-CCM).
        List<TlsCrypto> cryptos = c == BulkCipher.AES_128_GCM || c == BulkCipher.AES_256_GCM ? List.of(BC, JCA) : List.of(BC);
        for (TlsCrypto crypto : cryptos) {
            recordsAgree(c, crypto, bcCipher(crypto, true, h, bcEnc, ms, cr, sr), bcCipher(crypto, false, h, bcEnc, ms, cr, sr),
                    k, r);
        }
    }

    static void recordsAgree(BulkCipher c, TlsCrypto crypto, TlsCipher bcClient, TlsCipher bcServer,
                             KeySchedule.TrafficKeys k, SplittableRandom r) throws Exception {
        org.bouncycastle.tls.ProtocolVersion dtls12 = org.bouncycastle.tls.ProtocolVersion.DTLSv12;
        for (int i = 0; i < 20; i++) {
            int epoch = i == 0 ? 1 : r.nextInt(1, 0x10000);
            long seq = i == 1 ? (1L << 48) - 1 : r.nextLong(0, 1L << 48);
            long seqNum = ((long) epoch << 48) | seq;
            byte[] plain = bytes(r, i % 7 == 0 ? 0 : r.nextInt(1, 1200));
            String what = c + " via " + crypto.getClass().getSimpleName() + " epoch " + epoch + " seq " + seq
                    + " len " + plain.length;

            // client -> server: dtlsj's client write state vs BC's client cipher
            byte[] mine = seal(new AeadProtection(c, k.clientKey(), k.clientIv()), c, ContentType.APPLICATION_DATA,
                    epoch, seq, plain);
            TlsEncodeResult theirs = bcClient.encodePlaintext(seqNum, (short) 23, dtls12, 0, plain, 0, plain.length);
            assertThat(Arrays.copyOfRange(theirs.buf, theirs.off, theirs.off + theirs.len))
                    .as("BC client record = dtlsj client record, " + what).isEqualTo(mine);
            TlsDecodeResult opened = bcServer.decodeCiphertext(seqNum, (short) 23, dtls12, mine, 0, mine.length);
            assertThat(Arrays.copyOfRange(opened.buf, opened.off, opened.off + opened.len))
                    .as("BC server opens dtlsj client record, " + what).isEqualTo(plain);

            // server -> client: BC's server record opened by dtlsj's client read state
            TlsEncodeResult fromServer = bcServer.encodePlaintext(seqNum, (short) 22, dtls12, 0, plain, 0, plain.length);
            byte[] rec = Arrays.copyOfRange(fromServer.buf, fromServer.off, fromServer.off + fromServer.len);
            assertThat(rec).as("dtlsj server record = BC server record, " + what)
                    .isEqualTo(seal(new AeadProtection(c, k.serverKey(), k.serverIv()), c, ContentType.HANDSHAKE,
                            epoch, seq, plain));
            byte[] back = new byte[plain.length];
            assertThat(new AeadProtection(c, k.serverKey(), k.serverIv())
                    .open(ContentType.HANDSHAKE, ProtocolVersion.DTLS_1_2, epoch, seq, rec, 0, rec.length, back, 0))
                    .as("dtlsj opens BC server record, " + what).isEqualTo(plain.length);
            assertThat(back).isEqualTo(plain);
        }
    }

    static TlsCipher bcCipher(TlsCrypto crypto, boolean client, PrfHash h, int encryptionAlgorithm, byte[] ms,
                              byte[] cr, byte[] sr) throws Exception {
        SecurityParameters sp = new SecurityParameters();
        setField(sp, "entity", client ? ConnectionEnd.client : ConnectionEnd.server);
        setField(sp, "prfAlgorithm", bcPrfAlgorithm(h));
        setField(sp, "prfCryptoHashAlgorithm", h == PrfHash.SHA256
                ? org.bouncycastle.tls.crypto.CryptoHashAlgorithm.sha256
                : org.bouncycastle.tls.crypto.CryptoHashAlgorithm.sha384);
        setField(sp, "prfHashLength", h.length);
        setField(sp, "masterSecret", crypto.createSecret(ms));
        setField(sp, "clientRandom", cr);
        setField(sp, "serverRandom", sr);
        setField(sp, "negotiatedVersion", org.bouncycastle.tls.ProtocolVersion.DTLSv12);
        TlsContext ctx = (TlsContext) Proxy.newProxyInstance(TlsContext.class.getClassLoader(),
                new Class<?>[] {TlsContext.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getCrypto" -> crypto;
                    case "getSecurityParameters", "getSecurityParametersConnection", "getSecurityParametersHandshake" -> sp;
                    case "isServer" -> !client;
                    case "getClientVersion", "getServerVersion", "getRSAPreMasterSecretVersion" ->
                            org.bouncycastle.tls.ProtocolVersion.DTLSv12;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "test TlsContext";
                    default -> throw new UnsupportedOperationException("test TlsContext: " + m.getName());
                });
        return crypto.createCipher(new TlsCryptoParameters(ctx), encryptionAlgorithm, MACAlgorithm._null);
    }

    /**
     * CBC records (RFC 5246 §6.2.3.2) with and without encrypt-then-MAC (RFC 7366) against Bouncy
     * Castle's TlsBlockCipher: each side opens the other's records (their IVs are random, so the
     * bytes differ), and a flipped bit anywhere is refused by dtlsj.
     */
    @ParameterizedTest(name = "{0} encrypt-then-MAC {1}")
    @org.junit.jupiter.params.provider.MethodSource("cbcCases")
    void bouncyCastleCbcRecordsOpenBothWays(BulkCipher c, boolean etm) throws Exception {
        PrfHash h = c == BulkCipher.AES_256_CBC_SHA384 ? PrfHash.SHA384 : PrfHash.SHA256;
        SplittableRandom r = new SplittableRandom(7366L + c.ordinal() + (etm ? 100 : 0));
        byte[] ms = bytes(r, 48);
        byte[] cr = bytes(r, 32);
        byte[] sr = bytes(r, 32);
        KeySchedule.TrafficKeys k = KeySchedule.keyBlock(h, c, ms, cr, sr);
        int enc = c.keyLength == 16 ? EncryptionAlgorithm.AES_128_CBC : EncryptionAlgorithm.AES_256_CBC;
        int macAlg = switch (c.macLength) {
            case 20 -> MACAlgorithm.hmac_sha1;
            case 32 -> MACAlgorithm.hmac_sha256;
            default -> MACAlgorithm.hmac_sha384;
        };
        TlsCipher bcClient = bcCbcCipher(BC, true, h, enc, macAlg, etm, ms, cr, sr);
        TlsCipher bcServer = bcCbcCipher(BC, false, h, enc, macAlg, etm, ms, cr, sr);
        org.bouncycastle.tls.ProtocolVersion dtls12 = org.bouncycastle.tls.ProtocolVersion.DTLSv12;
        java.security.SecureRandom rnd = new java.security.SecureRandom();
        for (int i = 0; i < 20; i++) {
            int epoch = 1 + r.nextInt(0, 1000);
            long seq = r.nextLong(0, 1L << 48);
            long seqNum = ((long) epoch << 48) | seq;
            byte[] plain = bytes(r, i % 5 == 0 ? 0 : r.nextInt(1, 1200));
            RecordProtection mine = RecordProtection.of(c, k.clientKey(), k.clientIv(), k.clientMacKey(), etm, rnd);
            byte[] rec = new byte[plain.length + c.expansion()];
            int n = mine.seal(ContentType.APPLICATION_DATA, ProtocolVersion.DTLS_1_2, epoch, seq, plain, 0, plain.length, rec, 0);
            TlsDecodeResult opened = bcServer.decodeCiphertext(seqNum, (short) 23, dtls12, rec, 0, n);
            assertThat(Arrays.copyOfRange(opened.buf, opened.off, opened.off + opened.len)).as("BC opens dtlsj's record").isEqualTo(plain);

            TlsEncodeResult theirs = bcServer.encodePlaintext(seqNum, (short) 23, dtls12, 0, plain, 0, plain.length);
            byte[] bcRec = Arrays.copyOfRange(theirs.buf, theirs.off, theirs.off + theirs.len);
            RecordProtection reader = RecordProtection.of(c, k.serverKey(), k.serverIv(), k.serverMacKey(), etm, rnd);
            byte[] back = new byte[bcRec.length];
            assertThat(reader.open(ContentType.APPLICATION_DATA, ProtocolVersion.DTLS_1_2, epoch, seq, bcRec, 0, bcRec.length, back, 0))
                    .as("dtlsj opens BC's record").isEqualTo(plain.length);
            assertThat(Arrays.copyOf(back, plain.length)).isEqualTo(plain);
            int at = r.nextInt(bcRec.length);
            bcRec[at] ^= (byte) (1 << r.nextInt(8));
            assertThat(reader.open(ContentType.APPLICATION_DATA, ProtocolVersion.DTLS_1_2, epoch, seq, bcRec, 0, bcRec.length, back, 0))
                    .as("a flipped bit at %d", at).isEqualTo(-1);
        }
        assertThat(bcClient).isNotNull();
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> cbcCases() {
        return java.util.Arrays.stream(BulkCipher.values()).filter(BulkCipher::isCbc)
                .flatMap(c -> java.util.stream.Stream.of(org.junit.jupiter.params.provider.Arguments.of(c, true),
                        org.junit.jupiter.params.provider.Arguments.of(c, false)));
    }

    static TlsCipher bcCbcCipher(TlsCrypto crypto, boolean client, PrfHash h, int enc, int macAlg, boolean etm, byte[] ms,
                                 byte[] cr, byte[] sr) throws Exception {
        SecurityParameters sp = new SecurityParameters();
        setField(sp, "entity", client ? ConnectionEnd.client : ConnectionEnd.server);
        setField(sp, "prfAlgorithm", bcPrfAlgorithm(h));
        setField(sp, "prfCryptoHashAlgorithm", h == PrfHash.SHA256
                ? org.bouncycastle.tls.crypto.CryptoHashAlgorithm.sha256
                : org.bouncycastle.tls.crypto.CryptoHashAlgorithm.sha384);
        setField(sp, "prfHashLength", h.length);
        setField(sp, "masterSecret", crypto.createSecret(ms));
        setField(sp, "clientRandom", cr);
        setField(sp, "serverRandom", sr);
        setField(sp, "negotiatedVersion", org.bouncycastle.tls.ProtocolVersion.DTLSv12);
        setField(sp, "encryptThenMAC", etm);
        TlsContext ctx = (TlsContext) Proxy.newProxyInstance(TlsContext.class.getClassLoader(),
                new Class<?>[] {TlsContext.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getCrypto" -> crypto;
                    case "getSecurityParameters", "getSecurityParametersConnection", "getSecurityParametersHandshake" -> sp;
                    case "isServer" -> !client;
                    case "getClientVersion", "getServerVersion", "getRSAPreMasterSecretVersion" ->
                            org.bouncycastle.tls.ProtocolVersion.DTLSv12;
                    case "getNonceGenerator" -> crypto.createNonceGenerator(new byte[] {1, 2, 3});
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "test TlsContext";
                    default -> throw new UnsupportedOperationException("test TlsContext: " + m.getName());
                });
        return crypto.createCipher(new TlsCryptoParameters(ctx), enc, macAlg);
    }

    static void setField(Object o, String name, Object value) throws ReflectiveOperationException {
        Field f = SecurityParameters.class.getDeclaredField(name);
        f.setAccessible(true);
        f.set(o, value);
    }
}
