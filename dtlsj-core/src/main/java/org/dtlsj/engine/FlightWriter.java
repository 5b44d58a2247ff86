package org.dtlsj.engine;

import java.util.Arrays;
import java.util.Queue;
import java.util.function.IntFunction;
import org.dtlsj.handshake.Flight;
import org.dtlsj.record.WriteEpoch;
import org.dtlsj.wire.ChangeCipherSpec;
import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.handshake.HandshakeHeader;

/**
 * Turns a flight into datagrams of at most {@code mtu} bytes: handshake messages are fragmented
 * to fit (RFC 6347 §4.2.3), and several records share a datagram where they fit (§4.1.1:
 * "multiple DTLS records MAY be placed in a single datagram"). Every call seals anew, so a
 * retransmission carries new record sequence numbers.
 */
final class FlightWriter {
    /** Don't start a fragment in a datagram's tail if fewer body bytes than this fit: start a new datagram. */
    static final int MIN_FRAGMENT = 64;

    private final int mtu;
    /**
     * The datagram being filled, from {@link #SCRATCH} for the length of one {@link #write}:
     * every datagram is copied out, so connections of a thread share one buffer and an idle
     * connection holds none.
     */
    private byte[] buf;
    private static final ThreadLocal<byte[]> SCRATCH = new ThreadLocal<>();
    private final Tracer tracer;
    /** Over SCTP: each record a message of its own (RFC 6083 §4.1), and a hook before each item; else null. */
    private final java.util.function.BiConsumer<Flight.Item, Queue<byte[]>> beforeItem;
    private int pos;

    FlightWriter(int mtu, Tracer tracer) {
        this(mtu, tracer, null);
    }

    FlightWriter(int mtu, Tracer tracer, java.util.function.BiConsumer<Flight.Item, Queue<byte[]>> beforeItem) {
        this.mtu = mtu;
        this.tracer = tracer;
        this.beforeItem = beforeItem;
    }

    private void traceRecord(WriteEpoch we, ContentType type, int length) {
        if (tracer != null) tracer.record(Tracer.Direction.SENT, type, we.epoch(), we.nextSequence() - 1, length);
    }

    /** Writes {@code flight} into datagrams appended to {@code out}; {@code epochs} maps an epoch to its write state. */
    int write(Flight flight, IntFunction<WriteEpoch> epochs, Queue<byte[]> out) {
        byte[] scratch = SCRATCH.get();
        if (scratch == null || scratch.length < mtu) SCRATCH.set(scratch = new byte[mtu]);
        buf = scratch;
        try {
            return writeAll(flight, epochs, out);
        } finally {
            buf = null;
        }
    }

    private int writeAll(Flight flight, IntFunction<WriteEpoch> epochs, Queue<byte[]> out) {
        int before = out.size();
        pos = 0;
        for (Flight.Item item : flight.items()) {
            if (beforeItem != null) {
                flush(out);
                beforeItem.accept(item, out);
            }
            WriteEpoch we = epochs.apply(item.epoch());
            switch (item) {
                case Flight.ChangeCipherSpec ccs -> {
                    if (mtu - pos < we.overhead() + 1) flush(out);
                    int n = we.seal(ContentType.CHANGE_CIPHER_SPEC, new byte[] {ChangeCipherSpec.VALUE}, 0, 1, buf, pos);
                    pos += n;
                    traceRecord(we, ContentType.CHANGE_CIPHER_SPEC, n);
                    if (beforeItem != null) flush(out);
                }
                case Flight.Message m -> {
                    if (tracer != null) tracer.handshake(Tracer.Direction.SENT, m.type(), m.messageSeq(), m.body().length);
                    writeMessage(m, we, out);
                }
            }
        }
        flush(out);
        return out.size() - before;
    }

    private void writeMessage(Flight.Message m, WriteEpoch we, Queue<byte[]> out) {
        int overhead = we.overhead() + HandshakeHeader.LENGTH;
        int len = m.body().length;
        int off = 0;
        do {
            int remaining = len - off;
            int room = mtu - pos - overhead;
            if (room < 0 || room < Math.min(remaining, MIN_FRAGMENT)) {
                flush(out);
                room = mtu - overhead;
            }
            // No record holds more than 2^14 bytes of plaintext (RFC 5246 §6.2.1).
            int n = Math.min(Math.min(room, remaining), RecordLayer.MAX_PLAINTEXT - HandshakeHeader.LENGTH);
            byte[] frag = new byte[HandshakeHeader.LENGTH + n];
            HandshakeHeader h = new HandshakeHeader(m.type(), len, m.messageSeq(), off, n);
            encodeHeader(h, frag);
            System.arraycopy(m.body(), off, frag, HandshakeHeader.LENGTH, n);
            int sealed = we.seal(ContentType.HANDSHAKE, frag, 0, frag.length, buf, pos);
            pos += sealed;
            traceRecord(we, ContentType.HANDSHAKE, sealed);
            if (beforeItem != null) flush(out);
            off += n;
        } while (off < len);
    }

    private static void encodeHeader(HandshakeHeader h, byte[] out) {
        out[0] = (byte) h.type().value();
        put24(out, 1, h.length());
        out[4] = (byte) (h.messageSeq() >>> 8);
        out[5] = (byte) h.messageSeq();
        put24(out, 6, h.fragmentOffset());
        put24(out, 9, h.fragmentLength());
    }

    private static void put24(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 16);
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) v;
    }

    private void flush(Queue<byte[]> out) {
        if (pos > 0) {
            out.add(Arrays.copyOf(buf, pos));
            pos = 0;
        }
    }
}
