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
import org.dtlsj.wire.extension.EcPointFormats;
import org.dtlsj.wire.extension.Extensions;
import org.dtlsj.wire.extension.RenegotiationInfo;
import org.dtlsj.wire.extension.ServerName;
import org.dtlsj.wire.extension.SignatureAlgorithms;
import org.dtlsj.wire.extension.SupportedGroups;
import org.dtlsj.wire.heartbeat.HeartbeatMessage;
import org.dtlsj.wire.heartbeat.HeartbeatMode;

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
            EcdheClientKeyExchange::decode, CertificateVerify::decode, Finished::decode, Alert::decode,
            org.dtlsj.wire.handshake.NewSessionTicket::decode, org.dtlsj.wire.handshake.PskServerKeyExchange::decodePsk,
            org.dtlsj.wire.handshake.PskServerKeyExchange::decodeEcdhePsk, org.dtlsj.wire.handshake.PskClientKeyExchange::decodePsk,
            org.dtlsj.wire.handshake.PskClientKeyExchange::decodeEcdhePsk, org.dtlsj.wire.handshake.RawPublicKeyCertificate::decode);

    /** Extension bodies, each behind its own codec (RFC 5246 §7.4.1.4, RFC 6066, RFC 8422, RFC 5746, RFC 6520). */
    static final List<Decoder> EXTENSION_BODIES = List.of(
            ServerName::decode, SupportedGroups::decode, SignatureAlgorithms::decode, EcPointFormats::decode,
            RenegotiationInfo::decode, HeartbeatMode::decode, org.dtlsj.wire.extension.RecordSizeLimit::decode,
            org.dtlsj.wire.extension.CertificateTypes::decodeList, org.dtlsj.wire.extension.CertificateTypes::decodeSingle,
            org.dtlsj.wire.extension.ApplicationProtocols::decode);

    /** The first byte picks the codec; the rest is its input. */
    @FuzzTest(maxDuration = "30s")
    void decodeThenEncodeIsTheIdentity(byte[] data) {
        if (data.length == 0) return;
        Decoder decoder = DECODERS.get((data[0] & 0xff) % DECODERS.size());
        roundTrip(decoder, Arrays.copyOfRange(data, 1, data.length));
    }

    /** Decodes; a value must encode back to exactly the bytes consumed, a failure must name its alert. */
    static void roundTrip(Decoder decoder, byte[] input) {
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

    // One target per decoder, so that a long run spends its time where the structure is.

    @FuzzTest(maxDuration = "30s")
    void recordHeader(byte[] data) {
        roundTrip(RecordHeader::decode, data);
    }

    @FuzzTest(maxDuration = "30s")
    void handshakeHeader(byte[] data) {
        roundTrip(HandshakeHeader::decode, data);
    }

    @FuzzTest(maxDuration = "30s")
    void clientHello(byte[] data) {
        roundTrip(ClientHello::decode, data);
    }

    @FuzzTest(maxDuration = "30s")
    void helloVerifyRequest(byte[] data) {
        roundTrip(HelloVerifyRequest::decode, data);
    }

    @FuzzTest(maxDuration = "30s")
    void serverHello(byte[] data) {
        roundTrip(ServerHello::decode, data);
    }

    @FuzzTest(maxDuration = "30s")
    void certificate(byte[] data) {
        roundTrip(CertificateMessage::decode, data);
    }

    @FuzzTest(maxDuration = "30s")
    void serverKeyExchange(byte[] data) {
        roundTrip(EcdheServerKeyExchange::decode, data);
    }

    @FuzzTest(maxDuration = "30s")
    void certificateRequest(byte[] data) {
        roundTrip(CertificateRequest::decode, data);
    }

    @FuzzTest(maxDuration = "30s")
    void clientKeyExchange(byte[] data) {
        roundTrip(EcdheClientKeyExchange::decode, data);
    }

    @FuzzTest(maxDuration = "30s")
    void certificateVerify(byte[] data) {
        roundTrip(CertificateVerify::decode, data);
    }

    @FuzzTest(maxDuration = "30s")
    void finished(byte[] data) {
        roundTrip(Finished::decode, data);
    }

    @FuzzTest(maxDuration = "30s")
    void alert(byte[] data) {
        roundTrip(Alert::decode, data);
    }

    /** RFC 6520 §4: a payload_length beyond the message is discarded, never answered (Heartbleed). */
    @FuzzTest(maxDuration = "30s")
    void heartbeat(byte[] data) {
        roundTrip(HeartbeatMessage::decode, data);
        try {
            HeartbeatMessage m = HeartbeatMessage.decode(new WireReader(data, 0, data.length));
            assertThat(3 + m.payload().length + m.padding().length).isEqualTo(data.length);
            assertThat(m.padding().length).isGreaterThanOrEqualTo(HeartbeatMessage.MIN_PADDING);
        } catch (DecodeException e) {
            // discarded
        }
    }

    /** The extension block of a hello, then every extension in it through its own codec when it has one. */
    @FuzzTest(maxDuration = "30s")
    void extensions(byte[] data) {
        roundTrip(Extensions::decodeTrailing, data);
        if (data.length == 0) return;
        // The first byte also picks one extension body codec for the rest: bodies alone.
        roundTrip(EXTENSION_BODIES.get((data[0] & 0xff) % EXTENSION_BODIES.size()), Arrays.copyOfRange(data, 1, data.length));
    }
}
