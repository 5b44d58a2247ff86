package org.dtlsj.wire.extension;

import java.util.ArrayList;
import java.util.List;
import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.Encodable;
import org.dtlsj.wire.SignatureScheme;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;

/**
 * {@code SignatureAndHashAlgorithm supported_signature_algorithms<2..2^16-2>;} (RFC 5246
 * §7.4.1.4.1). Also the list inside CertificateRequest (§7.4.4).
 */
public record SignatureAlgorithms(List<SignatureScheme> schemes) implements Encodable {
    public SignatureAlgorithms {
        schemes = List.copyOf(schemes);
    }

    @Override
    public void encode(WireWriter w) {
        w.u16Prefixed(b -> schemes.forEach(s -> s.encode(b)));
    }

    public static SignatureAlgorithms decode(WireReader r) throws DecodeException {
        WireReader body = r.u16Prefixed();
        if (body.remaining() < 2 || body.remaining() % 2 != 0) {
            throw new DecodeException("signature_algorithms list of odd or zero length");
        }
        List<SignatureScheme> out = new ArrayList<>();
        while (!body.isEmpty()) {
            out.add(SignatureScheme.decode(body));
        }
        return new SignatureAlgorithms(out);
    }
}
