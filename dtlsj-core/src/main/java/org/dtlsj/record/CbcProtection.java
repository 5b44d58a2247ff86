package org.dtlsj.record;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.dtlsj.config.BulkCipher;
import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.ProtocolVersion;

/**
 * Block cipher record protection (RFC 5246 §6.2.3.2, RFC 6347 §4.1.2.1) with AES-CBC, an explicit
 * IV per record, and HMAC either over the plaintext (MAC-then-encrypt) or, when negotiated, over
 * the ciphertext (encrypt-then-MAC, RFC 7366):
 * <pre>
 * MAC(MAC_write_key, seq_num + type + version + length + fragment)      seq_num = epoch || sequence
 * MtE:  IV || CBC(fragment || MAC || padding)
 * EtM:  IV || CBC(fragment || padding) || MAC(... length of IV and ciphertext, IV || ciphertext)
 * </pre>
 *
 * <p>The explicit IV is the encryption of a random block: each record is sealed as the CBC
 * encryption, under a zero IV, of a fresh random block followed by the data, and opened by
 * decrypting everything and dropping the first block. So each direction keeps one cipher,
 * initialised once, and nothing is allocated per record.
 *
 * <p>MAC-then-encrypt is opened in constant time with respect to the padding (the Lucky Thirteen
 * attack, AlFardan and Paterson's plaintext recovery in DTLS): the padding bytes are checked
 * over a fixed span without branching, the MAC is computed over the length the padding implies,
 * and the hash is then fed enough dummy blocks that the number of compression function calls does
 * not depend on the padding. Every failure returns -1 after the same work.
 */
public final class CbcProtection implements RecordProtection {
    static final int BLOCK = 16;
    /** seq_num(8) type(1) version(2) length(2). */
    static final int MAC_HEADER = 13;

    private final BulkCipher suite;
    private final SecretKeySpec key;
    private final boolean encryptThenMac;
    private final SecureRandom random;
    private final Mac mac;
    private final int macLength;
    /** The hash's block size and the bytes its padding appends at least (SHA-1/256: 64 and 9; SHA-384: 128 and 17). */
    private final int hashBlock;
    private final int hashPadMin;
    private Cipher encryptor;
    private Cipher decryptor;
    private final byte[] header = new byte[MAC_HEADER];
    private final byte[] macOut;
    private final byte[] iv = new byte[BLOCK];
    private final byte[] dummy;
    private byte[] scratch = new byte[2048];

    public CbcProtection(BulkCipher suite, byte[] encKey, byte[] macKey, boolean encryptThenMac, SecureRandom random) {
        if (!suite.isCbc() || encKey.length != suite.keyLength || macKey.length != suite.macLength) {
            throw new IllegalArgumentException("keys of wrong length for " + suite);
        }
        this.suite = suite;
        this.key = new SecretKeySpec(encKey, "AES");
        this.encryptThenMac = encryptThenMac;
        this.random = random;
        this.macLength = suite.macLength;
        this.macOut = new byte[macLength];
        boolean sha384 = suite.macAlgorithm.equals("HmacSHA384");
        this.hashBlock = sha384 ? 128 : 64;
        this.hashPadMin = sha384 ? 17 : 9;
        this.dummy = new byte[hashBlock * 8];
        try {
            mac = Mac.getInstance(suite.macAlgorithm);
            mac.init(new SecretKeySpec(macKey, suite.macAlgorithm));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(suite.macAlgorithm + " unavailable", e);
        }
    }

    public boolean encryptThenMac() {
        return encryptThenMac;
    }

    @Override
    public int expansion() {
        return suite.expansion();
    }

    private Cipher cipher(int mode) {
        try {
            if (mode == Cipher.ENCRYPT_MODE) {
                if (encryptor == null) {
                    encryptor = Cipher.getInstance("AES/CBC/NoPadding");
                    encryptor.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(new byte[BLOCK]));
                }
                return encryptor;
            }
            if (decryptor == null) {
                decryptor = Cipher.getInstance("AES/CBC/NoPadding");
                decryptor.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(new byte[BLOCK]));
            }
            return decryptor;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC unavailable", e);
        }
    }

    private void header(ContentType type, ProtocolVersion v, int epoch, long seq, int length) {
        header[0] = (byte) (epoch >>> 8);
        header[1] = (byte) epoch;
        for (int i = 0; i < 6; i++) header[2 + i] = (byte) (seq >>> (40 - 8 * i));
        header[8] = (byte) type.value();
        header[9] = (byte) v.major();
        header[10] = (byte) v.minor();
        header[11] = (byte) (length >>> 8);
        header[12] = (byte) length;
    }

    private byte[] scratch(int n) {
        if (scratch.length < n) scratch = new byte[n];
        return scratch;
    }

    @Override
    public int seal(ContentType type, ProtocolVersion version, int epoch, long seq, byte[] in, int inOff, int len,
                    byte[] out, int outOff) {
        int body = encryptThenMac ? len : len + macLength;
        int pad = BLOCK - (body % BLOCK); // 1..16 bytes, each holding pad - 1
        int total = BLOCK + body + pad;
        byte[] s = scratch(total);
        random.nextBytes(iv);
        System.arraycopy(iv, 0, s, 0, BLOCK);
        System.arraycopy(in, inOff, s, BLOCK, len);
        int p = BLOCK + len;
        if (!encryptThenMac) {
            header(type, version, epoch, seq, len);
            mac.update(header);
            mac.update(in, inOff, len);
            doFinal(s, p);
            p += macLength;
        }
        for (int i = 0; i < pad; i++) s[p++] = (byte) (pad - 1);
        try {
            cipher(Cipher.ENCRYPT_MODE).doFinal(s, 0, total, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC seal failed", e);
        }
        if (!encryptThenMac) return total;
        header(type, version, epoch, seq, total);
        mac.update(header);
        mac.update(out, outOff, total);
        doFinal(out, outOff + total);
        return total + macLength;
    }

    private void doFinal(byte[] to, int at) {
        try {
            mac.doFinal(to, at);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC failed", e);
        }
    }

    @Override
    public int open(ContentType type, ProtocolVersion version, int epoch, long seq, byte[] in, int inOff, int len,
                    byte[] out, int outOff) {
        return encryptThenMac ? openEtm(type, version, epoch, seq, in, inOff, len, out, outOff)
                : openMte(type, version, epoch, seq, in, inOff, len, out, outOff);
    }

    /** RFC 7366 §3: the MAC over IV and ciphertext first; nothing is decrypted unless it verifies. */
    private int openEtm(ContentType type, ProtocolVersion version, int epoch, long seq, byte[] in, int inOff, int len,
                        byte[] out, int outOff) {
        int ct = len - macLength;
        if (ct < 2 * BLOCK || ct % BLOCK != 0) return -1;
        header(type, version, epoch, seq, ct);
        mac.update(header);
        mac.update(in, inOff, ct);
        doFinal(macOut, 0);
        int macDiff = 0;
        for (int i = 0; i < macLength; i++) macDiff |= macOut[i] ^ in[inOff + ct + i];
        if (macDiff != 0) return -1;
        byte[] s = scratch(ct);
        try {
            cipher(Cipher.DECRYPT_MODE).doFinal(in, inOff, ct, s, 0);
        } catch (GeneralSecurityException e) {
            return -1;
        }
        int padByte = s[ct - 1] & 0xff;
        int plain = ct - BLOCK - padByte - 1;
        if (plain < 0) return -1;
        for (int i = ct - padByte - 1; i < ct; i++) if ((s[i] & 0xff) != padByte) return -1;
        System.arraycopy(s, BLOCK, out, outOff, plain);
        return plain;
    }

    /** MAC-then-encrypt, opened without a timing signal in the padding (see the class comment). */
    private int openMte(ContentType type, ProtocolVersion version, int epoch, long seq, byte[] in, int inOff, int len,
                        byte[] out, int outOff) {
        if (len < BLOCK + Math.max(BLOCK, ((macLength + 1 + BLOCK - 1) / BLOCK) * BLOCK) || len % BLOCK != 0) return -1;
        byte[] s = scratch(len);
        try {
            cipher(Cipher.DECRYPT_MODE).doFinal(in, inOff, len, s, 0);
        } catch (GeneralSecurityException e) {
            return -1;
        }
        int data = len - BLOCK;                 // fragment || MAC || padding
        int padByte = s[len - 1] & 0xff;
        // good is all ones when padding_length + 1 + MAC fit, else zero (no branch on secret data).
        int good = ~((data - macLength - 1 - padByte) >> 31);
        int padTotal = (padByte + 1) & good;    // a bad length is treated as no padding, as BC and OpenSSL do
        // Check the padding bytes over the largest span a padding can have, without branching.
        int diff = 0;
        int span = Math.min(256, data);
        for (int i = 1; i <= span; i++) {
            int inPad = ((i - padTotal - 1) >> 31);                 // all ones while i <= padTotal
            diff |= ((s[len - i] & 0xff) ^ padByte) & inPad;
        }
        good &= ~(((diff | -diff) >> 31));                           // all ones when diff == 0
        int plain = data - macLength - padTotal;
        if (plain < 0) {
            plain = 0;
            good = 0;
        }
        header(type, version, epoch, seq, plain);
        mac.update(header);
        mac.update(s, BLOCK, plain);
        doFinal(macOut, 0);
        // As many compression function calls as for the longest fragment this record could hold:
        // always one more pass that costs the key block plus the blocks this length saved (the
        // trailing byte stays buffered), then thrown away.
        int longest = MAC_HEADER + data - macLength - 1;
        int extra = Math.max(0, Math.min(blocks(longest) - blocks(MAC_HEADER + plain), dummy.length / hashBlock - 1));
        mac.update(dummy, 0, extra * hashBlock + 1);
        mac.reset();
        int macDiff = 0;
        for (int i = 0; i < macLength; i++) macDiff |= macOut[i] ^ s[BLOCK + plain + i];
        good &= ~(((macDiff | -macDiff) >> 31));
        if (good == 0) return -1;
        System.arraycopy(s, BLOCK, out, outOff, plain);
        return plain;
    }

    /** Compression function calls of the inner hash for a message of {@code n} bytes (the key block included). */
    private int blocks(int n) {
        return (hashBlock + n + hashPadMin + hashBlock - 1) / hashBlock;
    }
}
