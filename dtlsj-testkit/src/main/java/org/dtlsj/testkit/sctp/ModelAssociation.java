package org.dtlsj.testkit.sctp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dtlsj.sctp.SctpAssociation;
import org.dtlsj.sctp.SctpInbound;
import org.dtlsj.sctp.SctpMessage;
import org.dtlsj.sctp.SctpNotification;
import org.dtlsj.sctp.SctpNotification.AssocChange;
import org.dtlsj.sctp.SctpNotification.AssocState;
import org.dtlsj.sctp.SctpNotification.AuthIndication;
import org.dtlsj.sctp.SctpPrInfo;
import org.dtlsj.sctp.SctpSndInfo;
import org.dtlsj.testkit.sctp.ModelChunk.Kind;

/**
 * One end of an {@link SctpModel}. Confined to the model's thread; its blocking {@link
 * #poll(Duration)} runs the model in virtual time instead of waiting.
 */
public final class ModelAssociation implements SctpAssociation {
    /** RFC 9260 §3.3.10.12: the cause code of an ABORT the user asked for. */
    public static final int USER_INITIATED_ABORT = 12;
    /** Notifications held beyond {@link SctpModelConfig#maxInbound()} before further ones are dropped. */
    static final int MAX_EXTRA_NOTIFICATIONS = 1024;

    private enum State { CONNECTING, OPEN, SHUTDOWN_PENDING, SHUTDOWN_SENT, SHUTDOWN_RECEIVED, SHUTDOWN_ACK_SENT, CLOSED }

    /** A user message sent and not yet acknowledged or abandoned. */
    private static final class Outgoing {
        final ModelChunk chunk;
        final SctpSndInfo info;
        final SctpPrInfo pr;
        final long queuedAt;
        int transmissions;

        Outgoing(ModelChunk chunk, SctpSndInfo info, SctpPrInfo pr, long queuedAt) {
            this.chunk = chunk;
            this.info = info;
            this.pr = pr;
            this.queuedAt = queuedAt;
        }
    }

    /** What happened at this end, for assertions. */
    public record Stats(long sent, long retransmitted, long abandoned, long delivered, long droppedUnknownKey,
            long droppedBadTag, long droppedWindow, long duplicates, long droppedNotifications) {
    }

    private final SctpModel model;
    private final SctpModel.Side side;
    private final SctpModelConfig config;
    private final ModelKeys keys = new ModelKeys();
    private final ModelReceiver receiver = new ModelReceiver();
    private final ArrayDeque<SctpInbound> inbound = new ArrayDeque<>();
    private final Map<Long, Outgoing> outstanding = new LinkedHashMap<>();
    private final int[] nextSsn;
    private State state = State.CONNECTING;
    private boolean released;
    private boolean dry = true;
    private int outStreams, inStreams;
    private long nextTsn;
    private long outstandingBytes;
    private Runnable readyListener;
    // delayed SACK (RFC 9260 §6.2)
    private final List<Long> toAck = new ArrayList<>();
    private int packetsSinceSack;
    private long sackTimerGeneration;
    private boolean sackTimerArmed;
    private long sent, retransmitted, abandonedCount, delivered, droppedUnknownKey, droppedBadTag, droppedWindow,
            duplicates, droppedNotifications;

    ModelAssociation(SctpModel model, SctpModel.Side side, SctpModelConfig config) {
        this.model = model;
        this.side = side;
        this.config = config;
        this.nextSsn = new int[config.outboundStreams()];
    }

    /** Which end this is. */
    public SctpModel.Side side() {
        return side;
    }

    // ---- SctpAssociation ----

    @Override
    public boolean send(ByteBuffer data, SctpSndInfo info, SctpPrInfo pr) throws IOException {
        if ((info.flags() & SctpSndInfo.SCTP_ABORT) != 0) {
            abort();
            return true;
        }
        if (released || state != State.OPEN) throw new IOException("association is not open (" + state + ")");
        int len = data.remaining();
        if (len == 0) throw new IOException("EINVAL: empty user message");
        if (len > config.maxMessageSize()) throw new IOException("EMSGSIZE: " + len + " > " + config.maxMessageSize());
        if (info.sid() >= outStreams) throw new IOException("EINVAL: stream " + info.sid() + " of " + outStreams);
        if (!outstanding.isEmpty() && outstandingBytes + len > config.sendBufferBytes()) return false;
        byte[] payload = new byte[len];
        data.get(payload);
        boolean unordered = info.isUnordered();
        int ssn = unordered ? 0 : nextSsn[info.sid()];
        if (!unordered) nextSsn[info.sid()] = (ssn + 1) & 0xffff;
        ModelChunk c = ModelChunk.data(nextTsn++, info.sid(), ssn, unordered ? SctpSndInfo.SCTP_UNORDERED : 0,
                info.ppid(), payload).authenticated(keys.active(), null);
        c = c.authenticated(c.keyId(), config.authenticateData() ? keys.use(c) : null);
        Outgoing o = new Outgoing(c, info, pr == null ? SctpPrInfo.RELIABLE : pr, model.now());
        outstanding.put(c.tsn(), o);
        outstandingBytes += len;
        dry = false;
        sent++;
        transmit(o);
        if ((info.flags() & SctpSndInfo.SCTP_EOF) != 0) shutdown();
        return true;
    }

    @Override
    public SctpInbound poll() {
        return released ? null : inbound.pollFirst();
    }

    /** Runs the model (virtual time) until something arrives here, {@code timeout} passes, or nothing is left to happen. */
    @Override
    public SctpInbound poll(Duration timeout) {
        model.runUntil(() -> released || !inbound.isEmpty(), timeout);
        return poll();
    }

    @Override
    public void setReadyListener(Runnable listener) {
        this.readyListener = listener;
    }

    @Override
    public boolean isSenderDry() {
        return outstanding.isEmpty();
    }

    @Override
    public void addAuthKey(int keyId, byte[] key) {
        keys.add(keyId, key);
    }

    @Override
    public void activateAuthKey(int keyId) throws IOException {
        keys.activate(keyId);
    }

    @Override
    public void deactivateAuthKey(int keyId) throws IOException {
        if (keys.deactivate(keyId)) freeKey(keyId);
    }

    @Override
    public void deleteAuthKey(int keyId) throws IOException {
        if (keys.delete(keyId)) freeKey(keyId);
    }

    @Override
    public int activeAuthKey() {
        return keys.active();
    }

    @Override
    public boolean isOpen() {
        return state == State.OPEN && !released;
    }

    @Override
    public void shutdown() {
        if (state != State.OPEN) return;
        state = State.SHUTDOWN_PENDING;
        progressShutdown();
    }

    @Override
    public void abort() {
        if (state == State.CLOSED) return;
        model.transmit(side, ModelChunk.control(Kind.ABORT));
        state = State.CLOSED;
        dropOutstanding(false);
    }

    @Override
    public void close() {
        if (state == State.OPEN) shutdown();
        released = true;
        inbound.clear();
    }

    /** Counters of this end. */
    public Stats stats() {
        return new Stats(sent, retransmitted, abandonedCount, delivered, droppedUnknownKey, droppedBadTag,
                droppedWindow, duplicates, droppedNotifications);
    }

    /** The number of messages and notifications waiting for {@link #poll()}. */
    public int pending() {
        return inbound.size();
    }

    // ---- sending side ----

    private void transmit(Outgoing o) {
        o.transmissions++;
        model.transmit(side, o.chunk);
        int n = o.transmissions;
        long rto = config.rtoNanos();
        for (int i = 1; i < n && rto < config.rtoMaxNanos(); i++) rto *= 2; // RFC 9260 §6.3.3 E2: back off
        model.schedule(Math.min(rto, config.rtoMaxNanos()), () -> retransmissionTimeout(o, n));
    }

    /** The chunk's timer expired unacknowledged: abandon it (PR-SCTP), retransmit it, or give up. */
    private void retransmissionTimeout(Outgoing o, int transmissions) {
        if (state == State.CLOSED || outstanding.get(o.chunk.tsn()) != o || o.transmissions != transmissions) return;
        long age = model.now() - o.queuedAt;
        boolean expired = switch (o.pr.policy()) {
            case SctpPrInfo.TTL -> age >= Integer.toUnsignedLong(o.pr.value()) * 1_000_000L;
            case SctpPrInfo.RTX -> o.transmissions - 1 >= Integer.toUnsignedLong(o.pr.value());
            default -> false;
        };
        if (expired) {
            abandon(o);
        } else if (o.transmissions - 1 >= config.maxRetransmissions()) {
            lost(); // RFC 9260 §8.1: Association.Max.Retrans exceeded
        } else {
            retransmitted++;
            transmit(o);
        }
    }

    /** RFC 3758 §3.5: give the message up, tell the user, and move the peer past it with FORWARD-TSN. */
    private void abandon(Outgoing o) {
        remove(o);
        abandonedCount++;
        deliverNotification(new SctpNotification.SendFailed(true, 0, o.info, o.chunk.payload()));
        ModelChunk marker = ModelChunk.data(o.chunk.tsn(), o.chunk.sid(), o.chunk.ssn(), o.chunk.flags(), 0, new byte[0]);
        ModelChunk f = ModelChunk.forwardTsn(List.of(marker)).authenticated(keys.active(), null);
        if (config.authenticateData()) f = f.authenticated(f.keyId(), keys.tagActive(f)); // RFC 6083 §4.5
        model.transmit(side, f);
        afterOutstandingChanged();
    }

    private void remove(Outgoing o) {
        outstanding.remove(o.chunk.tsn());
        outstandingBytes -= o.chunk.payload().length;
        if (config.authenticateData() && keys.release(o.chunk.keyId())) freeKey(o.chunk.keyId());
    }

    private void onSack(ModelChunk sack) {
        for (long tsn : sack.acked()) {
            Outgoing o = outstanding.get(tsn);
            if (o != null) remove(o);
        }
        afterOutstandingChanged();
    }

    private void afterOutstandingChanged() {
        if (outstanding.isEmpty() && !dry && state != State.CLOSED) {
            dry = true;
            deliverNotification(new SctpNotification.SenderDry()); // RFC 6458 §6.1.9
        }
        progressShutdown();
        signal();
    }

    /** RFC 9260 §9.2: SHUTDOWN once everything is acknowledged, SHUTDOWN ACK likewise. */
    private void progressShutdown() {
        if (!outstanding.isEmpty()) return;
        if (state == State.SHUTDOWN_PENDING) {
            state = State.SHUTDOWN_SENT;
            model.transmit(side, ModelChunk.control(Kind.SHUTDOWN));
        } else if (state == State.SHUTDOWN_RECEIVED) {
            state = State.SHUTDOWN_ACK_SENT;
            model.transmit(side, ModelChunk.control(Kind.SHUTDOWN_ACK));
        }
    }

    /** Retransmissions ran out: COMM_LOST here, ABORT to the peer. */
    private void lost() {
        model.transmit(side, ModelChunk.control(Kind.ABORT));
        end(new AssocChange(AssocState.COMM_LOST, 0, 0, 0));
    }

    private void end(AssocChange why) {
        state = State.CLOSED;
        dropOutstanding(true);
        deliverNotification(why);
    }

    /** RFC 6458 §6.1.11: what was never acknowledged comes back as SEND_FAILED when the association ends. */
    private void dropOutstanding(boolean report) {
        for (Outgoing o : List.copyOf(outstanding.values())) {
            remove(o);
            if (report) deliverNotification(new SctpNotification.SendFailed(true, 0, o.info, o.chunk.payload()));
        }
    }

    private void freeKey(int keyId) {
        deliverNotification(new SctpNotification.AuthKey(AuthIndication.FREE_KEY, keyId));
    }

    // ---- receiving side ----

    void commUp(ModelAssociation peer) {
        if (state != State.CONNECTING) return;
        state = State.OPEN;
        outStreams = Math.min(config.outboundStreams(), peer.config.maxInboundStreams());
        inStreams = Math.min(peer.config.outboundStreams(), config.maxInboundStreams());
        deliverNotification(new AssocChange(AssocState.COMM_UP, 0, outStreams, inStreams));
    }

    /** A chunk from the peer arrives. */
    void receive(ModelChunk c) {
        if (state == State.CLOSED || state == State.CONNECTING) return;
        switch (c.kind()) {
            case DATA -> onData(c);
            case SACK -> onSack(c);
            case FORWARD_TSN -> {
                if (authentic(c)) deliverAll(receiver.abandon(c.abandoned()), c.keyId());
            }
            case SHUTDOWN -> {
                if (state == State.OPEN || state == State.SHUTDOWN_PENDING || state == State.SHUTDOWN_SENT) {
                    deliverNotification(new SctpNotification.Shutdown()); // RFC 6458 §6.1.5
                    sendSack();
                    if (state == State.SHUTDOWN_SENT) { // RFC 9260 §9.2: both ends shut down at once
                        state = State.SHUTDOWN_ACK_SENT;
                        model.transmit(side, ModelChunk.control(Kind.SHUTDOWN_ACK));
                    } else {
                        state = State.SHUTDOWN_RECEIVED;
                        progressShutdown();
                    }
                }
            }
            case SHUTDOWN_ACK -> {
                model.transmit(side, ModelChunk.control(Kind.SHUTDOWN_COMPLETE));
                end(new AssocChange(AssocState.SHUTDOWN_COMPLETE, 0, 0, 0));
            }
            case SHUTDOWN_COMPLETE -> end(new AssocChange(AssocState.SHUTDOWN_COMPLETE, 0, 0, 0));
            case ABORT -> end(new AssocChange(AssocState.COMM_LOST, USER_INITIATED_ABORT, 0, 0));
        }
        signal();
    }

    /** RFC 4895 §6.3: a chunk whose key is unknown or whose tag does not verify is discarded silently. */
    private boolean authentic(ModelChunk c) {
        if (!config.authenticateData()) return true;
        String why = keys.verify(c);
        if (why == null) {
            if (keys.peerUsed(c.keyId())) {
                deliverNotification(new SctpNotification.AuthKey(AuthIndication.NEW_KEY, c.keyId()));
            }
            return true;
        }
        if (why.startsWith("unknown")) droppedUnknownKey++;
        else droppedBadTag++;
        model.dropped(side, c, why);
        return false;
    }

    private void onData(ModelChunk c) {
        if (!authentic(c)) return;
        if (receiver.isDuplicate(c.tsn())) {
            duplicates++;
            ack(c.tsn());
            return;
        }
        if (c.sid() >= inStreams) {
            model.dropped(side, c, "stream " + c.sid() + " does not exist");
            return;
        }
        // the receive window: closed while the application leaves maxInbound items unread, and
        // for chunks that would only be held back for order once maxInbound are; the next TSN in
        // sequence always releases something, so it is taken (at most 2 x maxInbound held in all)
        boolean next = c.tsn() == receiver.cumTsn() + 1;
        if (inbound.size() >= config.maxInbound() || (!next && receiver.heldBack() >= config.maxInbound())) {
            droppedWindow++; // not acknowledged, so retransmitted later
            model.dropped(side, c, "receive window closed");
            return;
        }
        receiver.mark(c.tsn());
        ack(c.tsn());
        deliverAll(receiver.accept(c), c.keyId());
    }

    private void deliverAll(List<SctpMessage> messages, int keyId) {
        for (SctpMessage m : messages) {
            delivered++;
            inbound.addLast(m);
            model.delivered(side, m, keyId);
        }
        signal();
    }

    /** RFC 9260 §6.2: acknowledge every second packet at once, otherwise within the delayed SACK time. */
    private void ack(long tsn) {
        toAck.add(tsn);
        if (++packetsSinceSack >= config.ackEveryPackets()) {
            sendSack();
        } else if (!sackTimerArmed) {
            sackTimerArmed = true;
            long generation = ++sackTimerGeneration;
            model.schedule(config.ackDelayNanos(), () -> {
                if (sackTimerArmed && generation == sackTimerGeneration) sendSack();
            });
        }
    }

    private void sendSack() {
        sackTimerArmed = false;
        sackTimerGeneration++;
        packetsSinceSack = 0;
        if (toAck.isEmpty() || state == State.CLOSED) return;
        model.transmit(side, ModelChunk.sack(toAck));
        toAck.clear();
    }

    void deliverNotification(SctpNotification n) {
        if (inbound.size() >= config.maxInbound() + MAX_EXTRA_NOTIFICATIONS) {
            droppedNotifications++;
            return;
        }
        inbound.addLast(n);
        signal();
    }

    private void signal() {
        if (readyListener != null && !released) readyListener.run();
    }

    @Override
    public String toString() {
        return "ModelAssociation[" + side + ", " + state + ", outstanding=" + outstanding.size() + ", queued="
                + inbound.size() + "]";
    }
}
