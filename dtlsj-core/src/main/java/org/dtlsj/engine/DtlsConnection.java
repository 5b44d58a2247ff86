package org.dtlsj.engine;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.error.AlertDescription;
import org.dtlsj.error.DtlsException;
import org.dtlsj.error.Reason;
import org.dtlsj.handshake.Flight;
import org.dtlsj.handshake.HandshakeContext;
import org.dtlsj.handshake.HandshakeMessage;
import org.dtlsj.handshake.HandshakeState;
import org.dtlsj.handshake.Reassembler;
import org.dtlsj.handshake.RetransmitTimer;
import org.dtlsj.handshake.client.ClientStart;
import org.dtlsj.handshake.client.ExpectServerHello;
import org.dtlsj.handshake.server.CookieExchange;
import org.dtlsj.handshake.server.ExpectClientHello;
import org.dtlsj.record.AeadProtection;
import org.dtlsj.record.ReadEpoch;
import org.dtlsj.record.RecordProtection;
import org.dtlsj.record.ReplayWindow;
import org.dtlsj.record.WriteEpoch;
import org.dtlsj.wire.Alert;
import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.DecodeException;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.ProtocolVersion;
import org.dtlsj.wire.RecordHeader;
import org.dtlsj.wire.WireReader;
import org.dtlsj.wire.WireWriter;
import org.dtlsj.wire.handshake.HandshakeHeader;

/**
 * One DTLS connection, sans I/O: datagrams and the current time go in, datagrams, application
 * data and events come out. It never reads a clock for timers, never touches a socket, and never
 * throws for anything a peer sends — invalid records are dropped and counted (RFC 6347 §4.1.2.7),
 * handshake violations end the connection with the alert {@link org.dtlsj.error.Alerts} chooses.
 *
 * <pre>{@code
 * DtlsConnection c = DtlsConnection.client(config, "example.com");
 * c.start(now);
 * for (byte[] d; (d = c.pollDatagram()) != null; ) socket.send(d);
 * ... c.receive(datagram, now); c.handleTimeout(now) at c.nextTimeoutNanos() ...
 * if (c.isConnected()) c.send(data, now);
 * for (byte[] app; (app = c.pollApplicationData()) != null; ) use(app);
 * }</pre>
 *
 * Not thread-safe: confine each connection to one thread (an event loop, or a lock).
 */
public final class DtlsConnection {
    /** RFC 6347 §4.1 / RFC 5246 §6.2.3: a protected fragment is at most 2^14 + 2048 bytes. */
    public static final int MAX_CIPHERTEXT = 16384 + 2048;
    /** RFC 5246 §6.2.1: plaintext fragments are at most 2^14 bytes. */
    public static final int MAX_PLAINTEXT = 16384;

    /** Where the connection is in its life. */
    public enum Status { HANDSHAKING, CONNECTED, CLOSED, FAILED }

    private final DtlsConfig config;
    private final boolean client;
    private final byte[] peerAddress;
    private final String serverName;
    private final ConnectionStats stats = new ConnectionStats();
    private final ArrayDeque<byte[]> outbound = new ArrayDeque<>();
    private final ArrayDeque<byte[]> inbound = new ArrayDeque<>();
    private final ArrayDeque<DtlsEvent> events = new ArrayDeque<>();
    private final byte[] plaintext = new byte[MAX_CIPHERTEXT];
    private final Tracer tracer;

    private Status status = Status.HANDSHAKING;
    private DtlsException failure;
    private SessionInfo session;

    // ---- handshake state; released when the handshake ends ----
    private HandshakeContext cx;
    private HandshakeState state;
    private Reassembler reassembler;
    private RetransmitTimer timer;
    private FlightWriter flightWriter;
    private Flight lastFlight;
    private int peerFlightEndSeq = -1;
    private boolean earlyChangeCipherSpec;
    private ArrayDeque<byte[]> deferred = new ArrayDeque<>();
    private boolean replayDeferred;
    private long handshakeDeadline = Long.MAX_VALUE;
    private long finalFlightExpiry = Long.MAX_VALUE;
    private boolean started;

    private final HandshakeRecovery recovery = new HandshakeRecovery();

    // ---- record layer ----
    /** While handshaking, the epoch before {@link #readEpoch}, for retransmitted handshake messages. */
    private ReadEpoch previousReadEpoch;
    private ReadEpoch readEpoch;
    private WriteEpoch writeEpoch;
    private WriteEpoch previousWriteEpoch;
    private boolean closeNotifySent;
    /** Client: times the server repeated its previous flight since our last new flight. */
    private int peerRepeats;
    /** See the probe in {@link #onOldFragment}. */
    static final int PROBE_AFTER_REPEATS = 3;
    /** The flight sent before {@link #lastFlight} in this handshake. */
    private Flight previousFlight;
    /** When {@link #lastFlight} last went out. */
    private long lastFlightSentAt = Long.MIN_VALUE / 2;
    /** Server: the message_seq of the ClientHello being answered. */
    private int clientHelloSeq;
    private byte[] clientHelloRandom;
    /** Where a write epoch re-created after a rewind starts numbering. */
    private long discardedWriteSeq;

    private DtlsConnection(DtlsConfig config, boolean client, String serverName, byte[] peerAddress) {
        this.config = config;
        this.client = client;
        this.serverName = serverName;
        this.peerAddress = peerAddress.clone();
        // Epoch 0 has no replay window: its records are not authenticated, so an attacker (or a
        // corrupted sequence number) could push the window ahead and blind us to the real peer.
        // Duplicated handshake messages are recognized by message_seq instead (RFC 6347 §4.2.2).
        this.readEpoch = new ReadEpoch(0, RecordProtection.NULL, null);
        this.writeEpoch = new WriteEpoch(0, RecordProtection.NULL, ProtocolVersion.DTLS_1_0);
        this.timer = new RetransmitTimer(config.initialRetransmit(), config.maxRetransmit());
        this.tracer = config.tracer();
        this.flightWriter = new FlightWriter(config.mtu(), tracer);
    }

    /**
     * A client connection. {@code serverName} is sent as SNI (when it is a DNS name) and the
     * server's certificate is checked against it; null skips both.
     */
    public static DtlsConnection client(DtlsConfig config, String serverName) {
        return new DtlsConnection(config, true, serverName, new byte[0]);
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

    private ReplayWindow window() {
        return config.replayProtection() ? new ReplayWindow(config.replayWindow()) : null;
    }

    // ------------------------------------------------------------------ public API

    /** Client: sends the first ClientHello. Servers start when a ClientHello arrives. */
    public void start(long nowNanos) {
        if (!client) throw new IllegalStateException("a server starts when a ClientHello arrives");
        if (started) return;
        started = true;
        cx = new HandshakeContext(config, true, serverName);
        reassembler = new Reassembler(config.limits(), 0);
        handshakeDeadline = nowNanos + config.handshakeTimeout().toNanos();
        state = ClientStart.start(cx);
        sendPendingFlight(nowNanos);
        checkpoint();
    }

    /** A datagram arrived. Never throws for its content. */
    public void receive(byte[] datagram, long nowNanos) {
        receive(datagram, 0, datagram.length, nowNanos);
    }

    public void receive(ByteBuffer datagram, long nowNanos) {
        if (datagram.hasArray()) {
            int off = datagram.arrayOffset() + datagram.position();
            int len = datagram.remaining();
            datagram.position(datagram.limit());
            receive(datagram.array(), off, len, nowNanos);
        } else {
            byte[] copy = new byte[datagram.remaining()];
            datagram.get(copy);
            receive(copy, 0, copy.length, nowNanos);
        }
    }

    public void receive(byte[] d, int off, int len, long nowNanos) {
        stats.datagramsReceived++;
        if (status == Status.FAILED || status == Status.CLOSED) return;
        if (!client && !started) {
            acceptClientHello(d, off, len, nowNanos);
            return;
        }
        processRecords(d, off, len, nowNanos);
    }

    /**
     * Sends {@code len} bytes as one application data record in one datagram (records are never
     * split: DTLS preserves datagram boundaries). At most {@link #MAX_PLAINTEXT} bytes; more than
     * {@link #maxApplicationDataSize()} is allowed but then exceeds the configured MTU.
     *
     * @throws IllegalStateException if the connection is not {@link Status#CONNECTED}
     */
    public void send(byte[] data, int off, int len, long nowNanos) {
        if (status != Status.CONNECTED) {
            throw new IllegalStateException("cannot send application data: connection is " + status
                    + (failure != null ? " (" + failure.getMessage() + ")" : ""));
        }
        if (len > MAX_PLAINTEXT) throw new IllegalArgumentException("record of " + len + " bytes exceeds 2^14");
        byte[] out = new byte[writeEpoch.overhead() + len];
        writeEpoch.seal(ContentType.APPLICATION_DATA, data, off, len, out, 0);
        if (tracer != null) tracer.record(Tracer.Direction.SENT, ContentType.APPLICATION_DATA, writeEpoch.epoch(), writeEpoch.nextSequence() - 1, out.length - RecordHeader.LENGTH);
        outbound.add(out);
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
        return Math.min(MAX_PLAINTEXT, config.mtu() - writeEpoch.overhead());
    }

    /** The next datagram to send, or null. */
    public byte[] pollDatagram() {
        byte[] d = outbound.poll();
        if (d != null) stats.datagramsSent++;
        return d;
    }

    /** The next application datagram received, or null. */
    public byte[] pollApplicationData() {
        return inbound.poll();
    }

    public DtlsEvent pollEvent() {
        return events.poll();
    }

    /** When {@link #handleTimeout} must next be called, in the caller's nanosecond time; {@link Long#MAX_VALUE} for never. */
    public long nextTimeoutNanos() {
        if (status == Status.HANDSHAKING && started) return Math.min(timer.deadline(), handshakeDeadline);
        if (status == Status.CONNECTED) return finalFlightExpiry;
        return Long.MAX_VALUE;
    }

    /** Fires due timers: retransmits the current flight, or fails a handshake that ran out of time. */
    public void handleTimeout(long nowNanos) {
        if (status == Status.HANDSHAKING && started) {
            if (nowNanos - handshakeDeadline >= 0) {
                String drop = reassembler != null && reassembler.lastDrop() != null
                        ? "; last input dropped: " + reassembler.lastDrop() : "";
                fail(new DtlsException(Reason.HANDSHAKE_TIMEOUT, "handshake timed out after "
                        + config.handshakeTimeout().toMillis() + " ms and " + timer.expiries()
                        + " retransmissions " + state + drop), nowNanos);
                return;
            }
            if (timer.expired(nowNanos) && lastFlight != null) {
                // RFC 6347 §4.2.4: retransmit the whole flight and double the timer.
                if (tracer != null) tracer.event("timer expired after " + timer.currentIntervalNanos() / 1_000_000 + " ms: retransmitting the flight");
                reassembler.dropContested();
                retransmit(nowNanos);
                timer.backOff(nowNanos);
            }
        } else if (status == Status.CONNECTED && nowNanos - finalFlightExpiry >= 0) {
            releaseHandshake();
        }
    }

    /** Sends close_notify (RFC 5246 §7.2.1) and closes. Data already received stays readable. */
    public void close(long nowNanos) {
        if (status == Status.CONNECTED) {
            sendAlert(Alert.warning(AlertDescription.CLOSE_NOTIFY));
            closeNotifySent = true;
            status = Status.CLOSED;
            releaseHandshake();
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

    // ------------------------------------------------------------------ server start

    private void acceptClientHello(byte[] d, int off, int len, long now) {
        CookieExchange.Verdict v = CookieExchange.inspect(d, off, len, peerAddress, config, now);
        switch (v) {
            case CookieExchange.Challenge c -> {
                if (tracer != null) tracer.event("ClientHello without a valid cookie: HelloVerifyRequest sent, no state kept");
                outbound.add(c.datagram());
            }
            case CookieExchange.Drop drop -> stats.droppedUnexpected++;
            case CookieExchange.Verified ok -> {
                started = true;
                handshakeDeadline = now + config.handshakeTimeout().toNanos();
                cx = new HandshakeContext(config, false, null);
                int seq = ok.header().messageSeq();
                clientHelloSeq = seq;
                clientHelloRandom = ok.hello().random();
                reassembler = new Reassembler(config.limits(), seq + 1);
                // RFC 6347 §4.2.2: the server's first message after a cookie exchange takes the
                // ClientHello's message_seq (ServerHello seq=1 after ClientHello seq=1).
                cx.startSendSeq(seq);
                state = new ExpectClientHello();
                stats.recordsReceived++;
                checkpointAt(seq);
                handle(new HandshakeMessage(ok.header().type(), seq, ok.body()), now);
                if (status != Status.FAILED) processRecords(d, ok.recordEnd(), off + len - ok.recordEnd(), now);
            }
        }
    }

    // ------------------------------------------------------------------ record layer in

    private void processRecords(byte[] d, int off, int len, long now) {
        int p = off;
        int end = off + len;
        while (end - p >= RecordHeader.LENGTH && status != Status.FAILED) {
            int length = ((d[p + 11] & 0xff) << 8) | (d[p + 12] & 0xff);
            if (length > end - p - RecordHeader.LENGTH) {
                // RFC 6347 §4.1.2.7: a record that overruns the datagram ends parsing of it.
                stats.droppedMalformed++;
                return;
            }
            processRecord(d, p, length, now);
            p += RecordHeader.LENGTH + length;
            if (replayDeferred) replayDeferredRecords(now);
        }
        if (p != end) stats.droppedMalformed++;
    }

    private void processRecord(byte[] d, int p, int length, long now) {
        stats.recordsReceived++;
        ContentType type = new ContentType(d[p] & 0xff);
        int major = d[p + 1] & 0xff;
        int minor = d[p + 2] & 0xff;
        int epoch = ((d[p + 3] & 0xff) << 8) | (d[p + 4] & 0xff);
        long seq = 0;
        for (int i = 5; i < 11; i++) seq = (seq << 8) | (d[p + i] & 0xff);
        if (major != 254 || length > MAX_CIPHERTEXT) {
            stats.droppedMalformed++;
            return;
        }
        ReadEpoch re = readEpoch;
        if (epoch != readEpoch.epoch() && status == Status.HANDSHAKING && previousReadEpoch != null
                && epoch == previousReadEpoch.epoch() && type.equals(ContentType.HANDSHAKE)) {
            // A retransmission of a message from before ChangeCipherSpec: it may reveal corruption.
            re = previousReadEpoch;
        } else if (epoch != readEpoch.epoch()) {
            // RFC 6347 §4.1: records of the next epoch may arrive before ChangeCipherSpec; keep a few.
            if (status == Status.HANDSHAKING && epoch == readEpoch.epoch() + 1) {
                defer(d, p, length);
            } else {
                stats.droppedEpoch++;
            }
            return;
        }
        if (status == Status.HANDSHAKING && epoch > 0 && type.equals(ContentType.APPLICATION_DATA)) {
            // The server's data can overtake its Finished; hold it until the handshake completes.
            defer(d, p, length);
            return;
        }
        if (re.isReplay(seq)) {
            stats.droppedReplay++;
            return;
        }
        ProtocolVersion version = new ProtocolVersion(major, minor);
        int n = re.open(type, version, seq, d, p + RecordHeader.LENGTH, length, plaintext, 0);
        if (n < 0) {
            stats.droppedBadMac++;
            if (tracer != null) tracer.event("dropped a record of epoch " + epoch + ": it does not authenticate");
            return;
        }
        if (n > MAX_PLAINTEXT) {
            stats.droppedMalformed++;
            return;
        }
        re.markReceived(seq);
        if (tracer != null) tracer.record(Tracer.Direction.RECEIVED, type, epoch, seq, length);
        switch (type.value()) {
            case 22 -> onHandshakeRecord(plaintext, n, epoch, seq, now);
            case 20 -> onChangeCipherSpec(n, epoch, now);
            case 21 -> onAlert(n, now);
            case 23 -> onApplicationData(n, epoch);
            default -> stats.droppedUnexpected++;
        }
    }

    private void defer(byte[] d, int p, int length) {
        if (deferred.size() >= config.limits().maxEarlyRecords()) {
            stats.droppedEarlyOverflow++;
            return;
        }
        deferred.add(Arrays.copyOfRange(d, p, p + RecordHeader.LENGTH + length));
    }

    private void replayDeferredRecords(long now) {
        replayDeferred = false;
        ArrayDeque<byte[]> again = deferred;
        deferred = new ArrayDeque<>();
        for (byte[] r : again) {
            if (status == Status.FAILED || status == Status.CLOSED) return;
            processRecords(r, 0, r.length, now);
        }
    }

    // ------------------------------------------------------------------ content types

    private void onHandshakeRecord(byte[] b, int n, int epoch, long recordSeq, long now) {
        WireReader r = new WireReader(b, 0, n);
        while (!r.isEmpty() && status != Status.FAILED) {
            HandshakeHeader h;
            try {
                h = HandshakeHeader.decode(r);
                if (h.fragmentLength() > r.remaining()) throw new DecodeException("fragment overruns record");
            } catch (DecodeException e) {
                stats.droppedMalformed++;
                return;
            }
            int fragAt = r.position();
            try {
                r.skip(h.fragmentLength());
            } catch (DecodeException e) {
                stats.droppedMalformed++;
                return;
            }
            if (status == Status.HANDSHAKING) {
                onHandshakeFragment(h, b, fragAt, epoch, recordSeq, now);
            } else {
                onPostHandshakeFragment(h, now);
            }
        }
    }

    private void onHandshakeFragment(HandshakeHeader h, byte[] b, int fragAt, int epoch, long recordSeq, long now) {
        if (state instanceof ExpectServerHello && h.type().equals(HandshakeType.HELLO_VERIFY_REQUEST) && h.isWhole()) {
            onHelloVerifyRequest(h, b, fragAt, now);
            return;
        }
        if (!client && epoch == 0 && h.type().equals(HandshakeType.CLIENT_HELLO) && h.isWhole()
                && onNewClientHello(h, b, fragAt, recordSeq, now)) {
            return;
        }
        switch (reassembler.offer(h, b, fragAt)) {
            case OLD -> onOldFragment(h, b, fragAt, now);
            case DROPPED -> stats.droppedUnexpected++;
            case ACCEPTED -> deliverMessages(now);
        }
    }

    /**
     * RFC 6347 §4.2.1: a HelloVerifyRequest may come again, possibly with a new cookie; it is
     * answered each time (the server keeps no state, so message_seq says nothing here). One that
     * does not decode is dropped: it changes nothing, and the server will send another.
     */
    private void onHelloVerifyRequest(HandshakeHeader h, byte[] b, int fragAt, long now) {
        HandshakeMessage m = new HandshakeMessage(h.type(), h.messageSeq(), Arrays.copyOfRange(b, fragAt, fragAt + h.length()));
        try {
            state = state.onMessage(m, cx);
        } catch (DtlsException e) {
            stats.droppedUnexpected++;
            return;
        }
        if (cx.hasPendingFlight()) {
            peerFlightEndSeq = -1;
            sendPendingFlight(now);
            reassembler = new Reassembler(config.limits(), lastSentSeq());
            checkpoint();
        }
    }

    private void deliverMessages(long now) {
        HandshakeMessage m;
        while (status == Status.HANDSHAKING && !state.expectsChangeCipherSpec() && (m = reassembler.poll()) != null) {
            handle(m, now);
        }
    }

    /** A fragment of a message already processed: a duplicate, a conflicting copy, or the peer's retransmission. */
    private void onOldFragment(HandshakeHeader h, byte[] b, int fragAt, long now) {
        if (recovery.conflicts(h, b, fragAt)) {
            if (h.type().equals(HandshakeType.CLIENT_HELLO) && !plausibleClientHello(h, b, fragAt, now)) {
                stats.droppedUnexpected++;
                return;
            }
            try {
                rewindTo(recovery.rewind(h.messageSeq()));
            } catch (DtlsException e) {
                fail(e, now);
                return;
            }
            if (reassembler.offer(h, b, fragAt) == Reassembler.Offer.ACCEPTED) deliverMessages(now);
            return;
        }
        // RFC 6347 §4.2.4: the peer retransmitted its previous flight: ours was lost.
        if (h.messageSeq() == peerFlightEndSeq && h.fragmentEnd() == h.length() && lastFlight != null) {
            if (now - lastFlightSentAt < config.initialRetransmit().toNanos() / 2) {
                // Our copy just went out (our timer fired as theirs did): the two crossed on the way.
                // Sending again would only double every later flight.
                return;
            }
            if (tracer != null) tracer.event("peer repeated its flight: retransmitting ours");
            retransmit(now);
            // The flight just went out again: its timer counts from now.
            if (!lastFlight.finalFlight() && timer.deadline() != Long.MAX_VALUE) timer.arm(now);
            if (client && ++peerRepeats % PROBE_AFTER_REPEATS == 0 && previousFlight != null) {
                // The server keeps answering our older flight: perhaps it cannot read our last one
                // because its copy of our ClientHello was corrupted in a way no check caught. Send
                // that ClientHello again: a dtlsj server notices the difference and rewinds, and a
                // new flight 4 then rewinds us (HandshakeRecovery). Other servers just repeat
                // flight 4, which changes nothing. Every third repeat only, so that two peers can never
                // drive each other into a loop of answers.
                stats.retransmissions++;
                flightWriter.write(previousFlight, this::writeEpochFor, outbound);
            }
        }
    }

    /**
     * Server: a ClientHello other than the one being answered, from the same address, during the
     * handshake. Without a valid cookie it gets a HelloVerifyRequest (still keeping no state for
     * it); with one, it replaces the handshake in progress. Returns false for a copy of the
     * current ClientHello, which takes the ordinary path.
     */
    private boolean onNewClientHello(HandshakeHeader h, byte[] b, int fragAt, long recordSeq, long now) {
        org.dtlsj.wire.handshake.ClientHello ch;
        try {
            WireReader r = new WireReader(b, fragAt, h.fragmentLength());
            ch = org.dtlsj.wire.handshake.ClientHello.decode(r);
            r.expectEnd("ClientHello");
        } catch (DecodeException e) {
            return false;
        }
        // A copy of the ClientHello being answered takes the ordinary path (duplicate, conflict,
        // retransmission); one whose message_seq was corrupted on the first copy does not.
        if (Arrays.equals(ch.random(), clientHelloRandom) && h.messageSeq() == clientHelloSeq) return false;
        if (!CookieExchange.verifies(ch, peerAddress, config, now)) {
            byte[] hvr = CookieExchange.challenge(ch, peerAddress, config, recordSeq, now);
            if (hvr.length <= RecordHeader.LENGTH + HandshakeHeader.LENGTH + h.length()) outbound.add(hvr);
            return true;
        }
        recovery.clear();
        readEpoch = new ReadEpoch(0, RecordProtection.NULL, null);
        previousReadEpoch = null;
        if (writeEpoch.epoch() != 0) {
            discardedWriteSeq = writeEpoch.nextSequence();
            writeEpoch = previousWriteEpoch;
        }
        previousWriteEpoch = null;
        deferred.clear();
        earlyChangeCipherSpec = false;
        lastFlight = null;
        peerFlightEndSeq = -1;
        int seq = h.messageSeq();
        clientHelloSeq = seq;
        clientHelloRandom = ch.random();
        cx = new HandshakeContext(config, false, null);
        cx.startSendSeq(seq);
        reassembler = new Reassembler(config.limits(), seq + 1);
        state = new ExpectClientHello();
        checkpointAt(seq);
        handle(new HandshakeMessage(h.type(), seq, Arrays.copyOfRange(b, fragAt, fragAt + h.length())), now);
        return true;
    }

    /** A replacement ClientHello must carry a valid cookie, as the first one did. */
    private boolean plausibleClientHello(HandshakeHeader h, byte[] b, int fragAt, long now) {
        if (!h.isWhole()) return false;
        try {
            WireReader r = new WireReader(b, fragAt, h.fragmentLength());
            var ch = org.dtlsj.wire.handshake.ClientHello.decode(r);
            r.expectEnd("ClientHello");
            return CookieExchange.verifies(ch, peerAddress, config, now);
        } catch (DecodeException e) {
            return false;
        }
    }

    private void checkpoint() {
        checkpointAt(reassembler.nextSeq());
    }

    private void checkpointAt(int next) {
        recovery.checkpoint(new HandshakeRecovery.Checkpoint(state, cx.snapshot(), next, readEpoch, previousReadEpoch,
                writeEpoch, previousWriteEpoch, peerFlightEndSeq, lastFlight));
    }

    private void rewindTo(HandshakeRecovery.Checkpoint c) {
        if (writeEpoch.epoch() > c.write().epoch()) discardedWriteSeq = writeEpoch.nextSequence();
        state = c.state();
        cx.restore(c.cx());
        reassembler = new Reassembler(config.limits(), c.reassemblerNext());
        readEpoch = c.read();
        previousReadEpoch = c.previousRead();
        writeEpoch = c.write();
        previousWriteEpoch = c.previousWrite();
        peerFlightEndSeq = c.peerFlightEndSeq();
        lastFlight = c.lastFlight();
        previousFlight = null;
        earlyChangeCipherSpec = false;
        deferred.clear();
    }

    /** The message_seq of the last message we sent (the server answers a ClientHello with the same number). */
    private int lastSentSeq() {
        int seq = 0;
        for (Flight.Item i : lastFlight.items()) if (i instanceof Flight.Message m) seq = m.messageSeq();
        return seq;
    }

    private void handle(HandshakeMessage m, long now) {
        if (tracer != null) tracer.handshake(Tracer.Direction.RECEIVED, m.type(), m.messageSeq(), m.body().length);
        DtlsException confirmed = recovery.confirms(m);
        if (confirmed != null) {
            fail(confirmed, now);
            return;
        }
        HandshakeContext.Snapshot before = cx.snapshot();
        HandshakeState was = state;
        try {
            state = state.onMessage(m, cx);
        } catch (DtlsException e) {
            // Unauthenticated input (epoch 0) that fails may be corruption: wait for the peer's
            // retransmission to confirm it before giving up (see HandshakeRecovery).
            if (readEpoch.epoch() == 0 && HandshakeRecovery.couldBeCorruption(e) && recovery.setAside(m, e)) {
                cx.restore(before);
                state = was;
                stats.droppedUnexpected++;
                reassembler = new Reassembler(config.limits(), m.messageSeq());
                return;
            }
            fail(e, now);
            return;
        }
        recovery.processed(m);
        if (cx.hasPendingFlight()) {
            peerFlightEndSeq = m.messageSeq();
            sendPendingFlight(now);
            if (!cx.isComplete()) checkpoint();
        }
        if (earlyChangeCipherSpec && state.expectsChangeCipherSpec()) {
            earlyChangeCipherSpec = false;
            switchReadEpoch(now);
        }
        if (cx != null && cx.isComplete()) complete(now);
    }

    /** After the handshake: the final flight again for a retransmitted Finished; no renegotiation. */
    private void onPostHandshakeFragment(HandshakeHeader h, long now) {
        if (reassembler != null && h.messageSeq() < reassembler.nextSeq()) {
            if (h.messageSeq() == peerFlightEndSeq && h.fragmentEnd() == h.length() && lastFlight != null) {
                retransmit(now);
            }
            return;
        }
        boolean hello = client ? h.type().equals(HandshakeType.HELLO_REQUEST) : h.type().equals(HandshakeType.CLIENT_HELLO);
        if (hello && h.fragmentOffset() == 0) {
            // RFC 5746 §4.5 / RFC 5246 §7.2.2: renegotiation is refused with a warning.
            sendAlert(Alert.warning(AlertDescription.NO_RENEGOTIATION));
        } else {
            stats.droppedUnexpected++;
        }
    }

    private void onChangeCipherSpec(int n, int epoch, long now) {
        if (n != 1 || plaintext[0] != 1) {
            stats.droppedMalformed++;
            return;
        }
        if (status != Status.HANDSHAKING || state == null) return;
        if (state.expectsChangeCipherSpec()) {
            switchReadEpoch(now);
        } else {
            // In the current (pre-switch) epoch but before the messages it follows (reordering):
            // apply it when they are in. Early or not, it only ever takes effect at its due point.
            earlyChangeCipherSpec = true;
        }
    }

    private void switchReadEpoch(long now) {
        try {
            state = state.onChangeCipherSpec(cx);
        } catch (DtlsException e) {
            fail(e, now);
            return;
        }
        var keys = cx.pendingKeys();
        byte[] key = client ? keys.serverKey() : keys.clientKey();
        byte[] iv = client ? keys.serverIv() : keys.clientIv();
        previousReadEpoch = readEpoch;
        readEpoch = new ReadEpoch(readEpoch.epoch() + 1, new AeadProtection(cx.suite.cipher, key, iv), window());
        // Anything buffered from the old epoch cannot be the Finished, which must be protected.
        reassembler = new Reassembler(config.limits(), reassembler.nextSeq());
        replayDeferred = !deferred.isEmpty();
    }

    private void onAlert(int n, long now) {
        Alert a;
        try {
            a = Alert.decode(new WireReader(plaintext, 0, n));
        } catch (DecodeException e) {
            stats.droppedMalformed++;
            return;
        }
        if (a.description().equals(AlertDescription.CLOSE_NOTIFY)) {
            // RFC 5246 §7.2.1: answer with our own close_notify and close; data already read stays.
            if (status == Status.CONNECTED && !closeNotifySent) {
                sendAlert(Alert.warning(AlertDescription.CLOSE_NOTIFY));
                closeNotifySent = true;
            }
            if (status == Status.HANDSHAKING) {
                fail(new DtlsException(Reason.PEER_ALERT, "peer closed the connection during the handshake"), now, false);
                return;
            }
            status = Status.CLOSED;
            releaseHandshake();
            events.add(new DtlsEvent.Closed(true));
        } else if (a.isFatal()) {
            if (tracer != null) tracer.event("alert received: " + a);
            fail(DtlsException.peerAlert(a.description()), now, false);
        } else {
            events.add(new DtlsEvent.WarningReceived(a));
        }
    }

    private void onApplicationData(int n, int epoch) {
        if (status != Status.CONNECTED || epoch == 0) {
            stats.droppedUnexpected++;
            return;
        }
        if (inbound.size() >= config.limits().maxApplicationQueue()) {
            stats.droppedUnexpected++;
            return;
        }
        inbound.add(Arrays.copyOf(plaintext, n));
        stats.applicationRecordsReceived++;
        if (lastFlight != null && !client) {
            // The client only sends data after our Finished reached it: the final flight is no longer needed.
            releaseHandshake();
        }
    }

    // ------------------------------------------------------------------ sending

    private void sendPendingFlight(long now) {
        Flight f = cx.takeFlight();
        if (f == null) return;
        if (cx.version != null) {
            // Records carry the negotiated version once ServerHello settled it (RFC 6347 §4.1;
            // before that, DTLS 1.0 as OpenSSL sends it). Some stacks drop records that differ.
            writeEpoch.version(cx.version);
        }
        previousFlight = lastFlight;
        lastFlight = f;
        lastFlightSentAt = now;
        peerRepeats = 0;
        timer.reset();
        flightWriter.write(f, this::writeEpochFor, outbound);
        if (f.finalFlight()) {
            // RFC 6347 §4.2.4: the final flight is kept to answer a retransmitted flight of the peer.
            // Held as long as the peer may still be retrying its flight: its handshake timeout,
            // which we take to be like ours, and at least two maximal timer intervals.
            finalFlightExpiry = now + Math.max(config.handshakeTimeout().toNanos(), 2 * config.maxRetransmit().toNanos());
        } else {
            timer.arm(now);
        }
    }

    private void retransmit(long now) {
        stats.retransmissions++;
        lastFlightSentAt = now;
        flightWriter.write(lastFlight, this::writeEpochFor, outbound);
    }

    private WriteEpoch writeEpochFor(int epoch) {
        if (epoch == writeEpoch.epoch()) return writeEpoch;
        if (previousWriteEpoch != null && epoch == previousWriteEpoch.epoch()) return previousWriteEpoch;
        if (epoch == writeEpoch.epoch() + 1) {
            var keys = cx.pendingKeys();
            byte[] key = client ? keys.clientKey() : keys.serverKey();
            byte[] iv = client ? keys.clientIv() : keys.serverIv();
            previousWriteEpoch = writeEpoch;
            // After a rewind the epoch gets new keys; its sequence numbers still never go back.
            writeEpoch = new WriteEpoch(epoch, new AeadProtection(cx.suite.cipher, key, iv), cx.version, discardedWriteSeq);
            discardedWriteSeq = 0;
            return writeEpoch;
        }
        throw new IllegalStateException("no write state for epoch " + epoch);
    }

    private void sendAlert(Alert a) {
        byte[] body = WireWriter.encode(a);
        byte[] out = new byte[writeEpoch.overhead() + body.length];
        writeEpoch.seal(ContentType.ALERT, body, 0, body.length, out, 0);
        if (tracer != null) {
            tracer.record(Tracer.Direction.SENT, ContentType.ALERT, writeEpoch.epoch(), writeEpoch.nextSequence() - 1, out.length - RecordHeader.LENGTH);
            tracer.event("alert sent: " + a);
        }
        outbound.add(out);
    }

    // ------------------------------------------------------------------ life cycle

    private void complete(long now) {
        status = Status.CONNECTED;
        session = new SessionInfo(cx.version, cx.suite, cx.group, cx.peerChain, cx.extendedMasterSecret,
                cx.secureRenegotiation, cx.serverName);
        if (config.keyLog() != null) {
            config.keyLog().accept("CLIENT_RANDOM " + hex(cx.clientRandom) + " " + hex(cx.masterSecret));
        }
        timer.cancel();
        if (client) {
            // The client's last flight needs no keeping: the server's Finished proves it arrived.
            lastFlight = null;
        }
        events.add(new DtlsEvent.HandshakeCompleted(session));
        replayDeferred = !deferred.isEmpty();
        // Only the final flight (and the epoch its ChangeCipherSpec goes out in) may still be needed.
        cx = null;
        state = null;
        previousReadEpoch = null;
        recovery.clear();
        reassembler.clear();
        if (lastFlight == null) releaseHandshake();
    }

    /** Drops everything only the handshake needed, so an idle connection stays small. */
    private void releaseHandshake() {
        lastFlight = null;
        previousFlight = null;
        finalFlightExpiry = Long.MAX_VALUE;
        cx = null;
        state = null;
        previousWriteEpoch = null;
        previousReadEpoch = null;
        recovery.clear();
        deferred.clear();
        if (reassembler != null) reassembler.clear();
    }

    private void fail(DtlsException e, long now) {
        fail(e, now, true);
    }

    private void fail(DtlsException e, long now, boolean sendAlert) {
        if (status == Status.FAILED) return;
        AlertDescription alert = e.alertToSend();
        if (sendAlert && alert != null && started) {
            sendAlert(Alert.fatal(alert));
        }
        status = Status.FAILED;
        failure = e;
        timer.cancel();
        releaseHandshake();
        reassembler = null;
        events.add(new DtlsEvent.Failed(e));
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder(b.length * 2);
        for (byte x : b) sb.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
        return sb.toString();
    }
}
