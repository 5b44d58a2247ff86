package org.dtlsj.wire.handshake;

import java.util.ArrayList;
import java.util.List;
import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;

/**
 * <pre>
 * opaque ASN.1Cert&lt;1..2^24-1&gt;;
 * struct { ASN.1Cert certificate_list&lt;0..2^24-1&gt;; } Certificate;   (RFC 5246 §7.4.2)
 * </pre>
 * The certificates stay DER bytes here; parsing them is the handshake's job.
 */
public record CertificateMessage(List<byte[]> certificates) implements HandshakeBody {
    public CertificateMessage {
        List<byte[]> copy = new ArrayList<>(certificates.size());
        for (byte[] c : certificates) copy.add(c.clone());
        certificates = List.copyOf(copy);
    }

    @Override
    public HandshakeType type() {
        return HandshakeType.CERTIFICATE;
    }

    @Override
    public void encode(WireWriter w) {
        w.u24Prefixed(list -> {
            for (byte[] c : certificates) {
                list.u24Prefixed(b -> b.bytes(c));
            }
        });
    }

    public static CertificateMessage decode(WireReader r) throws DecodeException {
        WireReader list = r.u24Prefixed();
        r.expectEnd("Certificate");
        List<byte[]> out = new ArrayList<>();
        while (!list.isEmpty()) {
            byte[] der = list.u24Prefixed().rest();
            if (der.length == 0) throw new DecodeException("empty ASN.1Cert");
            out.add(der);
        }
        return new CertificateMessage(out);
    }
}
