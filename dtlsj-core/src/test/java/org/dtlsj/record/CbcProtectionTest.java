package org.dtlsj.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.dtlsj.config.BulkCipher;
import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.ProtocolVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** CBC record protection (RFC 5246 §6.2.3.2, RFC 7366): round trips, tampering, and the padding rules. */
class CbcProtectionTest {
    static final ProtocolVersion V = ProtocolVersion.DTLS_1_2;

    static CbcProtection make(BulkCipher c, boolean etm, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] key = new byte[c.keyLength];
        byte[] mac = new byte[c.macLength];
        for (int i = 0; i < key.length; i++) key[i] = (byte) r.nextInt();
        for (int i = 0; i < mac.length; i++) mac[i] = (byte) r.nextInt();
        return new CbcProtection(c, key, mac, etm, new SecureRandom());
    }

    @ParameterizedTest
    @EnumSource(value = BulkCipher.class, names = ".*_CBC_.*", mode = EnumSource.Mode.MATCH_ANY)
    void everyLengthRoundTripsAndAnyFlippedBitIsRefused(BulkCipher c) {
        for (boolean etm : new boolean[] {true, false}) {
            CbcProtection w = make(c, etm, 1);
            CbcProtection rd = make(c, etm, 1);
            for (int len = 0; len <= 70; len++) {
                byte[] plain = new byte[len];
                Arrays.fill(plain, (byte) len);
                byte[] rec = new byte[len + c.expansion()];
                int n = w.seal(ContentType.APPLICATION_DATA, V, 1, len, plain, 0, len, rec, 0);
                assertThat(n % 16).as("whole blocks%s", etm ? " plus a MAC" : "").isEqualTo(etm ? c.macLength % 16 : 0);
                byte[] out = new byte[n];
                assertThat(rd.open(ContentType.APPLICATION_DATA, V, 1, len, rec, 0, n, out, 0)).isEqualTo(len);
                assertThat(Arrays.copyOf(out, len)).isEqualTo(plain);
                // Another sequence number or type is another MAC: refused.
                assertThat(rd.open(ContentType.APPLICATION_DATA, V, 1, len + 1, rec, 0, n, out, 0)).isEqualTo(-1);
                assertThat(rd.open(ContentType.HANDSHAKE, V, 1, len, rec, 0, n, out, 0)).isEqualTo(-1);
                for (int i = 0; i < n; i += 7) {
                    byte[] bad = Arrays.copyOf(rec, n);
                    bad[i] ^= 0x20;
                    assertThat(rd.open(ContentType.APPLICATION_DATA, V, 1, len, bad, 0, n, out, 0)).as("bit at %d", i).isEqualTo(-1);
                }
                assertThat(rd.open(ContentType.APPLICATION_DATA, V, 1, len, rec, 0, n - 1, out, 0)).as("truncated").isEqualTo(-1);
            }
        }
    }

    /**
     * MAC-then-encrypt: a record whose MAC is right but whose padding is not (the padding-oracle
     * probe of Lucky Thirteen and of AlFardan and Paterson) is refused exactly like a bad MAC.
     */
    @ParameterizedTest
    @EnumSource(value = BulkCipher.class, names = ".*_CBC_.*", mode = EnumSource.Mode.MATCH_ANY)
    void badPaddingUnderAGoodMacIsRefused(BulkCipher c) throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        byte[] key = new byte[c.keyLength];
        byte[] macKey = new byte[c.macLength];
        for (int i = 0; i < key.length; i++) key[i] = (byte) r.nextInt();
        for (int i = 0; i < macKey.length; i++) macKey[i] = (byte) r.nextInt();
        CbcProtection rd = new CbcProtection(c, key, macKey, false, new SecureRandom());
        byte[] plain = "attack at dawn".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int variant = 0; variant < 3; variant++) {
            // IV block, plaintext, MAC, then padding built by hand.
            Mac mac = Mac.getInstance(c.macAlgorithm);
            mac.init(new SecretKeySpec(macKey, c.macAlgorithm));
            mac.update(new byte[] {0, 1, 0, 0, 0, 0, 0, 9, 23, (byte) 254, (byte) 253, 0, (byte) plain.length});
            byte[] tag = mac.doFinal(plain);
            int body = plain.length + tag.length;
            int pad = 16 - body % 16;
            byte[] data = new byte[16 + body + pad];
            System.arraycopy(plain, 0, data, 16, plain.length);
            System.arraycopy(tag, 0, data, 16 + plain.length, tag.length);
            for (int i = 0; i < pad; i++) data[16 + body + i] = (byte) (pad - 1);
            if (variant == 1 && pad > 1) data[16 + body] ^= 1;               // one padding byte wrong
            if (variant == 2) data[data.length - 1] = (byte) 200;            // a padding length too long
            Cipher enc = Cipher.getInstance("AES/CBC/NoPadding");
            enc.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
            byte[] rec = enc.doFinal(data);
            byte[] out = new byte[rec.length];
            int expect = variant == 0 || (variant == 1 && pad == 1) ? plain.length : -1;
            assertThat(rd.open(ContentType.APPLICATION_DATA, V, 1, 9, rec, 0, rec.length, out, 0)).as("variant %d", variant).isEqualTo(expect);
        }
    }
}
