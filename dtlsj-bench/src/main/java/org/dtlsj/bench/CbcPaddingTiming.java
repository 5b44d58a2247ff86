package org.dtlsj.bench;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.dtlsj.config.BulkCipher;
import org.dtlsj.record.CbcProtection;
import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.ProtocolVersion;

/**
 * How long a MAC-then-encrypt CBC record takes to be refused, by the kind of damage: a bad MAC
 * under good padding, and bad paddings of several lengths (the padding oracle of Lucky Thirteen
 * and of AlFardan and Paterson's DTLS attack). Each kind is timed many times, interleaved, and the
 * medians are compared with the spread of the measurement itself. A measurement, not a test:
 * {@code dtlsj-bench/run-bench --cbc-timing}.
 */
public final class CbcPaddingTiming {
    private CbcPaddingTiming() {
    }

    public static void main(String[] args) throws Exception {
        BulkCipher c = BulkCipher.AES_128_CBC_SHA256;
        byte[] key = new byte[16];
        byte[] macKey = new byte[32];
        new SecureRandom().nextBytes(key);
        new SecureRandom().nextBytes(macKey);
        CbcProtection reader = new CbcProtection(c, key, macKey, false, new SecureRandom());
        int plain = 1000; // 1000 + 32-byte MAC leaves 8 bytes of padding
        String[] names = {"good padding, bad MAC", "padding length 0 (MAC moves)", "bad padding (length 15)", "bad padding (length 255)"};
        byte[][] records = new byte[names.length][];
        for (int k = 0; k < names.length; k++) records[k] = record(c, key, macKey, plain, k);
        byte[] out = new byte[2048];
        int rounds = Integer.getInteger("dtlsj.bench.cbcRounds", 200_000);
        long[][] t = new long[names.length][rounds];
        for (int warm = 0; warm < 50_000; warm++) {
            for (byte[] r : records) reader.open(ContentType.APPLICATION_DATA, ProtocolVersion.DTLS_1_2, 1, 7, r, 0, r.length, out, 0);
        }
        for (int i = 0; i < rounds; i++) {
            for (int k = 0; k < names.length; k++) {
                byte[] r = records[(k + i) % names.length];
                long s = System.nanoTime();
                int n = reader.open(ContentType.APPLICATION_DATA, ProtocolVersion.DTLS_1_2, 1, 7, r, 0, r.length, out, 0);
                t[(k + i) % names.length][i] = System.nanoTime() - s;
                if (n != -1) throw new IllegalStateException("a damaged record opened");
            }
        }
        System.out.printf(Locale.ROOT, "MAC-then-encrypt %s, %d-byte records, %,d rounds each (ns to refuse one):%n", c, plain, rounds);
        double base = 0;
        for (int k = 0; k < names.length; k++) {
            long[] s = t[k].clone();
            Arrays.sort(s);
            double median = s[s.length / 2];
            double iqr = s[s.length * 3 / 4] - s[s.length / 4];
            if (k == 0) base = median;
            System.out.printf(Locale.ROOT, "  %-28s median %7.0f  IQR %6.0f  difference from the first %+6.0f%n", names[k], median, iqr,
                    median - base);
        }
    }

    /** A record of {@code plain} bytes with a good MAC and padding, then damaged as kind {@code k} says. */
    static byte[] record(BulkCipher c, byte[] key, byte[] macKey, int plain, int k) throws Exception {
        Mac mac = Mac.getInstance(c.macAlgorithm);
        mac.init(new SecretKeySpec(macKey, c.macAlgorithm));
        byte[] data = new byte[plain];
        mac.update(new byte[] {0, 1, 0, 0, 0, 0, 0, 7, 23, (byte) 254, (byte) 253, (byte) (plain >>> 8), (byte) plain});
        byte[] tag = mac.doFinal(data);
        int body = plain + tag.length;
        int pad = 16 - body % 16;
        byte[] rec = new byte[16 + body + pad];
        System.arraycopy(tag, 0, rec, 16 + plain, tag.length);
        for (int i = 0; i < pad; i++) rec[16 + body + i] = (byte) (pad - 1);
        switch (k) {
            case 0 -> rec[16 + plain] ^= 1;                              // MAC
            case 1 -> rec[rec.length - 1] = (byte) (pad == 1 ? 5 : 0);    // padding length disagrees with the bytes
            case 2 -> rec[rec.length - 1] = 15;
            default -> rec[rec.length - 1] = (byte) 255;
        }
        Cipher enc = Cipher.getInstance("AES/CBC/NoPadding");
        enc.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
        return enc.doFinal(rec);
    }
}
