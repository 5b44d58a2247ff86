package org.dtlsj.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.List;
import org.dtlsj.wire.Alert;
import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.Encodable;
import org.dtlsj.wire.RecordHeader;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;
import org.dtlsj.wire.handshake.CertificateMessage;
import org.dtlsj.wire.handshake.CertificateRequest;
import org.dtlsj.wire.handshake.CertificateVerify;
import org.dtlsj.wire.handshake.ClientHello;
import org.dtlsj.wire.handshake.EcdheClientKeyExchange;
import org.dtlsj.wire.handshake.EcdheServerKeyExchange;
import org.dtlsj.wire.handshake.Finished;
import org.dtlsj.wire.handshake.HandshakeHeader;
import org.dtlsj.wire.handshake.HelloVerifyRequest;
import org.dtlsj.wire.handshake.ServerHello;

/**
 * Every wire codec against arbitrary bytes: decoding either fails with {@link DecodeException}
 * (which carries the alert to send) or yields a value that encodes back to exactly the bytes it
 * consumed. Anything else — another exception, a different re-encoding — is a finding.
 */
class WireCodecFuzzTest {
    interface Decoder {
        Encodable decode(WireReader r) throws DecodeException;
    }

    static final List<Decoder> DECODERS = List.of(
            RecordHeader::decode, HandshakeHeader::decode, ClientHello::decode, HelloVerifyRequest::decode,
            ServerHello::decode, CertificateMessage::decode, EcdheServerKeyExchange::decode, CertificateRequest::decode,
            EcdheClientKeyExchange::decode, CertificateVerify::decode, Finished::decode, Alert::decode);

    /** The first byte picks the codec; the rest is its input. */
    @FuzzTest(maxDuration = "30s")
    void decodeThenEncodeIsTheIdentity(byte[] data) {
        if (data.length == 0) return;
        Decoder decoder = DECODERS.get((data[0] & 0xff) % DECODERS.size());
        byte[] input = Arrays.copyOfRange(data, 1, data.length);
        WireReader r = new WireReader(input, 0, input.length);
        Encodable value;
        try {
            value = decoder.decode(r);
        } catch (DecodeException e) {
            assertThat(e.alert()).isNotNull();
            return;
        }
        int consumed = r.position();
        assertThat(WireWriter.encode(value)).isEqualTo(Arrays.copyOf(input, consumed));
    }
}
