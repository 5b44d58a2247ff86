package org.dtlsj.crypto;

import java.util.Set;
import org.dtlsj.config.PrfHash;

/**
 * Keying material exporters (RFC 5705 §4) for one connection:
 * {@code PRF(master_secret, label, client_random + server_random [+ uint16 context_length + context])[length]}.
 * Holds the master secret for the life of the connection, as OpenSSL's session does.
 */
public final class KeyingMaterialExporter {
    /** Labels the handshake itself uses: IANA reserves them, and RFC 5705 §4 forbids them here. */
    static final Set<String> RESERVED = Set.of("client finished", "server finished", "master secret", "key expansion",
            "extended master secret");

    private final PrfHash prf;
    private final byte[] masterSecret;
    private final byte[] randoms;

    public KeyingMaterialExporter(PrfHash prf, byte[] masterSecret, byte[] clientRandom, byte[] serverRandom) {
        this.prf = prf;
        this.masterSecret = masterSecret.clone();
        this.randoms = Prf.concat(clientRandom, serverRandom);
    }

    /**
     * @param context null for none (which differs from an empty one, RFC 5705 §4)
     * @throws IllegalArgumentException for a reserved label, a context of 2^16 bytes or more, or a negative length
     */
    public byte[] export(String label, byte[] context, int length) {
        if (RESERVED.contains(label)) throw new IllegalArgumentException("\"" + label + "\" is reserved for the handshake (RFC 5705 §4)");
        if (label.isEmpty() || !label.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)) {
            throw new IllegalArgumentException("an exporter label is printable ASCII (RFC 5705 §4)");
        }
        if (length < 0) throw new IllegalArgumentException("negative length");
        byte[] seed = randoms;
        if (context != null) {
            if (context.length > 0xffff) throw new IllegalArgumentException("context longer than 2^16-1 bytes");
            byte[] s = new byte[randoms.length + 2 + context.length];
            System.arraycopy(randoms, 0, s, 0, randoms.length);
            s[randoms.length] = (byte) (context.length >>> 8);
            s[randoms.length + 1] = (byte) context.length;
            System.arraycopy(context, 0, s, randoms.length + 2, context.length);
            seed = s;
        }
        return Prf.compute(prf, masterSecret, label, seed, length);
    }
}
