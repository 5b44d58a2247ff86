package org.dtlsj.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.dtlsj.config.PrfHash;

/**
 * The TLS 1.2 pseudorandom function (RFC 5246 §5):
 * <pre>
 * P_hash(secret, seed) = HMAC_hash(secret, A(1) + seed) + HMAC_hash(secret, A(2) + seed) + ...
 * A(0) = seed, A(i) = HMAC_hash(secret, A(i-1))
 * PRF(secret, label, seed) = P_&lt;hash&gt;(secret, label + seed)
 * </pre>
 */
public final class Prf {
    private Prf() {
    }

    public static byte[] compute(PrfHash hash, byte[] secret, String label, byte[] seed, int length) {
        byte[] labelBytes = label.getBytes(StandardCharsets.US_ASCII);
        byte[] labelSeed = new byte[labelBytes.length + seed.length];
        System.arraycopy(labelBytes, 0, labelSeed, 0, labelBytes.length);
        System.arraycopy(seed, 0, labelSeed, labelBytes.length, seed.length);
        if (hash == PrfHash.MD5_SHA1) {
            // RFC 4346 §5: S1 and S2 are the halves of the secret, sharing the middle byte if odd.
            int half = (secret.length + 1) / 2;
            byte[] md5 = pHash("HmacMD5", java.util.Arrays.copyOfRange(secret, 0, half), labelSeed, length);
            byte[] sha1 = pHash("HmacSHA1", java.util.Arrays.copyOfRange(secret, secret.length - half, secret.length), labelSeed, length);
            for (int i = 0; i < length; i++) md5[i] ^= sha1[i];
            return md5;
        }
        return pHash(hash.hmac, secret, labelSeed, length);
    }

    /** P_hash(secret, seed) of RFC 5246 §5, {@code length} bytes. */
    private static byte[] pHash(String hmac, byte[] secret, byte[] labelSeed, int length) {
        try {
            Mac mac = Mac.getInstance(hmac);
            // An empty secret is legal for the PRF but not for SecretKeySpec. HMAC pads short keys with
            // zeros to its block size, so one zero byte is the same key as no bytes (RFC 2104 §2).
            mac.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, hmac));
            byte[] out = new byte[length];
            byte[] a = labelSeed;
            int off = 0;
            while (off < length) {
                a = mac.doFinal(a);
                mac.update(a);
                mac.update(labelSeed);
                byte[] block = mac.doFinal();
                int n = Math.min(block.length, length - off);
                System.arraycopy(block, 0, out, off, n);
                off += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC " + hmac + " unavailable", e);
        }
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
