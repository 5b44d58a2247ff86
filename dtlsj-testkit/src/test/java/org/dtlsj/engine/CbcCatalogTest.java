package org.dtlsj.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.dtlsj.config.BulkCipher;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.record.CbcProtection;
import org.dtlsj.testkit.EnginePair;
import org.dtlsj.testkit.LinkConditions;
import org.dtlsj.testkit.TestPki;
import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.ProtocolVersion;
import org.junit.jupiter.api.Test;

/** Security catalog: CBC records (RFC 5246 §6.2.3.2, RFC 7366) that must be dropped. */
class CbcCatalogTest {
    static final long BUDGET = EnginePair.DEFAULT_BUDGET_NANOS;
    static final TestPki.Credential CRED = TestPki.ecdsaP256();
    static final ProtocolVersion V = ProtocolVersion.DTLS_1_2;

    static EnginePair established(boolean etm) {
        DtlsConfig server = DtlsConfig.builder().credentials(CRED.key(), CRED.chain()).cipherSuites(List.of(CipherSuite.values()))
                .encryptThenMac(etm).build();
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(CRED.root())).encryptThenMac(etm)
                .cipherSuites(List.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA)).build();
        EnginePair p = new EnginePair(client, server, LinkConditions.perfect(), LinkConditions.perfect(), 1);
        assertThat(p.handshake(BUDGET)).isTrue();
        return p;
    }

    static byte[] record(int epoch, long seq, byte[] fragment) {
        byte[] r = new byte[13 + fragment.length];
        r[0] = 23;
        r[1] = (byte) 254;
        r[2] = (byte) 253;
        r[3] = (byte) (epoch >>> 8);
        r[4] = (byte) epoch;
        for (int i = 0; i < 6; i++) r[5 + i] = (byte) (seq >>> (40 - 8 * i));
        r[11] = (byte) (fragment.length >>> 8);
        r[12] = (byte) fragment.length;
        System.arraycopy(fragment, 0, r, 13, fragment.length);
        return r;
    }

    static void stillEchoes(EnginePair p) {
        p.client.received().clear();
        p.client.connection().send("still".getBytes(StandardCharsets.UTF_8), p.net.now());
        p.net.runUntil(() -> !p.client.received().isEmpty(), BUDGET);
        assertThat(p.client.received().get(0)).isEqualTo("still".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void R18_cbcRecordsOfImpossibleLengthsAreDroppedWithoutHarm() {
        for (boolean etm : new boolean[] {true, false}) {
            EnginePair p = established(etm);
            DtlsConnection s = p.server.connection();
            long before = s.stats().droppedBadMac();
            int[] lengths = {0, 1, 15, 16, 17, 31, 32, 33, 47, 48, 63};
            for (int i = 0; i < lengths.length; i++) {
                s.receive(record(1, 1000 + i, new byte[lengths[i]]), p.net.now());
            }
            assertThat(s.stats().droppedBadMac()).as("every one dropped, etm %s", etm).isEqualTo(before + lengths.length);
            assertThat(s.pollApplicationData()).isNull();
            assertThat(s.isConnected()).isTrue();
            stillEchoes(p);
        }
    }

    /**
     * R-19 in its functional part: bad padding and bad MAC are both dropped silently, and nothing
     * about the connection differs afterwards. The timing part is a measurement, not a unit test:
     * {@code dtlsj-bench/run-bench --cbc-timing}.
     */
    @Test
    void R19_badPaddingAndBadMacAreDroppedAlike() {
        EnginePair p = established(false);
        DtlsConnection s = p.server.connection();
        long before = s.stats().droppedBadMac();
        SecureRandom r = new SecureRandom();
        for (int i = 0; i < 100; i++) {
            byte[] frag = new byte[16 + 48 * (1 + i % 3)];
            r.nextBytes(frag); // random ciphertext: bad padding or bad MAC, whichever it decrypts to
            s.receive(record(1, 5000 + i, frag), p.net.now());
        }
        assertThat(s.stats().droppedBadMac()).isEqualTo(before + 100);
        assertThat(s.stats().dropped()).isEqualTo(before + 100);
        stillEchoes(p);
    }

    @Test
    void R20_encryptThenMacRefusesABadMacBeforeDecryptingAndBadPaddingUnderAGoodMac() throws Exception {
        BulkCipher c = BulkCipher.AES_128_CBC_SHA;
        byte[] key = new byte[16];
        byte[] macKey = new byte[20];
        new SecureRandom().nextBytes(key);
        new SecureRandom().nextBytes(macKey);
        CbcProtection reader = new CbcProtection(c, key, macKey, true, new SecureRandom());
        // IV || CBC(plaintext || padding), with the padding bytes wrong, then a MAC that is right.
        byte[] data = new byte[16 + 32];
        for (int i = 16 + 20; i < data.length; i++) data[i] = 11;
        data[data.length - 2] = 10; // one padding byte differs from the length byte (11)
        Cipher enc = Cipher.getInstance("AES/CBC/NoPadding");
        enc.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
        byte[] ct = enc.doFinal(data);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(macKey, "HmacSHA1"));
        mac.update(new byte[] {0, 1, 0, 0, 0, 0, 0, 3, 23, (byte) 254, (byte) 253, 0, (byte) ct.length});
        byte[] tag = mac.doFinal(ct);
        byte[] rec = new byte[ct.length + tag.length];
        System.arraycopy(ct, 0, rec, 0, ct.length);
        System.arraycopy(tag, 0, rec, ct.length, tag.length);
        byte[] out = new byte[rec.length];
        assertThat(reader.open(ContentType.APPLICATION_DATA, V, 1, 3, rec, 0, rec.length, out, 0)).as("good MAC, bad padding").isEqualTo(-1);
        // Fix the padding byte: then it opens, which shows the MAC above was right.
        data[data.length - 2] = 11;
        byte[] ct2 = enc.doFinal(data);
        mac.update(new byte[] {0, 1, 0, 0, 0, 0, 0, 3, 23, (byte) 254, (byte) 253, 0, (byte) ct2.length});
        byte[] tag2 = mac.doFinal(ct2);
        byte[] good = new byte[ct2.length + tag2.length];
        System.arraycopy(ct2, 0, good, 0, ct2.length);
        System.arraycopy(tag2, 0, good, ct2.length, tag2.length);
        assertThat(reader.open(ContentType.APPLICATION_DATA, V, 1, 3, good, 0, good.length, out, 0)).isEqualTo(20);
        // Bad MAC with valid padding: refused (and, RFC 7366 §3, before any decryption).
        good[good.length - 1] ^= 1;
        java.util.Arrays.fill(out, (byte) 0x55);
        assertThat(reader.open(ContentType.APPLICATION_DATA, V, 1, 3, good, 0, good.length, out, 0)).isEqualTo(-1);
        byte[] untouched = new byte[out.length];
        java.util.Arrays.fill(untouched, (byte) 0x55);
        assertThat(out).as("nothing decrypted into the output").isEqualTo(untouched);
    }
}
