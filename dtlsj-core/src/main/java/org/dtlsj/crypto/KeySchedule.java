package org.dtlsj.crypto;

import java.util.Arrays;
import org.dtlsj.config.BulkCipher;
import org.dtlsj.config.PrfHash;

/**
 * The (D)TLS 1.2 secrets: master secret (RFC 5246 §8.1, or the extended one of RFC 7627 §4),
 * the key block (RFC 5246 §6.3) and Finished verify_data (§7.4.9).
 */
public final class KeySchedule {
    public static final int MASTER_SECRET_LENGTH = 48;
    public static final String CLIENT_FINISHED = "client finished";
    public static final String SERVER_FINISHED = "server finished";

    private KeySchedule() {
    }

    /** master_secret = PRF(pre_master_secret, "master secret", ClientHello.random + ServerHello.random)[0..47]. */
    public static byte[] masterSecret(PrfHash h, byte[] preMaster, byte[] clientRandom, byte[] serverRandom) {
        return Prf.compute(h, preMaster, "master secret", Prf.concat(clientRandom, serverRandom), MASTER_SECRET_LENGTH);
    }

    /** RFC 7627 §4: master_secret = PRF(pre_master_secret, "extended master secret", session_hash)[0..47]. */
    public static byte[] extendedMasterSecret(PrfHash h, byte[] preMaster, byte[] sessionHash) {
        return Prf.compute(h, preMaster, "extended master secret", sessionHash, MASTER_SECRET_LENGTH);
    }

    /**
     * key_block = PRF(SecurityParameters.master_secret, "key expansion", server_random + client_random),
     * split into client/server MAC keys (empty for AEAD), write keys and IVs.
     */
    public static TrafficKeys keyBlock(PrfHash h, BulkCipher c, byte[] masterSecret, byte[] clientRandom, byte[] serverRandom) {
        int len = 2 * c.macLength + 2 * c.keyLength + 2 * c.fixedIvLength;
        byte[] kb = Prf.compute(h, masterSecret, "key expansion", Prf.concat(serverRandom, clientRandom), len);
        int o = 0;
        byte[] cm = Arrays.copyOfRange(kb, o, o += c.macLength);
        byte[] sm = Arrays.copyOfRange(kb, o, o += c.macLength);
        byte[] ck = Arrays.copyOfRange(kb, o, o += c.keyLength);
        byte[] sk = Arrays.copyOfRange(kb, o, o += c.keyLength);
        byte[] civ = Arrays.copyOfRange(kb, o, o += c.fixedIvLength);
        byte[] siv = Arrays.copyOfRange(kb, o, o + c.fixedIvLength);
        Arrays.fill(kb, (byte) 0);
        return new TrafficKeys(ck, civ, sk, siv, cm, sm);
    }

    /** verify_data = PRF(master_secret, finished_label, Hash(handshake_messages))[0..11]. */
    public static byte[] verifyData(PrfHash h, byte[] masterSecret, String label, byte[] handshakeHash) {
        return Prf.compute(h, masterSecret, label, handshakeHash, 12);
    }

    /** The write keys and IVs of both directions. */
    /**
     * The premaster secret of the PSK key exchanges: {@code uint16 len || other_secret || uint16 len
     * || psk}, where other_secret is as many zero bytes as the PSK has for plain PSK (RFC 4279 §2)
     * and the ECDH shared secret for ECDHE_PSK (RFC 5489 §2).
     *
     * @param ecdhSecret null for plain PSK
     */
    public static byte[] pskPremaster(byte[] ecdhSecret, byte[] psk) {
        byte[] other = ecdhSecret != null ? ecdhSecret : new byte[psk.length];
        byte[] out = new byte[4 + other.length + psk.length];
        out[0] = (byte) (other.length >>> 8);
        out[1] = (byte) other.length;
        System.arraycopy(other, 0, out, 2, other.length);
        int p = 2 + other.length;
        out[p] = (byte) (psk.length >>> 8);
        out[p + 1] = (byte) psk.length;
        System.arraycopy(psk, 0, out, p + 2, psk.length);
        return out;
    }

    public record TrafficKeys(byte[] clientKey, byte[] clientIv, byte[] serverKey, byte[] serverIv, byte[] clientMacKey,
                              byte[] serverMacKey) {
    }
}
