package org.dtlsj.handshake;

import java.util.List;
import org.dtlsj.error.DtlsException;
import org.dtlsj.error.Reason;
import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.ExtensionType;
import org.dtlsj.wire.ProtocolVersion;
import org.dtlsj.wire.SignatureScheme;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.extension.Extension;
import org.dtlsj.wire.extension.Extensions;
import org.dtlsj.wire.extension.SignatureAlgorithms;

/** Helpers shared by the client and server states: decoding with the right alert, version choice. */
public final class Negotiation {
    private Negotiation() {
    }

    /** A decoder of one structure. */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(WireReader r) throws DecodeException;
    }

    /** Decodes a whole body; trailing bytes or truncation fail the handshake with the decode's alert. */
    public static <T> T decode(byte[] body, Decoder<T> d, String what) throws DtlsException {
        try {
            WireReader r = new WireReader(body);
            T t = d.decode(r);
            r.expectEnd(what);
            return t;
        } catch (DecodeException e) {
            Reason reason = e.alert().value() == 47 ? Reason.ILLEGAL_PARAMETER : Reason.DECODE_ERROR;
            throw new DtlsException(reason, "malformed " + what + ": " + e.getMessage());
        }
    }

    /** Decodes an extension's body. */
    public static <T> T decode(Extension e, Decoder<T> d) throws DtlsException {
        return decode(e.data(), d, e.type().toString() + " extension");
    }

    /**
     * RFC 6347 §4.2.1 with RFC 5246 Appendix E.1: the server picks the highest version it enables
     * that is not newer than the client's offer; none means protocol_version.
     */
    public static ProtocolVersion chooseVersion(ProtocolVersion clientVersion, List<ProtocolVersion> enabled)
            throws DtlsException {
        if (!clientVersion.isDtls()) {
            throw new DtlsException(Reason.PROTOCOL_VERSION, "ClientHello version " + clientVersion + " is not DTLS");
        }
        ProtocolVersion best = null;
        for (ProtocolVersion v : enabled) {
            boolean notNewer = !v.isNewerThan(clientVersion);
            if (notNewer && (best == null || v.isNewerThan(best))) best = v;
        }
        if (best == null) {
            throw new DtlsException(Reason.PROTOCOL_VERSION,
                    "client offers at most " + clientVersion + ", this side enables " + enabled);
        }
        return best;
    }

    /** The peer's signature_algorithms, or the RFC 5246 §7.4.1.4.1 default when absent. */
    public static List<SignatureScheme> peerSignatureSchemes(Extensions ext) throws DtlsException {
        var e = ext.find(ExtensionType.SIGNATURE_ALGORITHMS);
        if (e.isEmpty()) {
            // The RFC default is SHA-1, which dtlsj does not sign with; the SHA-256 schemes are the
            // closest that every TLS 1.2 stack verifies.
            return List.of(SignatureScheme.ECDSA_SECP256R1_SHA256, SignatureScheme.RSA_PKCS1_SHA256);
        }
        return decode(e.get(), SignatureAlgorithms::decode).schemes();
    }

    /** True when the peer's chain's leaf key is of the algorithm the suite needs. */
    public static boolean keyAlgorithmMatches(java.security.PublicKey key, String algorithm) {
        return algorithm.equals("EC") ? key instanceof java.security.interfaces.ECPublicKey
                : key instanceof java.security.interfaces.RSAPublicKey;
    }

    /** Bytes from the peer for a log or error message: as text if printable ASCII, else in hex. */
    public static String printable(byte[] b) {
        for (byte x : b) {
            if (x < 0x20 || x > 0x7e) return "0x" + java.util.HexFormat.of().formatHex(b);
        }
        return '"' + new String(b, java.nio.charset.StandardCharsets.US_ASCII) + '"';
    }
}
