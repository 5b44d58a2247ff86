package org.dtlsj.session;

import java.util.ArrayList;
import java.util.List;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.wire.CipherSuiteId;
import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.ProtocolVersion;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;

/**
 * What an abbreviated handshake needs from the session it resumes (RFC 5246 §7.4.1.2, §F.1.4):
 * the version, the cipher suite, the master secret, whether it was made with the extended master
 * secret (RFC 7627 §5.3), and who the peer was (its certificate chain or PSK identity), so that a
 * resumed connection reports the same peer. {@link #encode} is what a session ticket carries,
 * sealed ({@link TicketKeys}).
 *
 * @param masterSecret secret: whoever holds it can read every connection resumed from it
 * @param createdMillis wall-clock time of the full handshake that made it
 * @param peerChain the peer's certificates (DER), leaf first; empty if none
 * @param pskIdentity the PSK identity of the full handshake, or null
 * @param serverName the server_name of the full handshake (RFC 6066 §3: a session is not resumed
 *        under another name), or null
 * @param peerRawPublicKey the peer's raw public key (RFC 7250), DER SubjectPublicKeyInfo, or null
 */
public record SessionState(ProtocolVersion version, CipherSuite cipherSuite, byte[] masterSecret, boolean extendedMasterSecret,
                           long createdMillis, List<byte[]> peerChain, byte[] pskIdentity, String serverName,
                           byte[] peerRawPublicKey) {
    public SessionState {
        masterSecret = masterSecret.clone();
        List<byte[]> copy = new ArrayList<>();
        for (byte[] c : peerChain) copy.add(c.clone());
        peerChain = List.copyOf(copy);
        if (pskIdentity != null) pskIdentity = pskIdentity.clone();
        if (peerRawPublicKey != null) peerRawPublicKey = peerRawPublicKey.clone();
    }

    @Override
    public byte[] peerRawPublicKey() {
        return peerRawPublicKey == null ? null : peerRawPublicKey.clone();
    }

    @Override
    public byte[] masterSecret() {
        return masterSecret.clone();
    }

    @Override
    public List<byte[]> peerChain() {
        List<byte[]> out = new ArrayList<>();
        for (byte[] c : peerChain) out.add(c.clone());
        return out;
    }

    @Override
    public byte[] pskIdentity() {
        return pskIdentity == null ? null : pskIdentity.clone();
    }

    /** Whether the session is still good at {@code nowMillis} under {@code lifetimeMillis}. */
    public boolean isValidAt(long nowMillis, long lifetimeMillis) {
        return nowMillis >= createdMillis - 60_000 && nowMillis - createdMillis < lifetimeMillis;
    }

    public byte[] encode() {
        WireWriter w = new WireWriter(128);
        w.u8(1); // format
        version.encode(w);
        w.u16(cipherSuite.id.value());
        w.u8Vector(masterSecret);
        w.u8(extendedMasterSecret ? 1 : 0);
        w.u48(createdMillis);
        w.u24Prefixed(list -> {
            for (byte[] c : peerChain) list.u24Prefixed(b -> b.bytes(c));
        });
        w.u8(pskIdentity != null ? 1 : 0);
        if (pskIdentity != null) w.u16Vector(pskIdentity);
        w.u8(serverName != null ? 1 : 0);
        if (serverName != null) w.u16Vector(serverName.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        w.u8(peerRawPublicKey != null ? 1 : 0);
        if (peerRawPublicKey != null) w.u16Vector(peerRawPublicKey);
        return w.toByteArray();
    }

    /** The state {@link #encode} wrote, or an exception for anything else. */
    public static SessionState decode(byte[] b) throws DecodeException {
        WireReader r = new WireReader(b);
        if (r.u8() != 1) throw new DecodeException("unknown session state format");
        ProtocolVersion v = ProtocolVersion.decode(r);
        CipherSuite suite = CipherSuite.byId(new CipherSuiteId(r.u16()));
        if (suite == null) throw new DecodeException("session of an unknown cipher suite");
        byte[] ms = r.u8Prefixed().rest();
        if (ms.length != 48) throw new DecodeException("master secret of " + ms.length + " bytes");
        boolean ems = r.u8() == 1;
        long created = r.u48();
        WireReader list = r.u24Prefixed();
        List<byte[]> chain = new ArrayList<>();
        while (!list.isEmpty()) chain.add(list.u24Prefixed().rest());
        byte[] psk = r.u8() == 1 ? r.u16Prefixed().rest() : null;
        String name = r.u8() == 1 ? new String(r.u16Prefixed().rest(), java.nio.charset.StandardCharsets.US_ASCII) : null;
        byte[] rpk = r.u8() == 1 ? r.u16Prefixed().rest() : null;
        r.expectEnd("session state");
        return new SessionState(v, suite, ms, ems, created, chain, psk, name, rpk);
    }
}
