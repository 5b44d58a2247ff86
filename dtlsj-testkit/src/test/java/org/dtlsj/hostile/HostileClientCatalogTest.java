package org.dtlsj.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dtlsj.config.ClientAuth;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.engine.DtlsConnection;
import org.dtlsj.error.AlertDescription;
import org.dtlsj.error.Reason;
import org.dtlsj.testkit.TestPki;
import org.dtlsj.testkit.hostile.HostileClient;
import org.dtlsj.testkit.hostile.HostilePeer;
import org.dtlsj.wire.Alert;
import org.dtlsj.wire.CipherSuiteId;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.SignatureScheme;
import org.dtlsj.wire.WireWriter;
import org.dtlsj.wire.handshake.ClientHello;
import org.junit.jupiter.api.Test;

/**
 * State-machine cases (S) of the security catalog against a dtlsj server, played by a
 * {@link HostileClient} that holds real keys: it completes the key exchange and protects its
 * records, so the server's checks are what stops it, not a decryption failure.
 *
 * <p>The server engine runs without the cookie exchange (the event loop's stateless gate runs
 * before any engine exists; {@code ResourceBoundsTest} runs the hostile client through it over UDP). Epoch-0 messages
 * the state does not expect are set aside once in case they are corrupted or spoofed, and taken
 * at their word when they come again ({@code HandshakeRecovery}); a hostile peer retransmits, so
 * the scripts send such flights twice, as a real peer's timer would.
 */
class HostileClientCatalogTest {
    static final TestPki.Credential SERVER = TestPki.ecdsaP256();
    static final TestPki.Credential CLIENT = TestPki.ecdsaP256();
    static final byte[] ADDRESS = {127, 0, 0, 1, 0x20, 0x02};
    static final byte[] DATA = "secret".getBytes(StandardCharsets.UTF_8);

    /** A server engine and the hostile client talking to it. */
    static final class Play {
        final DtlsConnection server;
        final HostileClient c = new HostileClient();
        long now;

        Play(ClientAuth auth) {
            DtlsConfig cfg = DtlsConfig.builder().credentials(SERVER.key(), SERVER.chain())
                    .trustAnchors(List.of(CLIENT.root())).clientAuth(auth).cookieExchange(false).build();
            server = DtlsConnection.server(cfg, ADDRESS);
        }

        /** Sends the records as one datagram and reads what the server answers. */
        HostilePeer.Received send(byte[]... records) {
            return deliver(HostilePeer.datagram(records));
        }

        HostilePeer.Received deliver(byte[]... datagrams) {
            for (byte[] d : datagrams) server.receive(d, now);
            List<byte[]> out = new ArrayList<>();
            for (byte[] d; (d = server.pollDatagram()) != null; ) out.add(d);
            return c.receive(out);
        }

        /** ClientHello, and the server's flight 4 up to ServerHelloDone. */
        HostilePeer.Received hello() {
            HostilePeer.Received r = send(c.clientHello());
            assertThat(c.serverHelloDone).as("server flight: %s", r).isTrue();
            assertThat(c.serverKeyExchangeVerifies()).isTrue();
            return r;
        }

        /** A proper flight 5 (with the client's certificate when asked), returning the server's answer. */
        HostilePeer.Received honestFlight() {
            List<byte[]> recs = new ArrayList<>();
            if (c.certificateRequest != null) recs.add(c.certificate(CLIENT.chain()));
            recs.add(c.clientKeyExchange());
            if (c.certificateRequest != null) recs.add(c.certificateVerify(CLIENT.key(), SignatureScheme.ECDSA_SECP256R1_SHA256));
            recs.add(c.changeCipherSpec());
            recs.add(c.finished());
            return send(recs.toArray(byte[][]::new));
        }

        void assertFailed(Reason reason, AlertDescription alert, HostilePeer.Received last) {
            assertThat(server.status()).as(server.stateDescription()).isEqualTo(DtlsConnection.Status.FAILED);
            assertThat(server.failure().reason()).isEqualTo(reason);
            assertThat(last.alerts).as("the alert the server sent").containsExactly(Alert.fatal(alert));
            assertThat(server.pollApplicationData()).as("no application data ever delivered").isNull();
        }
    }

    @Test
    void baselineTheHostileClientCompletesAnHonestHandshakeWithClientAuth() {
        Play p = new Play(ClientAuth.NEED);
        p.hello();
        HostilePeer.Received r = p.honestFlight();
        assertThat(p.server.isConnected()).as(p.server.stateDescription()).isTrue();
        assertThat(r.changeCipherSpecs).isEqualTo(1);
        assertThat(p.c.peerFinishedVerified).isTrue();
        p.send(p.c.applicationData(DATA));
        assertThat(p.server.pollApplicationData()).isEqualTo(DATA);
        assertThat(p.server.session().peerCertificates()).isEqualTo(CLIENT.chain());
    }

    @Test
    void S01_noCertificateAndNoCertificateVerifyWhenTheServerRequiresOne() {
        for (ClientAuth auth : new ClientAuth[] {ClientAuth.NEED, ClientAuth.WANT}) {
            Play p = new Play(auth);
            p.hello();
            byte[] cke = p.c.clientKeyExchange();
            byte[] ccs = p.c.changeCipherSpec();
            byte[] fin = p.c.finished();
            byte[] app = p.c.applicationData(DATA);
            byte[] flight = HostilePeer.datagram(cke, ccs, fin, app);
            p.deliver(flight);
            HostilePeer.Received r = p.deliver(flight);
            // RFC 5246 §7.4.6: a client asked for a certificate MUST send a Certificate message,
            // empty if it has none; skipping it is a protocol violation.
            p.assertFailed(Reason.UNEXPECTED_MESSAGE, AlertDescription.UNEXPECTED_MESSAGE, r);
        }
    }

    @Test
    void S02_aCertificateWithoutCertificateVerifyNeverCompletes() {
        Play p = new Play(ClientAuth.NEED);
        p.hello();
        byte[] flight = HostilePeer.datagram(p.c.certificate(CLIENT.chain()), p.c.clientKeyExchange(),
                p.c.changeCipherSpec(), p.c.finished(), p.c.applicationData(DATA));
        // RFC 5246 §7.4.8: CertificateVerify follows every non-empty client Certificate. The
        // server waits for it, as for any message that may have been lost; the Finished in its
        // place is in epoch 1, which opens only after it, so nothing completes.
        neverCompletes(p, flight);
    }

    @Test
    void S03_anEmptyCertificateFailsWhenRequiredAndIsAcceptedWhenOnlyWanted() {
        Play need = new Play(ClientAuth.NEED);
        need.hello();
        byte[] flight = HostilePeer.datagram(need.c.certificate(List.of()), need.c.clientKeyExchange(),
                need.c.changeCipherSpec(), need.c.finished());
        need.deliver(flight);
        HostilePeer.Received r = need.deliver(flight);
        // RFC 5246 §7.4.6: the server may answer a missing certificate with handshake_failure.
        need.assertFailed(Reason.CERTIFICATE_REQUIRED, AlertDescription.HANDSHAKE_FAILURE, r);

        Play want = new Play(ClientAuth.WANT);
        want.hello();
        want.send(want.c.certificate(List.of()), want.c.clientKeyExchange(), want.c.changeCipherSpec(), want.c.finished());
        assertThat(want.server.isConnected()).isTrue();
        assertThat(want.server.session().peerCertificates()).isEmpty();
    }

    @Test
    void S04_keyExchangeBeforeCertificate() {
        Play p = new Play(ClientAuth.NEED);
        p.hello();
        byte[] cke = p.c.clientKeyExchange();
        byte[] cert = p.c.certificate(CLIENT.chain());
        byte[] flight = HostilePeer.datagram(cke, cert);
        p.deliver(flight);
        HostilePeer.Received r = p.deliver(flight);
        p.assertFailed(Reason.UNEXPECTED_MESSAGE, AlertDescription.UNEXPECTED_MESSAGE, r);
    }

    @Test
    void S04_certificateTwice() {
        Play p = new Play(ClientAuth.NEED);
        p.hello();
        byte[] flight = HostilePeer.datagram(p.c.certificate(CLIENT.chain()), p.c.certificate(CLIENT.chain()));
        p.deliver(flight);
        HostilePeer.Received r = p.deliver(flight);
        p.assertFailed(Reason.UNEXPECTED_MESSAGE, AlertDescription.UNEXPECTED_MESSAGE, r);
    }

    @Test
    void S04_changeCipherSpecBeforeCertificateVerifyNeverCompletes() {
        Play p = new Play(ClientAuth.NEED);
        p.hello();
        byte[] cert = p.c.certificate(CLIENT.chain());
        byte[] cke = p.c.clientKeyExchange();
        byte[] ccs = p.c.changeCipherSpec();
        // The CertificateVerify after the ChangeCipherSpec, protected in epoch 1, then Finished.
        byte[] cv = p.c.certificateVerify(CLIENT.key(), SignatureScheme.ECDSA_SECP256R1_SHA256);
        byte[] fin = p.c.finished();
        // A ChangeCipherSpec has no message_seq, so one that comes before CertificateVerify may
        // simply have been reordered (S-06): it waits. The CertificateVerify sent after it is in
        // epoch 1 and must not stand in for the one epoch 0 owes. Nothing completes.
        neverCompletes(p, HostilePeer.datagram(cert, cke, ccs, cv, fin, p.c.applicationData(DATA)));
    }

    /**
     * Delivers the flight, then again each time the server's timer fires (as the client's own
     * timer would), until the server's handshake timeout: it never completes, never sends its
     * final flight, never delivers data, and gives up with a handshake timeout.
     */
    static void neverCompletes(Play p, byte[] flight) {
        int ccs = 0;
        for (int i = 0; i < 100 && p.server.isHandshaking(); i++) {
            ccs += p.deliver(flight).changeCipherSpecs;
            long t = p.server.nextTimeoutNanos();
            if (t < 0) break;
            p.now = Math.max(p.now, t);
            p.server.handleTimeout(p.now);
            ccs += p.deliver().changeCipherSpecs;
        }
        assertThat(ccs).as("no final flight").isZero();
        assertThat(p.server.status()).isEqualTo(DtlsConnection.Status.FAILED);
        assertThat(p.server.failure().reason()).isEqualTo(Reason.HANDSHAKE_TIMEOUT);
        assertThat(p.now).as("given up at the handshake timeout")
                .isEqualTo(DtlsConfig.DEFAULT_HANDSHAKE_TIMEOUT.toNanos());
        assertThat(p.server.pollApplicationData()).isNull();
    }

    @Test
    void S08_aSecondFinishedWithANewMessageSeqAfterTheHandshakeIsFatal() {
        Play p = new Play(ClientAuth.NONE);
        p.hello();
        p.honestFlight();
        assertThat(p.server.isConnected()).isTrue();
        p.send(p.c.applicationData(DATA));
        assertThat(p.server.pollApplicationData()).isEqualTo(DATA);
        byte[] garbage = new byte[12];
        HostilePeer.Received r = p.send(p.c.finished(garbage), p.c.applicationData(DATA));
        assertThat(p.server.status()).isEqualTo(DtlsConnection.Status.FAILED);
        assertThat(p.server.failure().reason()).isEqualTo(Reason.UNEXPECTED_MESSAGE);
        assertThat(r.alerts).containsExactly(Alert.fatal(AlertDescription.UNEXPECTED_MESSAGE));
        assertThat(p.server.pollApplicationData()).as("nothing after the bogus Finished").isNull();
    }

    @Test
    void S08_S25_theClientFinishedAgainIsARetransmissionAnsweredWithTheLastFlight() {
        Play p = new Play(ClientAuth.NONE);
        p.hello();
        // The client's flight 5 arrives; the server's CCS and Finished are lost on the way back.
        byte[] cke = p.c.clientKeyExchange();
        byte[] ccs = p.c.changeCipherSpec();
        byte[] fin = p.c.finished();
        p.server.receive(HostilePeer.datagram(cke, ccs, fin), p.now);
        assertThat(p.server.isConnected()).isTrue();
        p.server.send(DATA, p.now);
        while (p.server.pollDatagram() != null) {
            // lost: the final flight and the first application record
        }
        // The client's timer resends flight 5 a second later: same messages, new record numbers.
        p.now += DtlsConfig.DEFAULT_INITIAL_RETRANSMIT.toNanos();
        HostilePeer.Received again = p.send(p.c.resend(1), p.c.resendChangeCipherSpec(0), p.c.resend(2));
        assertThat(again.changeCipherSpecs).as("the final flight again: %s", again).isEqualTo(1);
        assertThat(again.messages).extracting(m -> m.type()).containsExactly(HandshakeType.FINISHED);
        assertThat(p.c.peerFinishedVerified).isTrue();
        assertThat(p.server.isConnected()).isTrue();
        // Not processed a second time: the connection carries data as before.
        p.send(p.c.applicationData(DATA));
        assertThat(p.server.pollApplicationData()).isEqualTo(DATA);
    }

    @Test
    void S09_aFinishedWithWrongVerifyDataIsDecryptErrorOnceItsRetransmissionConfirmsIt() {
        Play p = new Play(ClientAuth.NONE);
        p.hello();
        byte[] cke = p.c.clientKeyExchange();
        byte[] ccs = p.c.changeCipherSpec();
        byte[] verify = p.c.ourVerifyData();
        verify[0] ^= 1;
        byte[] fin = p.c.finished(verify);
        HostilePeer.Received first = p.send(cke, ccs, fin);
        // A Finished that does not match may come from a corrupted epoch-0 message before it: the
        // server returns to where it sent its flight and waits for the client's retransmission.
        assertThat(first.alerts).isEmpty();
        assertThat(first.changeCipherSpecs).as("no final flight").isZero();
        assertThat(p.server.isHandshaking()).isTrue();
        // The client's timer resends its flight: the same Finished fails again, and that is final.
        p.now += DtlsConfig.DEFAULT_INITIAL_RETRANSMIT.toNanos();
        HostilePeer.Received r = p.send(p.c.resend(1), p.c.resendChangeCipherSpec(0), p.c.resend(2));
        p.assertFailed(Reason.BAD_FINISHED, AlertDescription.DECRYPT_ERROR, r);
        assertThat(r.changeCipherSpecs).as("no final flight").isZero();
    }

    @Test
    void S11_aPlaintextRecordWithEpochOneIsDroppedWithoutDecryptError() {
        Play p = new Play(ClientAuth.NONE);
        p.hello();
        byte[] cke = p.c.clientKeyExchange();
        byte[] plainInEpoch1 = p.c.record(org.dtlsj.wire.ContentType.HANDSHAKE, 1, 0, new byte[] {16, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0}, false);
        HostilePeer.Received r = p.send(plainInEpoch1);
        assertThat(r.alerts).as("never decrypt_error for an unprotected record").isEmpty();
        assertThat(p.server.isHandshaking()).isTrue();
        r = p.send(cke, p.c.changeCipherSpec(), p.c.finished());
        assertThat(p.server.isConnected()).as("%s", r).isTrue();
    }

    @Test
    void S13_nothingAfterAFatalAlertMidHandshake() {
        Play p = new Play(ClientAuth.NONE);
        p.hello();
        p.send(p.c.alert(Alert.fatal(AlertDescription.HANDSHAKE_FAILURE)));
        assertThat(p.server.status()).isEqualTo(DtlsConnection.Status.FAILED);
        assertThat(p.server.failure().reason()).isEqualTo(Reason.PEER_ALERT);
        HostilePeer.Received r = p.honestFlight();
        assertThat(r.messages).isEmpty();
        assertThat(r.changeCipherSpecs).isZero();
        assertThat(r.alerts).isEmpty();
        assertThat(p.server.isConnected()).isFalse();
    }

    @Test
    void S13_nothingAfterCloseNotify() {
        Play p = new Play(ClientAuth.NONE);
        p.hello();
        p.honestFlight();
        p.send(p.c.applicationData(DATA));
        assertThat(p.server.pollApplicationData()).isEqualTo(DATA);
        HostilePeer.Received r = p.send(p.c.alert(Alert.warning(AlertDescription.CLOSE_NOTIFY)), p.c.applicationData(DATA));
        assertThat(p.server.status()).isEqualTo(DtlsConnection.Status.CLOSED);
        assertThat(r.alerts).as("close_notify answered").containsExactly(Alert.warning(AlertDescription.CLOSE_NOTIFY));
        // Data, then a new ClientHello, both protected with the keys still held.
        r = p.send(p.c.applicationData(DATA), p.c.clientHello());
        assertThat(r.messages).isEmpty();
        assertThat(p.server.pollApplicationData()).as("data after close_notify is dropped").isNull();
        assertThat(p.server.status()).isEqualTo(DtlsConnection.Status.CLOSED);
    }

    @Test
    void S22_noRsaKeyTransportSuiteIsEverChosen() {
        // RSA key transport (TLS_RSA_WITH_*) is not implemented, so the Bleichenbacher oracle of
        // S-22 has no surface: a client offering only those suites gets handshake_failure.
        Play p = new Play(ClientAuth.NONE);
        ClientHello rsaOnly = new ClientHello(org.dtlsj.wire.ProtocolVersion.DTLS_1_2, new byte[32], new byte[0], new byte[0],
                List.of(new CipherSuiteId(0x009C), new CipherSuiteId(0x002F)), new byte[] {0},
                org.dtlsj.wire.extension.Extensions.NONE);
        byte[] hello = p.c.rawHandshake(HandshakeType.CLIENT_HELLO, 0, WireWriter.encode(rsaOnly), false);
        p.deliver(hello);
        HostilePeer.Received r = p.deliver(hello);
        p.assertFailed(Reason.NO_COMMON_PARAMETERS, AlertDescription.HANDSHAKE_FAILURE, r);
    }

    @Test
    void D01_aSlowLorisThatDribblesFragmentsCannotHoldTheHandshakePastItsTimeout() {
        Play p = new Play(ClientAuth.NEED);
        p.hello();
        byte[] cert = p.c.certificate(CLIENT.chain());
        // The Certificate message (after the 13-byte record header), re-sent one body byte per
        // fragment every half second: always progress, never complete before the deadline.
        byte[] message = java.util.Arrays.copyOfRange(cert, 13, cert.length);
        int length = message.length - 12;
        long step = 500_000_000L;
        int sent = 0;
        for (int off = 0; off < length && p.server.isHandshaking(); off++) {
            WireWriter w = new WireWriter();
            w.u8(HandshakeType.CERTIFICATE.value()).u24(length).u16(1).u24(off).u24(1).bytes(message, 12 + off, 1);
            p.send(p.c.record(org.dtlsj.wire.ContentType.HANDSHAKE, w.toByteArray()));
            sent++;
            p.now += step;
            long t = p.server.nextTimeoutNanos();
            if (t <= p.now) p.server.handleTimeout(p.now);
        }
        assertThat(length).as("enough bytes to outlast the timeout").isGreaterThan(2 * 63);
        assertThat(p.server.status()).isEqualTo(DtlsConnection.Status.FAILED);
        assertThat(p.server.failure().reason()).isEqualTo(Reason.HANDSHAKE_TIMEOUT);
        assertThat(sent * step).as("ended at the handshake timeout, counted from the ClientHello")
                .isBetween(DtlsConfig.DEFAULT_HANDSHAKE_TIMEOUT.toNanos(), DtlsConfig.DEFAULT_HANDSHAKE_TIMEOUT.toNanos() + step);
    }

    @Test
    void dataTheApplicationDoesNotReadIsHeldUpToItsBoundThenDroppedAsIfLost() {
        Play p = new Play(ClientAuth.NONE);
        p.hello();
        p.honestFlight();
        int bound = org.dtlsj.config.Limits.DEFAULT.maxApplicationQueue();
        for (int i = 0; i < bound + 500; i++) {
            p.send(p.c.applicationData(java.nio.ByteBuffer.allocate(4).putInt(i).array()));
        }
        for (int i = 0; i < bound; i++) {
            assertThat(java.nio.ByteBuffer.wrap(p.server.pollApplicationData()).getInt()).isEqualTo(i);
        }
        assertThat(p.server.pollApplicationData()).isNull();
        assertThat(p.server.isConnected()).isTrue();
        // Room again: the connection goes on.
        p.send(p.c.applicationData(DATA));
        assertThat(p.server.pollApplicationData()).isEqualTo(DATA);
    }
}
