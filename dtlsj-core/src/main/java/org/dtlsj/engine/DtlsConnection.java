package org.dtlsj.engine;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.error.AlertDescription;
import org.dtlsj.error.DtlsException;
import org.dtlsj.error.Reason;
import org.dtlsj.handshake.Flight;
import org.dtlsj.handshake.HandshakeContext;
import org.dtlsj.handshake.HandshakeMessage;
import org.dtlsj.handshake.HandshakeState;
import org.dtlsj.handshake.Reassembler;
import org.dtlsj.handshake.client.ClientStart;
import org.dtlsj.record.RecordProtection;
import org.dtlsj.session.ResumableSession;
import org.dtlsj.record.WriteEpoch;
import org.dtlsj.wire.Alert;
import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.RecordHeader;
import org.dtlsj.wire.WireWriter;
import org.dtlsj.wire.handshake.ClientHello;

/**
 * One DTLS connection, sans I/O: datagrams and the current time go in, datagrams, application
 * data and events come out. It never reads a clock for timers, never touches a socket, and never
 * throws for anything a peer sends — invalid records are dropped and counted (RFC 6347 §4.1.2.7),
 * handshake violations end the connection with the alert {@link org.dtlsj.error.Alerts} chooses.
 * See the package documentation for how to drive one.
 *
 * <p>Not thread-safe: confine each connection to one thread (an event loop, or a lock).
 */
public final class DtlsConnection {
    /** RFC 6347 §4.1 / RFC 5246 §6.2.3: a protected fragment is at most 2^14 + 2048 bytes. */
    public static final int MAX_CIPHERTEXT = RecordLayer.MAX_CIPHERTEXT;
    /** RFC 5246 §6.2.1: plaintext fragments are at most 2^14 bytes. */
    public static final int MAX_PLAINTEXT = RecordLayer.MAX_PLAINTEXT;
    /** Where the connection is in its life. */
    public enum Status { HANDSHAKING, CONNECTED, CLOSED, FAILED }

    final DtlsConfig config;
    final boolean client;
    final byte[] peerAddress;
    private final String serverName;
    final ConnectionStats stats = new ConnectionStats();
    // Small to start with: an idle connection holds them empty (they grow as needed).
    final ArrayDeque<byte[]> outbound = new ArrayDeque<>(4);
    private final ArrayDeque<byte[]> inbound = new ArrayDeque<>(4);
    private final ArrayDeque<DtlsEvent> events = new ArrayDeque<>(2);
    final Tracer tracer;
    final RecordLayer records;

    Status status = Status.HANDSHAKING;
    private DtlsException failure;
    private SessionInfo session;

    // ---- handshake state; released when the handshake ends ----
    HandshakeContext cx;
    HandshakeState state;
    Reassembler reassembler;
    final Flights flights;
    /** Made when a heartbeat is first sent or received: most connections never have one. */
    private Heartbeats heartbeats;
    final ServerHellos serverHellos;
    final HandshakeInput input = new HandshakeInput(this);
    int peerFlightEndSeq = -1;
    boolean earlyChangeCipherSpec;
    long handshakeDeadline = Long.MAX_VALUE;
    boolean started;

    final HandshakeRecovery recovery = new HandshakeRecovery();
    final Renegotiation renegotiation = new Renegotiation(this);
    /** Over SCTP (RFC 6083), what the association is asked to do; null over UDP. */
    final SctpLink sctp;
    /** Over SCTP, what the transport gave with each application record received (in step with {@link #inbound}). */
    private final ArrayDeque<Object> inboundContext;

    boolean closeNotifySent;
    /** Server: the message_seq of the ClientHello being answered. */
    /** Client: ServerHelloDone, held while the application chooses a certificate. */
    HandshakeMessage paused;
    private ResumableSession resumeFrom;
    private ResumableSession resumable;
    /** The peer's record_size_limit (RFC 8449) once negotiated: the largest plaintext we send it. */
    private int sendLimit = MAX_PLAINTEXT;
    /** RFC 5705, once the handshake completed. */
    private org.dtlsj.crypto.KeyingMaterialExporter exporter;

    private DtlsConnection(DtlsConfig config, boolean client, String serverName, byte[] peerAddress) {
        this.config = config;
        this.client = client;
        this.serverName = serverName;
        this.peerAddress = peerAddress.clone();
        this.records = new RecordLayer(config, stats);
        this.tracer = config.tracer();
        this.sctp = config.sctp() ? new SctpLink(config.sctpPpid()) : null;
        this.inboundContext = config.sctp() ? new ArrayDeque<>() : null;
        this.flights = new Flights(config, stats, sctp != null ? sctp::beforeItem : null);
        this.serverHellos = new ServerHellos(this);
    }

    /**
     * A client connection. {@code serverName} is sent as SNI (when it is a DNS name) and the
     * server's certificate is checked against it; null skips both.
     */
    public static DtlsConnection client(DtlsConfig config, String serverName) {
        return new DtlsConnection(config, true, serverName, new byte[0]);
    }

    /**
     * A client connection that offers to resume {@code session} (from {@link #resumableSession()}
     * of an earlier connection to the same server); the server may resume it (an abbreviated
     * handshake, RFC 5246 §7.3) or make a full handshake. Null offers nothing.
     */
    public static DtlsConnection client(DtlsConfig config, String serverName, ResumableSession session) {
        DtlsConnection c = new DtlsConnection(config, true, serverName, new byte[0]);
        c.resumeFrom = session;
        return c;
    }

    /**
     * Client: what a later connection to this server may resume ({@link #client(DtlsConfig, String,
     * ResumableSession)}), once the handshake completed; null if the server offered nothing.
     */
    public ResumableSession resumableSession() {
        return resumable;
    }

    /**
     * A server connection for the peer named by {@code peerAddress} (any stable bytes, e.g. the
     * IP address and port; the cookie is bound to them). It waits for a ClientHello; with the
     * cookie exchange on, it answers ClientHellos without a valid cookie with HelloVerifyRequest
     * and keeps no state from them.
     */
    public static DtlsConnection server(DtlsConfig config, byte[] peerAddress) {
        return new DtlsConnection(config, false, null, peerAddress);
    }

    /** Authenticated records from the record layer, dispatched by content type. */
    final RecordInput recordInput = new RecordInput(this);
    final RecordLayer.Sink sink = recordInput;

    // ------------------------------------------------------------------ public API

    /** Client: sends the first ClientHello. Servers start when a ClientHello arrives. */
    public void start(long nowNanos) {
        if (!client) throw new IllegalStateException("a server starts when a ClientHello arrives");
        if (started) return;
        started = true;
        cx = new HandshakeContext(config, true, serverName);
        cx.resumeFrom = resumeFrom;
        reassembler = new Reassembler(config.limits(), 0);
        handshakeDeadline = nowNanos + config.handshakeTimeout().toNanos();
        state = ClientStart.start(cx);
        sendPendingFlight(nowNanos);
        input.checkpoint();
    }

    /** A datagram arrived. Never throws for its content. */
    public void receive(byte[] datagram, long nowNanos) {
        receive(datagram, 0, datagram.length, nowNanos);
    }

    public void receive(ByteBuffer datagram, long nowNanos) {
        if (!datagram.hasArray()) {
            byte[] copy = new byte[datagram.remaining()];
            datagram.get(copy);
            receive(copy, 0, copy.length, nowNanos);
            return;
        }
        int off = datagram.arrayOffset() + datagram.position();
        int len = datagram.remaining();
        datagram.position(datagram.limit());
        receive(datagram.array(), off, len, nowNanos);
    }

    /**
     * Over SCTP: one user message (one record, RFC 6083 §4.1) arrived; {@code context} (its
     * rcvinfo, say) comes back with the application data it carries ({@link #pollApplicationMessage()}).
     */
    public void receive(byte[] d, int off, int len, Object context, long nowNanos) {
        records.context(context);
        try {
            receive(d, off, len, nowNanos);
        } finally {
            records.context(null);
        }
    }

    public void receive(byte[] d, int off, int len, long nowNanos) {
        stats.datagramsReceived++;
        if (status == Status.FAILED || status == Status.CLOSED) return;
        if (sctp != null && (len < RecordHeader.LENGTH || RecordHeader.LENGTH + (((d[off + 11] & 0xff) << 8) | (d[off + 12] & 0xff)) != len)) {
            // RFC 6083 §4.1: every user message is exactly one record; two, or half of one, are invalid.
            stats.droppedMalformed++;
            return;
        }
        if (!client && !started) {
            serverHellos.accept(d, off, len, nowNanos);
            return;
        }
        records.read(d, off, len, nowNanos, sink);
    }

    /**
     * Sends {@code len} bytes as one application data record in one datagram (records are never
     * split: DTLS preserves datagram boundaries). At most {@link #MAX_PLAINTEXT} bytes; more than
     * {@link #maxApplicationDataSize()} is allowed but then exceeds the configured MTU.
     *
     * @throws IllegalStateException if the connection is not {@link Status#CONNECTED}
     */
    public void send(byte[] data, int off, int len, long nowNanos) {
        send(data, off, len, 0, false, config.sctpPpid(), nowNanos);
    }

    /**
     * Over SCTP: application data as one record in one user message on {@code stream}, ordered or
     * not, with {@code ppid} (RFC 6083 §4.3, §4.4: streams other than 0 avoid head-of-line
     * blocking behind the handshake). Over UDP the three are ignored.
     */
    public void send(byte[] data, int off, int len, int stream, boolean unordered, int ppid, long nowNanos) {
        send(data, off, len, new org.dtlsj.sctp.SctpSndInfo(stream, unordered ? org.dtlsj.sctp.SctpSndInfo.SCTP_UNORDERED : 0, ppid, 0),
                org.dtlsj.sctp.SctpPrInfo.RELIABLE, nowNanos);
    }

    /** Over SCTP: application data as one record in one user message, sent as {@code info} and {@code pr} say (RFC 6458 §5.3.4, §5.3.7). */
    public void send(byte[] data, int off, int len, org.dtlsj.sctp.SctpSndInfo info, org.dtlsj.sctp.SctpPrInfo pr, long nowNanos) {
        checkSendable(len, nowNanos);
        if (renegotiation.hold(data, off, len, info, pr)) return;
        sealApplicationData(data, off, len, info, pr);
    }

    /**
     * Seals {@code len} bytes of application data as one record straight into {@code out} at
     * {@code outOff}, the datagram to send next, without allocating; the same checks as {@link
     * #send(byte[], int, int, long)}. It returns -1, having done nothing, when the data must take
     * {@code send}'s way: datagrams wait in {@link #pollDatagram()} and go first, a renegotiation
     * runs, or the connection runs over SCTP.
     *
     * @return the datagram's length, or -1
     * @throws IllegalArgumentException if {@code out} has less room than {@code len} plus {@link #recordOverhead()}
     */
    public int sendInto(byte[] data, int off, int len, byte[] out, int outOff, long nowNanos) {
        checkSendable(len, nowNanos);
        if (sctp != null || !outbound.isEmpty() || renegotiation.active()) return -1;
        int overhead = records.writeEpoch().overhead();
        if (out.length - outOff < len + overhead) {
            throw new IllegalArgumentException("room for " + (len + overhead) + " bytes needed, " + (out.length - outOff) + " given");
        }
        int n = records.sealInto(ContentType.APPLICATION_DATA, data, off, len, out, outOff);
        stats.applicationRecordsSent++;
        stats.datagramsSent++;
        return n;
    }

    /** The most a record of the current write epoch adds to its payload (header, nonce, tag, padding). */
    public int recordOverhead() {
        return records.writeEpoch().overhead();
    }

    private void checkSendable(int len, long nowNanos) {
        if (status != Status.CONNECTED) {
            throw new IllegalStateException("cannot send application data: connection is " + status
                    + (failure != null ? " (" + failure.getMessage() + ")" : ""));
        }
        if (len > MAX_PLAINTEXT) throw new IllegalArgumentException("record of " + len + " bytes exceeds 2^14");
        if (len > sendLimit) {
            throw new IllegalArgumentException("record of " + len + " bytes exceeds the peer's record_size_limit of "
                    + sendLimit + " (RFC 8449)");
        }
        if (records.writeEpoch().nextSequence() > RecordHeader.MAX_SEQUENCE) {
            // RFC 6347 §4.1: sequence numbers MUST NOT wrap; without renegotiation the connection ends.
            fail(new DtlsException(Reason.INTERNAL_ERROR, "record sequence numbers exhausted: replace the connection"), nowNanos, false);
            throw new IllegalStateException(failure.getMessage());
        }
    }

    void sealApplicationData(byte[] data, int off, int len, org.dtlsj.sctp.SctpSndInfo info, org.dtlsj.sctp.SctpPrInfo pr) {
        byte[] record = records.seal(ContentType.APPLICATION_DATA, data, off, len);
        if (sctp != null) {
            sctp.application(outbound, record, info, pr);
        } else {
            outbound.add(record);
        }
        stats.applicationRecordsSent++;
    }

    public void send(byte[] data, long nowNanos) {
        send(data, 0, data.length, nowNanos);
    }

    public void send(ByteBuffer data, long nowNanos) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        send(b, 0, b.length, nowNanos);
    }

    /** The largest application payload whose datagram fits the configured MTU. */
    public int maxApplicationDataSize() {
        if (sctp != null) return sendLimit; // RFC 6083 §3.2: SCTP fragments user messages
        return Math.min(sendLimit, pathMtu() - records.writeEpoch().overhead());
    }

    /**
     * Over SCTP: the next thing the association must do — send a message, change an SCTP-AUTH
     * key, or wait for sender dry — or null. Carry them out in order ({@link SctpOutput}).
     *
     * @throws IllegalStateException over UDP (use {@link #pollDatagram()})
     */
    public SctpOutput pollSctp() {
        if (sctp == null) throw new IllegalStateException("not a connection over SCTP: use pollDatagram()");
        SctpOutput o = sctp.poll(outbound);
        if (o instanceof SctpOutput.Message) stats.datagramsSent++;
        return o;
    }

    /** The next datagram to send, or null. */
    public byte[] pollDatagram() {
        if (sctp != null) throw new IllegalStateException("a connection over SCTP: use pollSctp(), which says where each record goes");
        byte[] d = outbound.poll();
        if (d != null) stats.datagramsSent++;
        return d;
    }

    /** The next application datagram received, or null. */
    public byte[] pollApplicationData() {
        if (inboundContext != null) inboundContext.poll();
        return inbound.poll();
    }

    /** Over SCTP: the next application data received with the context its record came with, or null. */
    public SctpOutput.Inbound pollApplicationMessage() {
        byte[] d = inbound.poll();
        if (d == null) return null;
        Object ctx = inboundContext != null ? inboundContext.poll() : null;
        return new SctpOutput.Inbound(d, ctx == NO_CONTEXT ? null : ctx);
    }

    private static final Object NO_CONTEXT = new Object();

    public DtlsEvent pollEvent() {
        return events.poll();
    }

    /** When {@link #handleTimeout} must next be called, in the caller's nanosecond time; {@link Long#MAX_VALUE} for never. */
    public long nextTimeoutNanos() {
        if (status == Status.HANDSHAKING && started) return Math.min(flights.timerDeadline(), handshakeDeadline);
        if (status == Status.CONNECTED) {
            long at = Math.min(Math.min(flights.finalFlightExpiry(), heartbeats == null ? Long.MAX_VALUE : heartbeats.deadline()), renegotiation.deadline());
            return renegotiation.active() ? Math.min(at, Math.min(flights.timerDeadline(), handshakeDeadline)) : at;
        }
        return Long.MAX_VALUE;
    }

    /** Fires due timers: retransmits the current flight, or fails a handshake that ran out of time. */
    public void handleTimeout(long nowNanos) {
        if (status == Status.HANDSHAKING && started) {
            if (nowNanos - handshakeDeadline >= 0) {
                String drop = reassembler != null && reassembler.lastDrop() != null
                        ? "; last input dropped: " + reassembler.lastDrop() : "";
                fail(new DtlsException(Reason.HANDSHAKE_TIMEOUT, "handshake timed out after "
                        + config.handshakeTimeout().toMillis() + " ms and " + flights.expiries()
                        + " retransmissions " + state + drop), nowNanos);
                return;
            }
            if (flights.onTimer(nowNanos, this::writeEpochFor, outbound)) reassembler.dropContested();
        } else if (status == Status.CONNECTED) {
            if (renegotiation.active()) {
                if (nowNanos - handshakeDeadline >= 0) {
                    renegotiation.onHandshakeTimeout(nowNanos);
                } else if (flights.onTimer(nowNanos, this::writeEpochFor, outbound)) {
                    reassembler.dropContested();
                }
            } else {
                if (nowNanos - flights.finalFlightExpiry() >= 0) releaseHandshake(nowNanos);
                renegotiation.onTimer(nowNanos);
            }
            if (status != Status.CONNECTED) return;
            DtlsException dead = heartbeats == null ? null : heartbeats.onTimer(nowNanos);
            if (dead != null) fail(dead, nowNanos);
        }
    }

    /**
     * Starts a secure renegotiation (RFC 5746): a client sends a new ClientHello, a server a
     * HelloRequest. Application data goes on flowing both ways meanwhile. The outcome comes as
     * {@link DtlsEvent.Renegotiated}, or {@link DtlsEvent.RenegotiationRefused} if the peer
     * declines (the connection then goes on under its current keys).
     *
     * @throws IllegalStateException if the connection is not established, a renegotiation is in
     *         progress, the configuration refuses it, or the peer does not support RFC 5746
     */
    public void renegotiate(long nowNanos) {
        String refusal = renegotiation.refusal();
        if (refusal != null) throw new IllegalStateException("cannot renegotiate: " + refusal);
        renegotiation.request(nowNanos);
    }

    /**
     * The transport under the connection is gone (an SCTP association lost, restarted or shut
     * down: RFC 6083 §4.2, a DTLS connection never spans two): the connection fails without an
     * alert. Data already received stays readable.
     */
    public void transportFailed(String why, long nowNanos) {
        if (status == Status.FAILED || status == Status.CLOSED) return;
        fail(new DtlsException(Reason.CLOSED, why), nowNanos, false);
    }

    /**
     * For a connection idle a while: releases what the next record can make again (the cipher
     * instances and key schedules of its epochs, about 1.3 KB with AES-GCM); its keys stay. A
     * transport calls it for connections it has not heard from for some time.
     */
    public void trimIdle() {
        if (status == Status.CONNECTED && !handshakeRunning()) records.trim();
    }

    /** A renegotiation runs (or this server waits for the answer to its HelloRequest). */
    public boolean isRenegotiating() {
        return renegotiation.active() || renegotiation.deadline() != Long.MAX_VALUE;
    }

    /** A handshake runs: the first one, or a renegotiation on the established connection. */
    boolean handshakeRunning() {
        return status == Status.HANDSHAKING || (status == Status.CONNECTED && renegotiation.active());
    }

    String serverName() {
        return serverName;
    }

    Heartbeats heartbeats() {
        if (heartbeats == null) heartbeats = new Heartbeats(config, stats, records, outbound, events);
        return heartbeats;
    }

    ArrayDeque<DtlsEvent> events() {
        return events;
    }

    /**
     * Sends a HeartbeatRequest (RFC 6520) with {@code paddingLength} (16 or more) random bytes of
     * padding; false if the peer may not be sent one, or one is in flight (§3). The answer comes as
     * {@link DtlsEvent.HeartbeatAnswered}; none within the handshake timeout fails the connection.
     */
    public boolean sendHeartbeat(int paddingLength, long nowNanos) {
        if (status != Status.CONNECTED || !session.heartbeat().mayRequest()) return false;
        if (3 + 16 + paddingLength > sendLimit) return false; // type, payload_length, 16-byte payload, padding
        return heartbeats().send(paddingLength, nowNanos);
    }

    /**
     * Starts Path-MTU discovery (RFC 4821 with RFC 6520 §5.1 probes): a binary search from the
     * configured MTU up to {@code ceiling} bytes of UDP payload, {@code probesPerSize} probes per
     * size, each lost after {@code probeTimeoutNanos}. The result (a {@link DtlsEvent.PathMtuDiscovered})
     * becomes this connection's MTU ({@link #maxApplicationDataSize()}). False if the peer does
     * not answer heartbeats or a heartbeat is in flight.
     */
    public boolean discoverPathMtu(int ceiling, int probesPerSize, long probeTimeoutNanos, long nowNanos) {
        if (sctp != null) return false; // RFC 6083 §3.4: SCTP discovers the path MTU
        if (status != Status.CONNECTED || !session.heartbeat().mayRequest()) return false;
        // A probe is one protected heartbeat record: no larger than the peer's record_size_limit allows.
        int cap = Math.min(ceiling, sendLimit + records.writeEpoch().overhead());
        return heartbeats().discoverPathMtu(cap, probesPerSize, probeTimeoutNanos, nowNanos);
    }

    /**
     * Keying material for the application (RFC 5705): {@code length} bytes derived from this
     * connection's master secret under {@code label} (printable ASCII; "EXPERIMENTAL..." for
     * private use) and {@code context} (null for none). Both peers get the same bytes.
     *
     * @throws IllegalStateException before the handshake completed
     */
    public byte[] exportKeyingMaterial(String label, byte[] context, int length) {
        if (exporter == null) throw new IllegalStateException("no keying material before the handshake completes");
        return exporter.export(label, context, length);
    }

    /** The exporter once the handshake completed (for transports that hand it to other threads), else null. */
    public org.dtlsj.crypto.KeyingMaterialExporter keyingMaterialExporter() {
        return exporter;
    }

    /** The largest plaintext of one record to the peer: 2^14, or its record_size_limit (RFC 8449) once negotiated. */
    public int maxRecordPlaintext() {
        return sendLimit;
    }

    /** The largest datagram this connection sends: the configured MTU or the discovered path MTU. */
    public int pathMtu() {
        return heartbeats == null ? config.mtu() : heartbeats.pathMtu();
    }

    /** Sends close_notify (RFC 5246 §7.2.1) and closes. Data already received stays readable. */
    public void close(long nowNanos) {
        if (status == Status.CONNECTED) {
            if (sctp != null) sctp.awaitDry(outbound); // RFC 6083 §4.9
            sendAlert(Alert.warning(AlertDescription.CLOSE_NOTIFY));
            closeNotifySent = true;
            status = Status.CLOSED;
            renegotiation.discard();
            releaseHandshake(nowNanos);
            events.add(new DtlsEvent.Closed(false));
        } else if (status == Status.HANDSHAKING) {
            if (started) sendAlert(Alert.warning(AlertDescription.CLOSE_NOTIFY));
            fail(new DtlsException(Reason.CLOSED, "closed by the application during the handshake"), nowNanos, false);
        }
    }

    public Status status() {
        return status;
    }

    public boolean isConnected() {
        return status == Status.CONNECTED;
    }

    public boolean isHandshaking() {
        return status == Status.HANDSHAKING;
    }

    public boolean isClient() {
        return client;
    }

    /** Client: the handshake waits for the application's certificate choice ({@link #resume}). */
    public boolean isPausedForCertificate() {
        return paused != null;
    }

    /** Client: asks the certificate selector again and goes on if it has chosen. */
    public void resume(long nowNanos) {
        HandshakeMessage m = paused;
        paused = null;
        if (m != null && handshakeRunning()) {
            input.handle(m, nowNanos);
            if (paused == null) input.deliverMessages(nowNanos);
        }
    }

    /** Client: {@link #start} was called. Server: a ClientHello with a valid cookie arrived. */
    public boolean isHandshakeStarted() {
        return started;
    }

    /** Why the connection failed, or null. */
    public DtlsException failure() {
        return failure;
    }

    /** What the handshake negotiated; null before it completes. */
    public SessionInfo session() {
        return session;
    }

    public ConnectionStats stats() {
        return stats;
    }

    /** A short description of the handshake state, for logs and error messages. */
    public String stateDescription() {
        return status == Status.HANDSHAKING ? (!started ? "waiting for ClientHello" : state.toString()) : status.toString();
    }

    /** Application data received: queued for the application, false when its queue is full. */
    boolean deliver(byte[] data, Object context) {
        if (inbound.size() >= config.limits().maxApplicationQueue()) return false;
        inbound.add(data);
        if (inboundContext != null) inboundContext.add(context != null ? context : NO_CONTEXT);
        return true;
    }

    // ------------------------------------------------------------------ sending

    void sendPendingFlight(long now) {
        Flight f = cx.takeFlight();
        if (f == null) return;
        if (cx.version != null) {
            // Records carry the negotiated version once ServerHello settled it (RFC 6347 §4.1;
            // before that, DTLS 1.0 as OpenSSL sends it). Some stacks drop records that differ.
            records.version(cx.version);
        }
        flights.send(f, now, this::writeEpochFor, outbound);
    }

    WriteEpoch writeEpochFor(int epoch) {
        return records.writeEpochFor(epoch, () -> {
            var keys = cx.pendingKeys();
            return RecordProtection.of(cx.suite.cipher, client ? keys.clientKey() : keys.serverKey(),
                    client ? keys.clientIv() : keys.serverIv(), client ? keys.clientMacKey() : keys.serverMacKey(), cx.encryptThenMac,
                    config.random());
        }, cx != null ? cx.version : null);
    }

    void sendAlert(Alert a) {
        byte[] body = WireWriter.encode(a);
        outbound.add(records.seal(ContentType.ALERT, body, 0, body.length));
        if (tracer != null) tracer.event("alert sent: " + a);
    }

    // ------------------------------------------------------------------ life cycle

    void complete(long now) {
        boolean renegotiated = status == Status.CONNECTED;
        if (renegotiated) {
            DtlsException changed = renegotiation.checkIdentity(session, cx);
            if (changed != null) {
                fail(changed, now);
                return;
            }
        }
        renegotiation.handshakeCompleted(cx);
        status = Status.CONNECTED;
        session = new SessionInfo(cx.version, cx.suite, cx.group, cx.peerChain, cx.extendedMasterSecret,
                cx.secureRenegotiation, client ? cx.serverName : cx.requestedServerName, cx.peerHeartbeatMode == null ? SessionInfo.HeartbeatRights.NONE
                        : new SessionInfo.HeartbeatRights(cx.peerHeartbeatMode.allowsPeerToSend(), config.heartbeat().allowsPeerToSend()), cx.pskIdentity, cx.resumed, cx.peerRawPublicKey,
                cx.applicationProtocol, cx.encryptThenMac);
        exporter = new org.dtlsj.crypto.KeyingMaterialExporter(cx.prf(), cx.masterSecret, cx.clientRandom, cx.serverRandom);
        if (config.keyLog() != null) {
            java.util.HexFormat hex = java.util.HexFormat.of();
            config.keyLog().accept("CLIENT_RANDOM " + hex.formatHex(cx.clientRandom) + " " + hex.formatHex(cx.masterSecret));
        }
        flights.cancelTimer();
        if (flights.last() != null && !flights.last().finalFlight()) {
            // The peer's Finished answered our last flight (the client's in a full handshake, the
            // server's in an abbreviated one): it needs no keeping.
            flights.release();
        }
        resumable = cx.resumable;
        if (cx.peerRecordSizeLimit > 0) {
            // RFC 8449 §4: negotiated; each side holds to the other's limit for this handshake's keys.
            sendLimit = cx.peerRecordSizeLimit;
            records.receiveLimit(config.recordSizeLimit());
        }
        events.add(renegotiated ? new DtlsEvent.Renegotiated(session) : new DtlsEvent.HandshakeCompleted(session));
        records.handshakeDone(now);
        // Only the final flight (and the epoch its ChangeCipherSpec goes out in) may still be needed.
        cx = null;
        state = null;
        recovery.clear();
        reassembler.clear();
        if (flights.last() == null) releaseHandshake(now);
        if (sctp != null) sctp.completed(outbound); // RFC 6083 §4.8: the old key goes
        if (renegotiated) renegotiation.completed();
    }

    /** Drops everything only the handshake needed, so an idle connection stays small. */
    void releaseHandshake(long now) {
        flights.release();
        cx = null;
        state = null;
        records.release(now);
        recovery.clear();
        if (reassembler != null) reassembler.clear();
    }

    void fail(DtlsException e, long now) {
        fail(e, now, true);
    }

    void fail(DtlsException e, long now, boolean sendAlert) {
        if (status == Status.FAILED) return;
        AlertDescription alert = e.alertToSend();
        if (sendAlert && alert != null && started) {
            sendAlert(Alert.fatal(alert));
        }
        status = Status.FAILED;
        failure = e;
        flights.cancelTimer();
        renegotiation.discard();
        releaseHandshake(now);
        reassembler = null;
        events.add(new DtlsEvent.Failed(e));
    }
}
