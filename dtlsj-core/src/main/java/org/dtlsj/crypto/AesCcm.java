package org.dtlsj.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in CCM mode (RFC 3610, NIST SP 800-38C), which the JDK does not provide, built on the JDK's
 * AES: CBC-MAC for authentication, CTR for encryption.
 *
 * <p>Both passes are one JCA call each over a scratch buffer, so the AES instructions the JDK
 * uses for CBC and ECB apply to whole records:
 * <ul>
 *   <li>the CBC-MAC is the last block of the CBC encryption, under a zero IV, of
 *       {@code B_0 || encoded AAD || padding || message || padding} (SP 800-38C §6.1), done by
 *       a CBC cipher initialised once ({@code doFinal} returns it to its initial state);</li>
 *   <li>the key stream is the ECB encryption of the counter blocks {@code A_0 .. A_n}.</li>
 * </ul>
 * After the first records have sized the scratch buffers, sealing and opening allocate nothing.
 *
 * <p>Not thread-safe: one instance per direction of a connection, like a {@link Cipher}.
 */
public final class AesCcm {
    private static final int BLOCK = 16;

    private final int tagLength;
    private final Cipher cbc;
    private final Cipher ecb;
    private final byte[] mac = new byte[BLOCK];
    private final byte[] received = new byte[BLOCK];
    private byte[] macInput = new byte[1024];
    private byte[] macOutput = new byte[1024];
    private byte[] keyStream = new byte[1024];
    private byte[] counters = new byte[1024];

    /**
     * @param key 16, 24 or 32 bytes
     * @param tagLength the MAC length M: 4, 6, 8, 10, 12, 14 or 16 (CCM_8 uses 8, CCM 16)
     */
    public AesCcm(byte[] key, int tagLength) {
        if (tagLength < 4 || tagLength > 16 || tagLength % 2 != 0) throw new IllegalArgumentException("CCM tag length " + tagLength);
        this.tagLength = tagLength;
        try {
            SecretKeySpec k = new SecretKeySpec(key, "AES");
            cbc = Cipher.getInstance("AES/CBC/NoPadding");
            cbc.init(Cipher.ENCRYPT_MODE, k, new IvParameterSpec(new byte[BLOCK]));
            ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, k);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("AES key unusable: " + e.getMessage(), e);
        }
    }

    public int tagLength() {
        return tagLength;
    }

    /**
     * Encrypts and authenticates {@code in[inOff, inOff+len)} into {@code out} at {@code outOff}:
     * ciphertext then tag. {@code out} may be {@code in} at the same offset. Returns the bytes
     * written, {@code len + tagLength}.
     */
    public int seal(byte[] nonce, byte[] aad, int aadLen, byte[] in, int inOff, int len, byte[] out, int outOff) {
        cbcMac(nonce, aad, aadLen, in, inOff, len);
        int blocks = counterBlocks(nonce, len);
        for (int i = 0; i < len; i++) out[outOff + i] = (byte) (in[inOff + i] ^ keyStream[BLOCK + i]);
        for (int i = 0; i < tagLength; i++) out[outOff + len + i] = (byte) (mac[i] ^ keyStream[i]);
        clear(blocks);
        return len + tagLength;
    }

    /**
     * Checks and decrypts {@code in[inOff, inOff+len)} (ciphertext then tag) into {@code out}.
     * Returns the plaintext length, or -1 if the tag does not verify; then the bytes of {@code out}
     * it would have filled are zero. {@code out} may be {@code in} at the same offset.
     */
    public int open(byte[] nonce, byte[] aad, int aadLen, byte[] in, int inOff, int len, byte[] out, int outOff) {
        int plain = len - tagLength;
        if (plain < 0) return -1;
        int blocks = counterBlocks(nonce, plain);
        // The received tag, unmasked, kept aside before out (which may alias in) is written.
        for (int i = 0; i < tagLength; i++) received[i] = (byte) (in[inOff + plain + i] ^ keyStream[i]);
        for (int i = 0; i < plain; i++) out[outOff + i] = (byte) (in[inOff + i] ^ keyStream[BLOCK + i]);
        cbcMac(nonce, aad, aadLen, out, outOff, plain);
        int diff = 0;
        for (int i = 0; i < tagLength; i++) diff |= mac[i] ^ received[i];  // constant time
        clear(blocks);
        if (diff != 0) {
            java.util.Arrays.fill(out, outOff, outOff + plain, (byte) 0);  // release nothing unauthenticated
            return -1;
        }
        return plain;
    }

    /** T = the first M bytes of the CBC-MAC of B_0, the encoded AAD and the message (RFC 3610 §2.2), into {@link #mac}. */
    private void cbcMac(byte[] nonce, byte[] aad, int aadLen, byte[] msg, int msgOff, int msgLen) {
        int q = 15 - nonce.length;
        if (q < 2 || q > 8) throw new IllegalArgumentException("CCM nonce of " + nonce.length + " bytes");
        int aadHeader = aadLen == 0 ? 0 : aadLen < 0xff00 ? 2 : 6;
        int aadPadded = pad(aadHeader + aadLen);
        int total = BLOCK + aadPadded + pad(msgLen);
        if (macInput.length < total) {
            macInput = new byte[total];
            macOutput = new byte[total];
        }
        byte[] b = macInput;
        // B_0: flags, nonce, l(m) in q bytes.
        b[0] = (byte) ((aadLen > 0 ? 0x40 : 0) | (((tagLength - 2) / 2) << 3) | (q - 1));
        System.arraycopy(nonce, 0, b, 1, nonce.length);
        long m = msgLen;
        for (int i = 15; i > nonce.length; i--, m >>>= 8) b[i] = (byte) m;
        int p = BLOCK;
        if (aadLen > 0) {
            if (aadHeader == 2) {
                b[p++] = (byte) (aadLen >>> 8);
                b[p++] = (byte) aadLen;
            } else {
                b[p++] = (byte) 0xff;
                b[p++] = (byte) 0xfe;
                for (int s = 24; s >= 0; s -= 8) b[p++] = (byte) (aadLen >>> s);
            }
            System.arraycopy(aad, 0, b, p, aadLen);
            p += aadLen;
            while (p < BLOCK + aadPadded) b[p++] = 0;
        }
        System.arraycopy(msg, msgOff, b, p, msgLen);
        p += msgLen;
        while (p < total) b[p++] = 0;
        try {
            cbc.doFinal(b, 0, total, macOutput, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC failed", e);
        }
        System.arraycopy(macOutput, total - BLOCK, mac, 0, BLOCK);
    }

    /** The key stream S_0 || S_1 .. S_n for a message of {@code msgLen} bytes, into {@link #keyStream}; returns its length. */
    private int counterBlocks(byte[] nonce, int msgLen) {
        int q = 15 - nonce.length;
        if (q < 2 || q > 8) throw new IllegalArgumentException("CCM nonce of " + nonce.length + " bytes");
        int n = BLOCK + pad(msgLen);
        if (keyStream.length < n) {
            keyStream = new byte[n];
            counters = new byte[n];
        }
        byte[] a = counters;
        for (int off = 0, i = 0; off < n; off += BLOCK, i++) {
            a[off] = (byte) (q - 1);
            System.arraycopy(nonce, 0, a, off + 1, nonce.length);
            long c = i;
            for (int j = off + 15; j > off + nonce.length; j--, c >>>= 8) a[j] = (byte) c;
        }
        try {
            // Into another buffer: in place, the JDK would copy the input first.
            ecb.update(a, 0, n, keyStream, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-ECB failed", e);
        }
        return n;
    }

    private void clear(int keyStreamLength) {
        java.util.Arrays.fill(keyStream, 0, keyStreamLength, (byte) 0);
        java.util.Arrays.fill(mac, (byte) 0);
    }

    private static int pad(int n) {
        return (n + BLOCK - 1) / BLOCK * BLOCK;
    }
}
