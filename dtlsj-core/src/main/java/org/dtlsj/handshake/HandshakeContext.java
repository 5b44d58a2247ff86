package org.dtlsj.handshake;

import java.security.cert.X509Certificate;
import java.util.List;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.crypto.KeySchedule;
import org.dtlsj.wire.handshake.Finished;
import org.dtlsj.error.DtlsException;
import org.dtlsj.error.Reason;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.NamedGroup;
import org.dtlsj.wire.ProtocolVersion;
import org.dtlsj.wire.SignatureScheme;
import org.dtlsj.wire.WireWriter;
import org.dtlsj.wire.handshake.HandshakeBody;

/**
 * What one handshake has learned so far, and its outbox to the engine. The states read and fill
 * it; the engine drains the outbox (flight to send, keys to install, completion) after each
 * transition. Each field is written once, by the state that negotiates it.
 */
public final class HandshakeContext {
    public final DtlsConfig config;
    public final boolean client;
    /** Client: the host name for SNI and certificate checking, or null. */
    public final String serverName;
    public final Transcript transcript = new Transcript();

    /** Wall-clock milliseconds for certificate validity checks, set by the engine per call. */
    public final long wallClockMillis;

    public byte[] clientRandom;
    public byte[] serverRandom;
    public byte[] sessionId = new byte[0];
    public ProtocolVersion version;
    public CipherSuite suite;
    public NamedGroup group;
    public SignatureScheme peerSignatureScheme;
    public boolean extendedMasterSecret;
    public boolean secureRenegotiation;
    /** RFC 6520: the mode the peer announced (null: no heartbeats on this connection). */
    public org.dtlsj.wire.heartbeat.HeartbeatMode peerHeartbeatMode;
    public byte[] masterSecret;
    public List<X509Certificate> peerChain = List.of();
    /** The PSK identity the client named (RFC 4279 §2), or null without a PSK suite. */
    public byte[] pskIdentity;
    /** Server: the host name the client asked for (RFC 6066 §3), or null. */
    public String requestedServerName;
    /** Server: the key and chain answering this handshake (the configuration's, or the {@code ServerNameSelector}'s). */
    public java.security.PrivateKey ownKey;
    public List<X509Certificate> ownChain = List.of();
    /** Encrypt-then-MAC (RFC 7366) was negotiated for this CBC suite. */
    public boolean encryptThenMac;
    /** The application protocol agreed by ALPN (RFC 7301), or null. */
    public String applicationProtocol;
    /** The certificate types in force (RFC 7250): X.509 unless raw public keys were negotiated. */
    public org.dtlsj.config.CertificateType serverCertType = org.dtlsj.config.CertificateType.X509;
    public org.dtlsj.config.CertificateType clientCertType = org.dtlsj.config.CertificateType.X509;
    /** Server: answer the client's server_certificate_type / client_certificate_type in ServerHello. */
    public boolean echoServerCertType;
    public boolean echoClientCertType;
    /** The peer's raw public key (RFC 7250), or null. */
    public java.security.PublicKey peerRawPublicKey;
    /** The peer's record_size_limit (RFC 8449), 0 when the extension was not negotiated. */
    public int peerRecordSizeLimit;
    /** Client: the session offered for resumption, or null. */
    public org.dtlsj.session.ResumableSession resumeFrom;
    /** Client: the session ID offered in ClientHello (empty when not resuming). */
    public byte[] offeredSessionId = new byte[0];
    /** This handshake is abbreviated: it resumed a session (RFC 5246 §7.3). */
    public boolean resumed;
    /** ServerHello carried session_ticket: the server sends NewSessionTicket (RFC 5077 §3.2). */
    public boolean ticketNegotiated;
    /** Client: the ticket from NewSessionTicket, and its lifetime hint in seconds. */
    public byte[] newTicket;
    public long newTicketLifetime;
    /** Client: what the next connection may resume, set when the handshake completes; null if nothing. */
    public org.dtlsj.session.ResumableSession resumable;
    /** RFC 5746 §3.1: kept for a later renegotiation. */
    public byte[] clientVerifyData;
    public byte[] serverVerifyData;
    /**
     * A renegotiation (RFC 5746): the verify_data of the handshake this one replaces, and its
     * version, which a renegotiation keeps; null on an initial handshake. Set before it starts.
     */
    public Renegotiated renegotiation;
    /** Client: the cookie of the server's last HelloVerifyRequest (RFC 6347 §4.2.1), empty if none. */
    public byte[] cookie = new byte[0];

    /** What a renegotiation carries over from the handshake before it (RFC 5746 §3.5, §3.7). */
    public record Renegotiated(byte[] clientVerifyData, byte[] serverVerifyData, ProtocolVersion version, byte[] cookie) {
        /** The ServerHello's renegotiation_info: client_verify_data followed by server_verify_data (§3.5). */
        public byte[] both() {
            byte[] b = java.util.Arrays.copyOf(clientVerifyData, clientVerifyData.length + serverVerifyData.length);
            System.arraycopy(serverVerifyData, 0, b, clientVerifyData.length, serverVerifyData.length);
            return b;
        }
    }

    public boolean isRenegotiation() {
        return renegotiation != null;
    }

    // ---- outbox, drained by the engine ----
    private final Flight.Builder flight = new Flight.Builder();
    private int nextSendSeq;
    private int sendEpoch;
    private KeySchedule.TrafficKeys pendingKeys;
    private Flight readyFlight;
    private boolean complete;

    public HandshakeContext(DtlsConfig config, boolean client, String serverName) {
        this.config = config;
        this.client = client;
        this.serverName = serverName;
        this.wallClockMillis = config.wallClock().millis();
    }

    /** Everything a transition may change, so that the engine can undo it (see {@link #restore}). */
    public record Snapshot(byte[] clientRandom, byte[] serverRandom, byte[] sessionId, ProtocolVersion version,
                           CipherSuite suite, NamedGroup group, SignatureScheme peerSignatureScheme,
                           boolean extendedMasterSecret, boolean secureRenegotiation, byte[] masterSecret,
                           List<X509Certificate> peerChain, byte[] pskIdentity, boolean resumed, boolean ticketNegotiated,
                           byte[] newTicket, long newTicketLifetime, byte[] clientVerifyData, byte[] serverVerifyData,
                           int transcriptLength, int nextSendSeq, int sendEpoch, KeySchedule.TrafficKeys pendingKeys,
                           boolean complete) {
    }

    public Snapshot snapshot() {
        return new Snapshot(clientRandom, serverRandom, sessionId, version, suite, group, peerSignatureScheme,
                extendedMasterSecret, secureRenegotiation, masterSecret, peerChain, pskIdentity, resumed, ticketNegotiated,
                newTicket, newTicketLifetime, clientVerifyData, serverVerifyData,
                transcript.length(), nextSendSeq, sendEpoch, pendingKeys, complete);
    }

    /** Puts back what {@link #snapshot()} saw, and drops any flight under construction. */
    public void restore(Snapshot s) {
        clientRandom = s.clientRandom;
        serverRandom = s.serverRandom;
        sessionId = s.sessionId;
        version = s.version;
        suite = s.suite;
        group = s.group;
        peerSignatureScheme = s.peerSignatureScheme;
        extendedMasterSecret = s.extendedMasterSecret;
        secureRenegotiation = s.secureRenegotiation;
        masterSecret = s.masterSecret;
        peerChain = s.peerChain;
        pskIdentity = s.pskIdentity;
        resumed = s.resumed;
        ticketNegotiated = s.ticketNegotiated;
        newTicket = s.newTicket;
        newTicketLifetime = s.newTicketLifetime;
        clientVerifyData = s.clientVerifyData;
        serverVerifyData = s.serverVerifyData;
        transcript.truncate(s.transcriptLength);
        nextSendSeq = s.nextSendSeq;
        sendEpoch = s.sendEpoch;
        pendingKeys = s.pendingKeys;
        complete = s.complete;
        flight.build(false);
        readyFlight = null;
    }

    /** The epoch this handshake's first flight goes out in: 0, or a renegotiation's current one. */
    public void startSendEpoch(int epoch) {
        this.sendEpoch = epoch;
    }

    /** The next message_seq this side sends (RFC 6347 §4.2.2). */
    public void startSendSeq(int seq) {
        this.nextSendSeq = seq;
    }

    /** Appends a handshake message to the flight under construction and to the transcript. */
    public HandshakeMessage send(HandshakeBody body) {
        byte[] b = WireWriter.encode(body);
        HandshakeMessage m = new HandshakeMessage(body.type(), nextSendSeq++, b);
        transcript.add(m);
        flight.add(new Flight.Message(body.type(), m.messageSeq(), b, sendEpoch));
        return m;
    }

    /** Sends a message that is not part of the transcript (HelloVerifyRequest, the first ClientHello's retry is). */
    public void sendUnhashed(HandshakeType type, byte[] body) {
        flight.add(new Flight.Message(type, nextSendSeq++, body, sendEpoch));
    }

    /** Appends ChangeCipherSpec: later items of this flight go out in the next epoch under {@link #pendingKeys}. */
    public void sendChangeCipherSpec() {
        flight.add(new Flight.ChangeCipherSpec(sendEpoch));
        sendEpoch++;
    }

    /** Ends the flight under construction; the engine sends it. */
    public void endFlight(boolean finalFlight) {
        readyFlight = flight.build(finalFlight);
    }

    public boolean hasPendingFlight() {
        return readyFlight != null;
    }

    public Flight takeFlight() {
        Flight f = readyFlight;
        readyFlight = null;
        return f;
    }

    /** Derives the traffic keys from the master secret; the engine installs them at ChangeCipherSpec. */
    public void deriveKeys() {
        pendingKeys = KeySchedule.keyBlock(prf(), suite.cipher, masterSecret, clientRandom, serverRandom);
    }

    public KeySchedule.TrafficKeys pendingKeys() {
        return pendingKeys;
    }

    public void markComplete() {
        complete = true;
    }

    public boolean isComplete() {
        return complete;
    }

    /**
     * The peer's Finished (RFC 5246 §7.4.9): decoded, checked in constant time against the
     * transcript so far, kept for renegotiation (RFC 5746 §3.1), then added to the transcript.
     */
    public void acceptPeerFinished(HandshakeMessage m) throws DtlsException {
        Finished f = Negotiation.decode(m.body(), Finished::decode, "Finished");
        byte[] expected = verifyData(client ? KeySchedule.SERVER_FINISHED : KeySchedule.CLIENT_FINISHED);
        if (!java.security.MessageDigest.isEqual(expected, f.verifyData())) {
            throw new DtlsException(Reason.BAD_FINISHED, (client ? "server" : "client") + " Finished does not verify"
                    + (resumed ? " (resumed session)" : "") + ": the handshake was tampered with or the keys differ");
        }
        if (client) serverVerifyData = expected; else clientVerifyData = expected;
        transcript.add(m);
    }

    /** The PRF and handshake hash: the suite's in DTLS 1.2, MD5 and SHA-1 in DTLS 1.0 (RFC 4346 §5). */
    public org.dtlsj.config.PrfHash prf() {
        return version != null && version.equals(ProtocolVersion.DTLS_1_0) ? org.dtlsj.config.PrfHash.MD5_SHA1 : suite.prfHash;
    }

    /** DTLS 1.0 was negotiated: signatures and CertificateRequest take their TLS 1.1 forms. */
    public boolean legacy() {
        return version != null && version.equals(ProtocolVersion.DTLS_1_0);
    }

    /** Finished verify_data for {@code label} over the transcript so far. */
    public byte[] verifyData(String label) {
        return KeySchedule.verifyData(prf(), masterSecret, label, transcript.hash(prf()));
    }

    /** The state a later handshake may resume: this one's, once the master secret is known. */
    public org.dtlsj.session.SessionState sessionState() {
        List<byte[]> der = new java.util.ArrayList<>();
        try {
            for (X509Certificate c : peerChain) der.add(c.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        return new org.dtlsj.session.SessionState(version, suite, masterSecret, extendedMasterSecret, wallClockMillis, der, pskIdentity,
                client ? serverName : requestedServerName, peerRawPublicKey != null ? peerRawPublicKey.getEncoded() : null);
    }

    /** Takes the peer as a resumed session recorded it. */
    public void restorePeer(org.dtlsj.session.SessionState s) throws DtlsException {
        peerChain = s.peerChain().isEmpty() ? List.of() : org.dtlsj.crypto.CertificateChecker.parse(s.peerChain());
        pskIdentity = s.pskIdentity();
        peerRawPublicKey = s.peerRawPublicKey() != null ? org.dtlsj.crypto.RawPublicKeys.parse(s.peerRawPublicKey()) : null;
    }

    public static DtlsException unexpected(Object state, HandshakeMessage m) {
        return new DtlsException(Reason.UNEXPECTED_MESSAGE, "unexpected " + m.type() + " while " + state);
    }
}
