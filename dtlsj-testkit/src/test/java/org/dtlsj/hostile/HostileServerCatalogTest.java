package org.dtlsj.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.engine.DtlsConnection;
import org.dtlsj.error.AlertDescription;
import org.dtlsj.error.Reason;
import org.dtlsj.handshake.HandshakeMessage;
import org.dtlsj.testkit.TestPki;
import org.dtlsj.testkit.hostile.HostilePeer;
import org.dtlsj.testkit.hostile.HostileServer;
import org.dtlsj.wire.Alert;
import org.dtlsj.wire.CipherSuiteId;
import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.ExtensionType;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.ProtocolVersion;
import org.dtlsj.wire.WireWriter;
import org.dtlsj.wire.extension.Extension;
import org.dtlsj.wire.extension.Extensions;
import org.dtlsj.wire.handshake.CertificateMessage;
import org.dtlsj.wire.handshake.CertificateRequest;
import org.dtlsj.wire.handshake.HelloVerifyRequest;
import org.dtlsj.wire.handshake.ServerHello;
import org.junit.jupiter.api.Test;

/**
 * State-machine cases (S) of the security catalog against a dtlsj client, played by a
 * {@link HostileServer} that holds a real credential and real keys. Flights that fail on an
 * unprotected message are sent twice, as a server's timer would: the client sets the first
 * failing copy aside in case it is corrupted or spoofed ({@code HandshakeRecovery}).
 */
public class HostileServerCatalogTest {
    static final TestPki.Credential SERVER = TestPki.ecdsaP256();
    static final TestPki.Credential CLIENT = TestPki.ecdsaP256();
    static final byte[] DATA = "secret".getBytes(StandardCharsets.UTF_8);

    /** A client engine and the hostile server it talks to. */
    public static final class Play {
        public final DtlsConnection client;
        public final HostileServer s;
        long now;

        Play(boolean clientCredential) {
            this(config(clientCredential), SERVER);
        }

        private static DtlsConfig config(boolean clientCredential) {
            DtlsConfig.Builder b = DtlsConfig.builder().trustAnchors(List.of(SERVER.root()));
            if (clientCredential) b.credentials(CLIENT.key(), CLIENT.chain());
            return b.build();
        }

        /** A client engine with {@code config} against a hostile server holding {@code serverCredential}. */
        public Play(DtlsConfig config, TestPki.Credential serverCredential) {
            s = new HostileServer(serverCredential);
            client = DtlsConnection.client(config, "localhost");
            client.start(now);
            HostilePeer.Received hello = s.receive(drain());
            assertThat(hello.has(HandshakeType.CLIENT_HELLO)).isTrue();
        }

        List<byte[]> drain() {
            List<byte[]> out = new ArrayList<>();
            for (byte[] d; (d = client.pollDatagram()) != null; ) out.add(d);
            return out;
        }

        public HostilePeer.Received send(byte[]... records) {
            return deliver(HostilePeer.datagram(records));
        }

        HostilePeer.Received deliver(byte[]... datagrams) {
            for (byte[] d : datagrams) client.receive(d, now);
            return s.receive(drain());
        }

        /** Delivers a flight, then the same again as the server's retransmission would. */
        public HostilePeer.Received twice(byte[]... records) {
            byte[] d = HostilePeer.datagram(records);
            deliver(d);
            return deliver(d);
        }

        /** The honest end of the handshake: the server's ChangeCipherSpec and Finished. */
        public void finish() {
            client.receive(HostilePeer.datagram(s.changeCipherSpec(), s.finished()), now);
        }

        public void assertFailed(Reason reason, AlertDescription alert, HostilePeer.Received last) {
            assertThat(client.status()).as(client.stateDescription()).isEqualTo(DtlsConnection.Status.FAILED);
            assertThat(client.failure().reason()).isEqualTo(reason);
            assertThat(last.alerts).as("the alert the client sent").containsExactly(Alert.fatal(alert));
        }

        List<HandshakeType> types(HostilePeer.Received r) {
            return r.messages.stream().map(HandshakeMessage::type).toList();
        }
    }

    @Test
    void baselineTheHostileServerCompletesAnHonestHandshake() {
        Play p = new Play(false);
        HostilePeer.Received f5 = p.send(p.s.serverHello(), p.s.certificate(), p.s.serverKeyExchange(), p.s.serverHelloDone());
        assertThat(p.types(f5)).containsExactly(HandshakeType.CLIENT_KEY_EXCHANGE, HandshakeType.FINISHED);
        assertThat(p.s.peerFinishedVerified).isTrue();
        p.finish();
        assertThat(p.client.isConnected()).as(p.client.stateDescription()).isTrue();
        p.client.send(DATA, p.now);
        assertThat(p.s.receive(p.drain()).applicationData).containsExactly(DATA);
        p.client.receive(p.s.applicationData(DATA), p.now);
        assertThat(p.client.pollApplicationData()).isEqualTo(DATA);
    }

    @Test
    void S17_twoDistinctCertificateRequests() {
        Play p = new Play(true);
        HostilePeer.Received r = p.twice(p.s.serverHello(), p.s.certificate(), p.s.serverKeyExchange(),
                p.s.certificateRequest(CertificateRequest.ECDSA_SIGN), p.s.certificateRequest(CertificateRequest.RSA_SIGN),
                p.s.serverHelloDone());
        p.assertFailed(Reason.UNEXPECTED_MESSAGE, AlertDescription.UNEXPECTED_MESSAGE, r);
        assertThat(r.messages).as("no flight 5").isEmpty();
    }

    @Test
    void S17_certificateRequestBeforeCertificate() {
        Play p = new Play(true);
        HostilePeer.Received r = p.twice(p.s.serverHello(), p.s.certificateRequest(CertificateRequest.ECDSA_SIGN),
                p.s.certificate(), p.s.serverKeyExchange(), p.s.serverHelloDone());
        p.assertFailed(Reason.UNEXPECTED_MESSAGE, AlertDescription.UNEXPECTED_MESSAGE, r);
    }

    @Test
    void S17_certificateRequestBeforeServerKeyExchange() {
        Play p = new Play(true);
        HostilePeer.Received r = p.twice(p.s.serverHello(), p.s.certificate(),
                p.s.certificateRequest(CertificateRequest.ECDSA_SIGN), p.s.serverKeyExchange(), p.s.serverHelloDone());
        p.assertFailed(Reason.UNEXPECTED_MESSAGE, AlertDescription.UNEXPECTED_MESSAGE, r);
    }

    @Test
    void S17_S20_handshakeMessagesAfterServerHelloDoneChangeNothing() {
        // After ServerHelloDone the client has sent flight 5 and waits for ChangeCipherSpec. A
        // CertificateRequest (S-17) or a whole new ServerHello flight (S-20) in epoch 0 is
        // unauthenticated: the client does not act on it (no second flight 5, no certificate),
        // and only the Finished of the handshake it actually ran can complete it.
        for (boolean restart : new boolean[] {false, true}) {
            Play p = new Play(true);
            HostilePeer.Received f5 = p.send(p.s.serverHello(), p.s.certificate(), p.s.serverKeyExchange(), p.s.serverHelloDone());
            assertThat(p.types(f5)).containsExactly(HandshakeType.CLIENT_KEY_EXCHANGE, HandshakeType.FINISHED);
            int nextSeq = p.s.nextMessageSeq();
            byte[][] extra = restart
                    ? new byte[][] {p.s.rawHandshake(HandshakeType.SERVER_HELLO, nextSeq, WireWriter.encode(
                            new ServerHello(ProtocolVersion.DTLS_1_2, new byte[32], new byte[0], HostilePeer.DEFAULT_SUITE.id, 0,
                                    Extensions.NONE)), false),
                                    p.s.rawHandshake(HandshakeType.SERVER_HELLO_DONE, nextSeq + 1, new byte[0], false)}
                    : new byte[][] {p.s.rawHandshake(HandshakeType.CERTIFICATE_REQUEST, nextSeq,
                            WireWriter.encode(new CertificateRequest(new byte[] {(byte) CertificateRequest.ECDSA_SIGN},
                                    new org.dtlsj.wire.extension.SignatureAlgorithms(List.of(
                                            org.dtlsj.wire.SignatureScheme.ECDSA_SECP256R1_SHA256)), List.of())), false)};
            HostilePeer.Received r = p.twice(extra);
            assertThat(r.messages).as("nothing sent in answer").isEmpty();
            assertThat(r.alerts).isEmpty();
            p.finish();
            assertThat(p.client.isConnected()).as(p.client.stateDescription()).isTrue();
            assertThat(p.client.session().peerCertificates()).isEqualTo(SERVER.chain());
        }
    }

    @Test
    void S19_aCertificateTypeTheClientLacksEarnsAnEmptyCertificate() {
        Play p = new Play(true); // an ECDSA credential; the server asks for rsa_sign only
        HostilePeer.Received f5 = p.send(p.s.serverHello(), p.s.certificate(), p.s.serverKeyExchange(),
                p.s.certificateRequest(CertificateRequest.RSA_SIGN), p.s.serverHelloDone());
        assertThat(p.types(f5)).containsExactly(HandshakeType.CERTIFICATE, HandshakeType.CLIENT_KEY_EXCHANGE, HandshakeType.FINISHED);
        assertThat(p.s.clientChain).as("RFC 5246 §7.4.6: an empty Certificate").isEmpty();
        assertThat(p.s.clientSentCertificateVerify).isFalse();
        p.finish();
        assertThat(p.client.isConnected()).isTrue();
    }

    @Test
    void S19_noCertificateWhenNoneWasRequested() {
        Play p = new Play(true);
        HostilePeer.Received f5 = p.send(p.s.serverHello(), p.s.certificate(), p.s.serverKeyExchange(), p.s.serverHelloDone());
        assertThat(p.types(f5)).containsExactly(HandshakeType.CLIENT_KEY_EXCHANGE, HandshakeType.FINISHED);
        assertThat(p.s.clientSentCertificate).isFalse();
        p.finish();
        assertThat(p.client.isConnected()).isTrue();
    }

    @Test
    void S21_aSuiteTheClientDidNotOffer() {
        Play p = new Play(false);
        ServerHello sh = new ServerHello(ProtocolVersion.DTLS_1_2, new byte[32], new byte[0], new CipherSuiteId(0x009C), 0,
                Extensions.NONE);
        HostilePeer.Received r = p.twice(p.s.serverHello(sh));
        p.assertFailed(Reason.ILLEGAL_PARAMETER, AlertDescription.ILLEGAL_PARAMETER, r);
    }

    @Test
    void S21_aVersionTheClientDidNotEnable() {
        Play p = new Play(false);
        ServerHello sh = new ServerHello(ProtocolVersion.DTLS_1_0, new byte[32], new byte[0], HostilePeer.DEFAULT_SUITE.id, 0,
                Extensions.NONE);
        HostilePeer.Received r = p.twice(p.s.serverHello(sh));
        // RFC 5246 Appendix E.1: a version the client does not support earns protocol_version.
        p.assertFailed(Reason.PROTOCOL_VERSION, AlertDescription.PROTOCOL_VERSION, r);
    }

    @Test
    void S21_anExtensionTheClientDidNotOffer() {
        Play p = new Play(false);
        ServerHello sh = new ServerHello(ProtocolVersion.DTLS_1_2, new byte[32], new byte[0], HostilePeer.DEFAULT_SUITE.id, 0,
                Extensions.of(List.of(new Extension(ExtensionType.ALPN, new byte[] {0, 3, 2, 'h', '2'}))));
        HostilePeer.Received r = p.twice(p.s.serverHello(sh));
        // RFC 5246 §7.4.1.4: the client "MUST abort the handshake with an unsupported_extension fatal alert".
        p.assertFailed(Reason.UNSUPPORTED_EXTENSION, AlertDescription.UNSUPPORTED_EXTENSION, r);
    }

    @Test
    void S11_aPlaintextRecordInEpochOneIsDroppedWithoutAnAlert() {
        Play p = new Play(false);
        byte[] hvr = WireWriter.encode(new HelloVerifyRequest(ProtocolVersion.DTLS_1_2, new byte[] {1, 2, 3, 4}));
        WireWriter m = new WireWriter();
        m.u8(HandshakeType.HELLO_VERIFY_REQUEST.value()).u24(hvr.length).u16(0).u24(0).u24(hvr.length).bytes(hvr);
        HostilePeer.Received r = p.send(p.s.record(ContentType.HANDSHAKE, 1, 0, m.toByteArray(), false));
        assertThat(r.alerts).as("never decrypt_error for an unprotected record").isEmpty();
        assertThat(r.messages).as("no ClientHello with that cookie").isEmpty();
        p.send(p.s.serverHello(), p.s.certificate(), p.s.serverKeyExchange(), p.s.serverHelloDone());
        p.finish();
        assertThat(p.client.isConnected()).isTrue();
    }

    @Test
    void S13_nothingAfterAFatalAlertMidHandshake() {
        Play p = new Play(false);
        p.send(p.s.serverHello(), p.s.certificate());
        HostilePeer.Received r = p.send(p.s.alert(Alert.fatal(AlertDescription.HANDSHAKE_FAILURE)));
        assertThat(p.client.status()).isEqualTo(DtlsConnection.Status.FAILED);
        assertThat(p.client.failure().reason()).isEqualTo(Reason.PEER_ALERT);
        assertThat(r.alerts).isEmpty();
        r = p.send(p.s.serverKeyExchange(), p.s.serverHelloDone());
        assertThat(r.messages).as("no flight 5 after the alert").isEmpty();
        assertThat(p.client.isConnected()).isFalse();
    }

    @Test
    void S13_nothingAfterTheServersCloseNotify() {
        Play p = new Play(false);
        p.send(p.s.serverHello(), p.s.certificate(), p.s.serverKeyExchange(), p.s.serverHelloDone());
        p.finish();
        assertThat(p.client.isConnected()).isTrue();
        HostilePeer.Received r = p.send(p.s.alert(Alert.warning(AlertDescription.CLOSE_NOTIFY)), p.s.applicationData(DATA));
        assertThat(r.alerts).containsExactly(Alert.warning(AlertDescription.CLOSE_NOTIFY));
        p.send(p.s.applicationData(DATA));
        assertThat(p.client.pollApplicationData()).as("data after close_notify is dropped").isNull();
        assertThat(p.client.status()).isEqualTo(DtlsConnection.Status.CLOSED);
    }

    @Test
    void S08_aSecondServerFinishedAfterTheHandshakeIsFatal() {
        Play p = new Play(false);
        p.send(p.s.serverHello(), p.s.certificate(), p.s.serverKeyExchange(), p.s.serverHelloDone());
        p.finish();
        assertThat(p.client.isConnected()).isTrue();
        HostilePeer.Received r = p.send(p.s.finished(new byte[12]));
        assertThat(p.client.status()).isEqualTo(DtlsConnection.Status.FAILED);
        assertThat(r.alerts).containsExactly(Alert.fatal(AlertDescription.UNEXPECTED_MESSAGE));
        // An empty Certificate after the handshake, with the connection's keys: the same.
        Play q = new Play(false);
        q.send(q.s.serverHello(), q.s.certificate(), q.s.serverKeyExchange(), q.s.serverHelloDone());
        q.finish();
        r = q.send(q.s.handshake(new CertificateMessage(List.of())));
        assertThat(r.alerts).containsExactly(Alert.fatal(AlertDescription.UNEXPECTED_MESSAGE));
    }
}
