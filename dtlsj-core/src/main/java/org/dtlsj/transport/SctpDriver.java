package org.dtlsj.transport;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.dtlsj.engine.DtlsConnection;
import org.dtlsj.engine.SctpOutput;
import org.dtlsj.sctp.SctpAssociation;
import org.dtlsj.sctp.SctpInbound;
import org.dtlsj.sctp.SctpMessage;
import org.dtlsj.sctp.SctpNotification;

/**
 * Runs one DTLS-over-SCTP connection ({@code DtlsConfig.Builder.sctp}) on one association
 * (RFC 6083): carries out what the engine asks in order — messages, SCTP-AUTH key changes, and
 * no step past a sender-dry wait before the association is dry (§4.7, §4.9) — and feeds it what
 * the association delivers, each message with its rcvinfo. Not thread-safe: the caller runs it
 * on one thread, calling {@link #poll} when the association is ready and {@link #flush} after
 * using the connection.
 */
public final class SctpDriver {
    private final DtlsConnection conn;
    private final SctpAssociation assoc;
    /** What the engine asked for and the association has not taken yet (full send buffer, or not dry). */
    private final ArrayDeque<SctpOutput> pending = new ArrayDeque<>();
    /** Notifications read, for the owner (the seed's notification callback). */
    private final List<SctpNotification> notifications = new ArrayList<>();

    public SctpDriver(DtlsConnection conn, SctpAssociation assoc) {
        this.conn = conn;
        this.assoc = assoc;
    }

    public DtlsConnection connection() {
        return conn;
    }

    public SctpAssociation association() {
        return assoc;
    }

    /**
     * Carries out the engine's outputs as far as the association allows now: stops at a full
     * send buffer or an unmet sender-dry wait, and goes on at the next call.
     *
     * @return true if nothing is left waiting
     */
    public boolean flush(long now) throws IOException {
        for (SctpOutput o; (o = conn.pollSctp()) != null; ) pending.add(o);
        while (!pending.isEmpty()) {
            SctpOutput o = pending.peek();
            switch (o) {
                case SctpOutput.Message m -> {
                    if (!assoc.send(m.record(), m.info(), m.pr())) return false;
                }
                case SctpOutput.AwaitSenderDry d -> {
                    if (!assoc.isSenderDry()) return false;
                }
                case SctpOutput.AddAuthKey k -> assoc.addAuthKey(k.keyId(), k.secret());
                case SctpOutput.ActivateAuthKey k -> assoc.activateAuthKey(k.keyId());
                case SctpOutput.DeleteAuthKey k -> retire(k.keyId());
            }
            pending.poll();
        }
        return true;
    }

    /**
     * Reads what the association holds, up to {@link #MAX_BATCH} messages, and hands it to the
     * engine, then flushes; returns true if the batch was full (call again at once). All
     * buffered messages are read before any is processed, and those of streams other than 0
     * go first: a ChangeCipherSpec or close_notify (stream 0) is acted on only after every other
     * message that came before it (RFC 6083 §4.7, §4.9); the engine keeps records of the next
     * epoch until its Finished, and reads those of the one before.
     */
    public boolean poll(long now) throws IOException {
        return feed(null, now);
    }

    /**
     * The most messages read in one go: the engine's application data is taken by the caller
     * between batches, so its bounded queue never overflows (over SCTP nothing may be dropped).
     */
    public static final int MAX_BATCH = 256;

    /**
     * As {@link #poll(long)}, first waiting up to {@code wait} for something to arrive.
     *
     * @return whether anything was read
     */
    public boolean poll(long now, java.time.Duration wait) throws IOException, InterruptedException {
        SctpInbound first = assoc.poll(wait);
        if (first == null) {
            flush(now);
            return false;
        }
        feed(first, System.nanoTime());
        return true;
    }

    private boolean feed(SctpInbound first, long now) throws IOException {
        List<SctpMessage> control = new ArrayList<>();
        List<SctpMessage> data = new ArrayList<>();
        int read = 0;
        for (SctpInbound in = first != null ? first : assoc.poll(); in != null; in = ++read < MAX_BATCH ? assoc.poll() : null) {
            switch (in) {
                case SctpMessage m -> {
                    if (misplaced(m)) {
                        misplaced++;
                    } else {
                        (m.sid() == 0 ? control : data).add(m);
                    }
                }
                case SctpNotification n -> onNotification(n, now);
            }
        }
        for (SctpMessage m : data) conn.receive(m.data(), 0, m.data().length, m.info(), now);
        for (SctpMessage m : control) conn.receive(m.data(), 0, m.data().length, m.info(), now);
        flush(now);
        return read >= MAX_BATCH;
    }

    /**
     * RFC 6083 §4.8: the old key "SHOULD be removed". Stacks following RFC 6458 §8.3.4 may refuse
     * to delete a key still in use: it is deactivated, and deleted once the stack reports it free
     * (SCTP_AUTH_FREE_KEY). A key that cannot be removed is no reason to end the connection.
     */
    private void retire(int keyId) {
        try {
            assoc.deactivateAuthKey(keyId);
        } catch (IOException e) {
            // not every stack has deactivation; deletion below decides
        }
        try {
            assoc.deleteAuthKey(keyId);
        } catch (IOException e) {
            retiring.add(keyId);
        }
    }

    /** Keys waiting for SCTP_AUTH_FREE_KEY before they can be deleted. */
    private final java.util.Set<Integer> retiring = new java.util.HashSet<>();

    /** Records dropped for arriving where RFC 6083 §4.4 forbids (see {@link #misplaced(SctpMessage)}). */
    private long misplaced;

    /**
     * RFC 6083 §4.4: handshake, ChangeCipherSpec and alert records travel on stream 0, ordered.
     * One that comes on another stream or unordered was not sent by an RFC 6083 peer (SCTP-AUTH
     * covers the stream and flags): it is dropped.
     */
    static boolean misplaced(SctpMessage m) {
        if (m.data().length == 0) return false;
        int type = m.data()[0];
        return (type == 20 || type == 21 || type == 22) && (m.sid() != 0 || m.isUnordered());
    }

    /** How many records were dropped for arriving on a stream or with an ordering RFC 6083 §4.4 forbids. */
    public long misplacedRecords() {
        return misplaced;
    }

    private void onNotification(SctpNotification n, long now) {
        notifications.add(n);
        if (n instanceof SctpNotification.AuthKey k && k.indication() == SctpNotification.AuthIndication.FREE_KEY
                && retiring.remove(k.keyId())) {
            try {
                assoc.deleteAuthKey(k.keyId());
            } catch (IOException e) {
                // kept: harmless, and the association's end releases it
            }
        }
        if (n instanceof SctpNotification.AssocChange c) {
            // RFC 6083 §4.2: a DTLS connection lives and dies with its association.
            if (c.isTerminal() || c.state() == SctpNotification.AssocState.RESTART) {
                conn.transportFailed("SCTP association " + c.state(), now);
            }
        }
    }

    /** Notifications read since the last call (association changes, sender dry, AUTH key events, ...). */
    public List<SctpNotification> takeNotifications() {
        List<SctpNotification> l = List.copyOf(notifications);
        notifications.clear();
        return l;
    }

    /** Whether outputs wait for the association (a full send buffer, or sender dry). */
    public boolean isBlocked() {
        return !pending.isEmpty();
    }
}
