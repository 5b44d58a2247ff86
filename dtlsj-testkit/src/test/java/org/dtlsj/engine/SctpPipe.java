package org.dtlsj.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Two DTLS-over-SCTP engines joined by a small deterministic model of an SCTP association, for
 * the engine's RFC 6083 rules: messages keep their stream, order flag and PPID; each stream is
 * delivered in order, unordered messages may overtake (seeded); every message is authenticated
 * with the sender's active SCTP-AUTH key and a receiver without that key drops it until SCTP
 * sends it again (RFC 4895); a message counts as acknowledged when delivered, and sender-dry
 * holds a side's later outputs until all it sent was delivered. Each side logs what it sent.
 */
final class SctpPipe {
    /** One SCTP user message on the wire, with the key id that authenticated it. */
    record Wire(byte[] record, int stream, boolean unordered, int ppid, int keyId, boolean afterDry) {
    }

    final class Side {
        final DtlsConnection conn;
        final Map<Integer, byte[]> keys = new HashMap<>(Map.of(0, new byte[0]));
        int activeKey;
        final List<Wire> sent = new ArrayList<>();
        final List<SctpOutput> outputs = new ArrayList<>();
        final List<SctpOutput.Inbound> received = new ArrayList<>();
        /** Outputs held behind a sender-dry wait. */
        final ArrayDeque<SctpOutput> pending = new ArrayDeque<>();
        boolean waitingDry;
        boolean dryReached;
        /** Messages in flight from this side (not yet delivered). */
        final ArrayDeque<Wire> ordered = new ArrayDeque<>();
        final List<Wire> unordered = new ArrayList<>();
        Side peer;

        Side(DtlsConnection conn) {
            this.conn = conn;
        }

        int inFlight() {
            return ordered.size() + unordered.size();
        }

        /** Carries out what the engine asks, up to a sender-dry wait that is not yet met. */
        void pump() {
            for (SctpOutput o; (o = conn.pollSctp()) != null; ) {
                outputs.add(o);
                pending.add(o);
            }
            while (!pending.isEmpty()) {
                SctpOutput o = pending.peek();
                if (o instanceof SctpOutput.AwaitSenderDry) {
                    if (inFlight() > 0) {
                        waitingDry = true;
                        return;
                    }
                    waitingDry = false;
                    dryReached = true;
                    pending.poll();
                    continue;
                }
                pending.poll();
                switch (o) {
                    case SctpOutput.Message m -> {
                        Wire w = new Wire(m.record(), m.stream(), m.unordered(), m.ppid(), activeKey, dryReached);
                        dryReached = false;
                        sent.add(w);
                        if (m.unordered()) unordered.add(w); else ordered.add(w);
                    }
                    case SctpOutput.AddAuthKey k -> keys.put(k.keyId(), k.secret());
                    case SctpOutput.ActivateAuthKey k -> {
                        if (!keys.containsKey(k.keyId())) throw new AssertionError("activating unknown key " + k.keyId());
                        activeKey = k.keyId();
                    }
                    case SctpOutput.DeleteAuthKey k -> {
                        if (k.keyId() == activeKey) throw new AssertionError("deleting the active key " + k.keyId());
                        keys.remove(k.keyId());
                    }
                    case SctpOutput.AwaitSenderDry d -> throw new AssertionError("handled above");
                }
            }
        }

        void drain() {
            for (SctpOutput.Inbound in; (in = conn.pollApplicationMessage()) != null; ) received.add(in);
        }
    }

    final Side client;
    final Side server;
    private final SplittableRandom random;
    /** Chance that an unordered message overtakes what was sent before it. */
    double overtake = 0.5;
    /** Messages PR-SCTP abandons (not delivered, still "acknowledged"): the predicate decides. */
    java.util.function.Predicate<Wire> abandon = w -> false;
    long now;
    int keyDrops;

    SctpPipe(DtlsConnection client, DtlsConnection server, long seed) {
        this.client = new Side(client);
        this.server = new Side(server);
        this.client.peer = this.server;
        this.server.peer = this.client;
        this.random = new SplittableRandom(seed);
    }

    /** Delivers one message from {@code from} to its peer; false if nothing could move. */
    boolean deliverOne(Side from) {
        Wire w;
        boolean pickUnordered = !from.unordered.isEmpty() && (from.ordered.isEmpty() || random.nextDouble() < overtake);
        if (pickUnordered) {
            w = from.unordered.remove(random.nextInt(from.unordered.size()));
        } else if (!from.ordered.isEmpty()) {
            w = from.ordered.peek();
            if (!from.peer.keys.containsKey(w.keyId())) {
                // RFC 4895: a chunk under a key the receiver lacks is dropped; SCTP retransmits it.
                keyDrops++;
                return false;
            }
            from.ordered.poll();
        } else {
            return false;
        }
        if (!from.peer.keys.containsKey(w.keyId())) {
            keyDrops++;
            from.unordered.add(w);
            return false;
        }
        if (abandon.test(w)) return true;
        from.peer.conn.receive(w.record(), 0, w.record().length,
                new SctpRcv(w.stream(), w.unordered(), w.ppid()), now);
        from.peer.drain();
        return true;
    }

    /** What the receiving transport passes with each record. */
    record SctpRcv(int stream, boolean unordered, int ppid) {
    }

    /** Runs until nothing moves; {@code maxSteps} bounds it. */
    void run(int maxSteps) {
        for (int i = 0; i < maxSteps; i++) {
            now += 1_000_000L;
            client.pump();
            server.pump();
            boolean a = deliverOne(client);
            boolean b = deliverOne(server);
            client.pump();
            server.pump();
            if (!a && !b && client.inFlight() == 0 && server.inFlight() == 0 && client.pending.isEmpty() && server.pending.isEmpty()) {
                return;
            }
        }
    }
}
