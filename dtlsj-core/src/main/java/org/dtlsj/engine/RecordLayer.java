package org.dtlsj.engine;

import java.util.ArrayDeque;
import java.util.Arrays;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.record.ReadEpoch;
import org.dtlsj.record.RecordProtection;
import org.dtlsj.record.ReplayWindow;
import org.dtlsj.record.WriteEpoch;
import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.ProtocolVersion;
import org.dtlsj.wire.RecordHeader;

/**
 * One connection's record layer (RFC 6347 §4.1): the read and write epochs, splitting datagrams
 * into records, the replay check, opening and sealing, and the few records of the next epoch that
 * arrive before its keys. Invalid records are dropped here and counted (§4.1.2.7); what
 * authenticates goes to the {@link Sink}.
 */
final class RecordLayer {
    /** RFC 6347 §4.1 / RFC 5246 §6.2.3: a protected fragment is at most 2^14 + 2048 bytes. */
    static final int MAX_CIPHERTEXT = 16384 + 2048;
    /** RFC 5246 §6.2.1: plaintext fragments are at most 2^14 bytes. */
    static final int MAX_PLAINTEXT = 16384;
    /** The record_size_limit this side advertised, once negotiated (RFC 8449); 2^14 otherwise. */
    private int receiveLimit = MAX_PLAINTEXT;

    void receiveLimit(int bytes) {
        receiveLimit = bytes;
    }
    /**
     * Plaintext of the record being handled. Shared by the connections of a thread (each is
     * confined to one), so an idle connection holds no 18 KB buffer of its own.
     */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[MAX_CIPHERTEXT]);

    /** Where authenticated records go. */
    interface Sink {
        /** A record that authenticated; {@code plain[0, n)} is valid until the call returns. */
        void onRecord(ContentType type, byte[] plain, int n, int epoch, long seq, long now);

        /** Whether the handshake is still running (next-epoch records are kept only then). */
        boolean handshaking();

        /** True once the connection failed or closed: stop parsing. */
        boolean stopped();

        /**
         * The peer's next-epoch protection if the handshake has derived its keys already, else
         * null: records of that epoch that arrive early are then checked before being kept.
         */
        RecordProtection nextReadProtection();
    }

    /**
     * RFC 6347 §4.1: keying material of a previous epoch "MAY" be kept "for up to the default MSL
     * specified for TCP" (two minutes, RFC 793) for records reordered across a renegotiation.
     */
    static final long OLD_EPOCH_LIFETIME_NANOS = 120_000_000_000L;
    private static final Object NO_CONTEXT = new Object();
    /**
     * During a renegotiation, the bytes of next-epoch records kept before their keys are known:
     * the peer switched to the new keys and its data keeps coming while, say, its flight with the
     * key exchange is being retransmitted. (An initial handshake keeps only {@code maxEarlyRecords}.)
     */
    static final int MAX_EARLY_BYTES_RENEGOTIATING = 1 << 20;
    /** The window that drops copies of early next-epoch records already authenticated and kept. */
    static final int EARLY_WINDOW = 1024;

    /** The epochs at a handshake checkpoint. */
    record Snapshot(ReadEpoch read, ReadEpoch previousRead, WriteEpoch write, WriteEpoch previousWrite) {
    }

    private final DtlsConfig config;
    private final ConnectionStats stats;
    private final Tracer tracer;
    private ReadEpoch read;
    /** While handshaking, the epoch before {@link #read}, for retransmitted handshake messages. */
    private ReadEpoch previousRead;
    private WriteEpoch write;
    private WriteEpoch previousWrite;
    /** Where a write epoch re-created after a rewind starts numbering. */
    private long discardedWriteSeq;
    /** Records of the next epoch (or early application data), bounded by {@code Limits.maxEarlyRecords}. */
    private ArrayDeque<byte[]> deferred; // made on first use: most connections never defer a record
    /** Over SCTP, what the transport gave with each deferred record (in step with {@link #deferred}). */
    private ArrayDeque<Object> deferredContext;
    /** What the transport gave with the record being read (over SCTP), or null. */
    private Object context;

    void context(Object c) {
        context = c;
    }

    Object context() {
        return context;
    }
    /** How many of {@link #deferred} could not be authenticated yet (bounded by {@code maxEarlyRecords}). */
    private int unauthenticatedDeferred;
    private int unauthenticatedBytes;
    private boolean replayDeferred;
    /** The next read epoch's protection, made once the keys are known (see {@link Sink#nextReadProtection}). */
    private RecordProtection nextRead;
    /** Early next-epoch records already authenticated: their copies are dropped by this window. */
    private ReplayWindow earlyWindow;
    /** The read epoch switched during the handshake in progress: its application data waits for Finished. */
    private boolean readPending;
    /** The read epoch the handshake in progress started in (0, or the epoch a renegotiation ran under). */
    private int handshakeStartEpoch;
    /** Until when {@link #previousRead} stays readable after a renegotiation (RFC 6347 §4.1). */
    private long previousReadUntil;

    RecordLayer(DtlsConfig config, ConnectionStats stats) {
        this.config = config;
        this.stats = stats;
        this.tracer = config.tracer();
        resetToEpochZero();
    }

    /**
     * Back to epoch 0 in both directions. Epoch 0 has no replay window: its records are not
     * authenticated, so an attacker (or a corrupted sequence number) could push the window ahead
     * and blind us to the real peer. Duplicated handshake messages are recognised by message_seq
     * instead (RFC 6347 §4.2.2). A write epoch being left keeps its sequence numbers going.
     */
    void resetToEpochZero() {
        read = new ReadEpoch(0, RecordProtection.NULL, null);
        previousRead = null;
        if (write == null) {
            write = new WriteEpoch(0, RecordProtection.NULL, ProtocolVersion.DTLS_1_0);
        } else if (write.epoch() != 0) {
            discardedWriteSeq = write.nextSequence();
            write = previousWrite;
        }
        previousWrite = null;
        clearDeferred();
    }

    private void clearDeferred() {
        deferred = null;
        deferredContext = null;
        unauthenticatedDeferred = 0;
        unauthenticatedBytes = 0;
        nextRead = null;
        earlyWindow = null;
    }

    /**
     * A renegotiation starts under the current epochs (RFC 5746): a handshake message from
     * before them is no part of it, and application data of the current epoch flows on.
     */
    void beginHandshake() {
        handshakeStartEpoch = read.epoch();
        readPending = false;
        clearDeferred();
    }

    int handshakeStartEpoch() {
        return handshakeStartEpoch;
    }

    /**
     * The replay window of an epoch a renegotiation opens: wide enough for everything a peer may
     * send at once when its handshake completes ({@code maxApplicationQueue} records, which a
     * dtlsj peer holds back while the handshake runs) without a record that a short reordering
     * delayed falling behind the window. RFC 6347 §4.1.2.6 lets a receiver choose a window larger
     * than the minimum; 64 stays the default of every other epoch.
     */
    private ReplayWindow renegotiatedWindow() {
        if (!config.replayProtection()) return null;
        int wide = (config.limits().maxApplicationQueue() + 63) / 64 * 64;
        return new ReplayWindow(Math.max(config.replayWindow(), wide));
    }

    private ReplayWindow window() {
        return config.replayProtection() ? new ReplayWindow(config.replayWindow()) : null;
    }

    int readEpoch() {
        return read.epoch();
    }

    WriteEpoch writeEpoch() {
        return write;
    }

    /** The record version from now on (the negotiated one, once ServerHello settled it). */
    void version(ProtocolVersion v) {
        write.version(v);
        if (v.equals(ProtocolVersion.DTLS_1_0)) dtls10 = true;
    }

    /** DTLS 1.0 was negotiated: its records carry {254, 255} in every epoch. */
    private boolean dtls10;

    Snapshot snapshot() {
        return new Snapshot(read, previousRead, write, previousWrite);
    }

    void restore(Snapshot s) {
        if (write.epoch() > s.write().epoch()) discardedWriteSeq = write.nextSequence();
        read = s.read();
        previousRead = s.previousRead();
        write = s.write();
        previousWrite = s.previousWrite();
        readPending = s.read() != null && s.previousRead() != null && s.read().epoch() > handshakeStartEpoch;
        clearDeferred();
    }

    /** ChangeCipherSpec received: read the next epoch with {@code protection} (or the one made for early records). */
    void switchRead(java.util.function.Supplier<RecordProtection> protection) {
        previousRead = read;
        read = new ReadEpoch(read.epoch() + 1, nextRead != null ? nextRead : protection.get(),
                handshakeStartEpoch > 0 ? renegotiatedWindow() : window());
        nextRead = null;
        // The records kept so far are replayed next, into the window of the epoch they now belong to.
        earlyWindow = null;
        unauthenticatedDeferred = 0;
        unauthenticatedBytes = 0;
        readPending = true;
        replayDeferred = deferred != null && !deferred.isEmpty();
    }

    /**
     * Handshake over: early records are replayed. After a renegotiation the epoch before stays
     * readable for application data and alerts still on their way ({@link #OLD_EPOCH_LIFETIME_NANOS}).
     */
    void handshakeDone(long now) {
        readPending = false;
        if (previousRead != null && previousRead.epoch() >= 1) {
            previousReadUntil = now + OLD_EPOCH_LIFETIME_NANOS;
        } else {
            previousRead = null;
        }
        replayDeferred = deferred != null && !deferred.isEmpty();
    }

    /** The final flight is released: nothing will be sent in the previous write epoch again. */
    void release(long now) {
        previousWrite = null;
        if (previousRead != null && (previousRead.epoch() == 0 || (!config.sctp() && now - previousReadUntil >= 0))) previousRead = null;
        // Nothing is deferred once the handshake is over, except application data that overtook
        // the peer's Finished and waits for its replay (catalog R-22): that stays.
    }

    /** An idle connection lets its ciphers go; the next record makes them again. */
    void trim() {
        read.trim();
        write.trim();
        if (previousRead != null) previousRead.trim();
        if (previousWrite != null) previousWrite.trim();
    }

    /** The handshake in progress was abandoned before anything changed: back to how it began. */
    void abandonHandshake() {
        readPending = false;
        clearDeferred();
    }

    /**
     * The write state for {@code epoch}: the current or previous one, or — for the next epoch —
     * a new one made with {@code next} (the ChangeCipherSpec we just sent starts it).
     */
    WriteEpoch writeEpochFor(int epoch, java.util.function.Supplier<RecordProtection> next, ProtocolVersion version) {
        if (epoch == write.epoch()) return write;
        if (previousWrite != null && epoch == previousWrite.epoch()) return previousWrite;
        if (epoch == write.epoch() + 1) {
            previousWrite = write;
            // After a rewind the epoch gets new keys; its sequence numbers still never go back.
            write = new WriteEpoch(epoch, next.get(), version, discardedWriteSeq);
            discardedWriteSeq = 0;
            return write;
        }
        throw new IllegalStateException("no write state for epoch " + epoch);
    }

    /** One record of {@code type} in the current write epoch, as a datagram of its own. */
    byte[] seal(ContentType type, byte[] data, int off, int len) {
        byte[] out = new byte[write.overhead() + len];
        int n = sealInto(type, data, off, len, out, 0);
        // AEAD expands by a fixed amount; CBC by its padding, up to the overhead.
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** Seals one record into {@code out}, which has room for {@code len} plus the overhead; returns its length. */
    int sealInto(ContentType type, byte[] data, int off, int len, byte[] out, int outOff) {
        int n = write.seal(type, data, off, len, out, outOff);
        if (tracer != null) tracer.record(Tracer.Direction.SENT, type, write.epoch(), write.nextSequence() - 1, n - RecordHeader.LENGTH);
        return n;
    }

    // ------------------------------------------------------------------ reading

    /** Splits a datagram into records and hands what authenticates to {@code sink}. */
    void read(byte[] d, int off, int len, long now, Sink sink) {
        int p = off;
        int end = off + len;
        while (end - p >= RecordHeader.LENGTH && !sink.stopped()) {
            int length = ((d[p + 11] & 0xff) << 8) | (d[p + 12] & 0xff);
            if (length > end - p - RecordHeader.LENGTH) {
                // RFC 6347 §4.1.2.7: a record that overruns the datagram ends parsing of it.
                stats.droppedMalformed++;
                return;
            }
            readRecord(d, p, length, now, sink);
            p += RecordHeader.LENGTH + length;
            if (replayDeferred) replayDeferred(now, sink);
        }
        if (p != end) stats.droppedMalformed++;
    }

    private void readRecord(byte[] d, int p, int length, long now, Sink sink) {
        stats.recordsReceived++;
        ContentType type = new ContentType(d[p] & 0xff);
        int major = d[p + 1] & 0xff;
        int minor = d[p + 2] & 0xff;
        int epoch = ((d[p + 3] & 0xff) << 8) | (d[p + 4] & 0xff);
        long seq = 0;
        for (int i = 5; i < 11; i++) seq = (seq << 8) | (d[p + i] & 0xff);
        // RFC 6347 §4.1: DTLS 1.2 records say {254, 253}; a first ClientHello or HelloVerifyRequest
        // may say DTLS 1.0 {254, 255} in epoch 0. Anything else (TLS, DTLS 1.3's number, zero) is
        // dropped (catalog R-07). A DTLS 1.0 connection takes {254, 255} in every epoch.
        boolean versionOk = major == 254 && (minor == 253 || (minor == 255 && (epoch == 0 || dtls10)));
        if (!versionOk || length > MAX_CIPHERTEXT) {
            stats.droppedMalformed++;
            return;
        }
        ReadEpoch re = read;
        if (epoch != read.epoch()) {
            if (previousRead != null && epoch == previousRead.epoch() && previousReadable(type, sink, now)) {
                re = previousRead;
            } else {
                // RFC 6347 §4.1: records of the next epoch may arrive before ChangeCipherSpec; keep some.
                if (sink.handshaking() && epoch == read.epoch() + 1) {
                    deferNext(type, major, minor, seq, d, p, length, sink);
                } else {
                    stats.droppedEpoch++;
                }
                return;
            }
        } else if (readPending && epoch > 0 && sink.handshaking()
                && (type.equals(ContentType.APPLICATION_DATA) || type.equals(ContentType.HEARTBEAT))) {
            // Keys of this handshake, not yet confirmed by the peer's Finished (the server's data
            // can overtake it; RFC 6347 §4.1 "MUST wait for the receipt of the Finished message").
            deferAuthentic(read, type, major, minor, seq, d, p, length);
            return;
        }
        if (re.isReplay(seq)) {
            stats.droppedReplay++;
            return;
        }
        // Application data opens straight into the array the application gets, when its size is
        // known beforehand (RecordInput hands that array on without a copy); the rest into scratch.
        int exact = type.equals(ContentType.APPLICATION_DATA) ? re.openedLength(length) : -1;
        byte[] plain = exact >= 0 ? new byte[exact] : SCRATCH.get();
        int n = re.open(type, new ProtocolVersion(major, minor), seq, d, p + RecordHeader.LENGTH, length, plain, 0);
        if (n < 0) {
            stats.droppedBadMac++;
            if (tracer != null) tracer.event("dropped a record of epoch " + epoch + ": it does not authenticate");
            return;
        }
        // RFC 8449 §4: a protected record over the limit we advertised; a DTLS endpoint "MAY ...
        // discard the record", which keeps a misbehaving peer from ending the association.
        if (n > (epoch > 0 ? receiveLimit : MAX_PLAINTEXT)) {
            stats.droppedMalformed++;
            return;
        }
        if (!(readPending && re == read && sink.handshaking())) {
            re.markReceived(seq);
        }
        // Otherwise a handshake message or alert of the epoch this handshake opens, before its
        // Finished: not marked, or a retransmitted Finished's new (higher) sequence number would push
        // the data held for the Finished out of the window (the reassembler drops copies of messages).
        if (tracer != null) tracer.record(Tracer.Direction.RECEIVED, type, epoch, seq, length);
        sink.onRecord(type, plain, n, epoch, seq, now);
    }

    /**
     * Whether a record of the previous read epoch is taken: a handshake message of the handshake
     * in progress (a retransmission from before the peer's ChangeCipherSpec); after a renegotiation,
     * application data and alerts sent before it — RFC 6347 §4.1: "Until the handshake has
     * completed, implementations MUST accept packets from the old epoch", and for a while after.
     */
    private boolean previousReadable(ContentType type, Sink sink, long now) {
        if (type.equals(ContentType.HANDSHAKE)) return sink.handshaking() && previousRead.epoch() >= handshakeStartEpoch;
        if (!type.equals(ContentType.APPLICATION_DATA) && !type.equals(ContentType.ALERT)) return false;
        if (previousRead.epoch() == 0) return false;
        // Over SCTP nothing of the old epoch may be discarded (RFC 6083 §4.7): read for as long as it comes.
        if (sink.handshaking() || config.sctp() || now - previousReadUntil < 0) return true;
        previousRead = null;
        return false;
    }

    /**
     * A record of the epoch after the current one. If this side knows the keys already (a client
     * after its Finished, waiting for the server's), it must authenticate to be kept, and up to
     * {@code maxApplicationQueue} are; otherwise only {@code maxEarlyRecords}, as anyone could
     * have sent them.
     */
    private void deferNext(ContentType type, int major, int minor, long seq, byte[] d, int p, int length, Sink sink) {
        if (nextRead == null) nextRead = sink.nextReadProtection();
        if (nextRead == null) {
            defer(d, p, length, false);
            return;
        }
        deferAuthentic(new ReadEpoch(read.epoch() + 1, nextRead, null), type, major, minor, seq, d, p, length);
    }

    /** Keeps a record for later if it authenticates under {@code keys} and is no copy of one kept already. */
    private void deferAuthentic(ReadEpoch keys, ContentType type, int major, int minor, long seq, byte[] d, int p, int length) {
        if (keys.isReplay(seq)) {
            stats.droppedReplay++;
            return;
        }
        if (earlyWindow == null) earlyWindow = new ReplayWindow(EARLY_WINDOW);
        if (earlyWindow.isReplay(seq)) {
            stats.droppedReplay++;
            return;
        }
        byte[] plain = SCRATCH.get();
        if (keys.open(type, new ProtocolVersion(major, minor), seq, d, p + RecordHeader.LENGTH, length, plain, 0) < 0) {
            stats.droppedBadMac++;
            return;
        }
        earlyWindow.markReceived(seq);
        defer(d, p, length, true);
    }

    private void defer(byte[] d, int p, int length, boolean authenticated) {
        int end = p + RecordHeader.LENGTH + length;
        if (authenticated) {
            if (deferred == null) {
                deferred = new ArrayDeque<>(2);
                deferredContext = new ArrayDeque<>(2);
            }
            if (deferred.size() - unauthenticatedDeferred >= config.limits().maxApplicationQueue()) {
                stats.droppedEarlyOverflow++;
                return;
            }
            deferred.add(Arrays.copyOfRange(d, p, end));
            deferredContext.add(context != null ? context : NO_CONTEXT);
            return;
        }
        // Security catalog F-16: a network that duplicates (or a peer that floods copies of) one
        // early record must not fill the bound and crowd out the others. Only exact copies go:
        // a different record under the same (epoch, seq) may be the genuine one, and only its
        // keys will tell.
        if (deferred == null) {
            deferred = new ArrayDeque<>(2);
            deferredContext = new ArrayDeque<>(2);
        }
        for (byte[] r : deferred) {
            if (Arrays.equals(r, 0, r.length, d, p, end)) {
                stats.droppedReplay++;
                return;
            }
        }
        boolean renegotiating = handshakeStartEpoch > 0;
        if (renegotiating ? unauthenticatedDeferred >= config.limits().maxApplicationQueue()
                || unauthenticatedBytes + (end - p) > MAX_EARLY_BYTES_RENEGOTIATING
                : unauthenticatedDeferred >= config.limits().maxEarlyRecords()) {
            stats.droppedEarlyOverflow++;
            return;
        }
        unauthenticatedDeferred++;
        unauthenticatedBytes += end - p;
        deferred.add(Arrays.copyOfRange(d, p, end));
        deferredContext.add(context != null ? context : NO_CONTEXT);
    }

    private void replayDeferred(long now, Sink sink) {
        replayDeferred = false;
        ArrayDeque<byte[]> again = deferred;
        ArrayDeque<Object> contexts = deferredContext;
        deferred = null;
        deferredContext = null;
        if (again == null) return;
        Object current = context;
        for (byte[] r : again) {
            if (sink.stopped()) return;
            Object c = contexts.poll();
            context = c == NO_CONTEXT ? null : c;
            read(r, 0, r.length, now, sink);
        }
        context = current;
    }
}
