package org.dtlsj.sctp.ffm;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.util.function.Supplier;
import org.dtlsj.sctp.SctpInbound;
import org.dtlsj.sctp.SctpMessage;
import org.dtlsj.sctp.SctpRcvInfo;

/**
 * Joins the pieces one receive call after another returns into whole user messages and
 * notifications: a piece without {@code MSG_EOR} is part of a longer one (RFC 6458 §3.1.4).
 * Messages longer than the bound are read to their end, discarded and counted.
 *
 * <p>Internal to dtlsj-sctp's backends; not an API. Not thread-safe (each association's reads
 * are serialized).
 */
public final class MessageAssembler {
    private final SctpDialect dialect;
    private final int maxMessageSize;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private boolean discarding;
    private long oversizeDropped;

    public MessageAssembler(SctpDialect dialect, int maxMessageSize) {
        this.dialect = dialect;
        this.maxMessageSize = maxMessageSize;
    }

    /**
     * Adds the {@code n} bytes a receive call put in {@code buf}, with its {@code msg_flags}.
     *
     * @param info the receive information of the call, asked for only when a user message completes
     * @return the completed message or notification; null if it is incomplete, was too long, or is
     *         a notification dtlsj does not pass on
     */
    public SctpInbound append(MemorySegment buf, long n, int msgFlags, Supplier<SctpRcvInfo> info) {
        if (!discarding) {
            if (partial.size() + n > maxMessageSize) {
                discarding = true;
                partial.reset();
            } else {
                partial.write(buf.asSlice(0, n).toArray(JAVA_BYTE), 0, (int) n);
            }
        }
        if ((msgFlags & SctpDialect.MSG_EOR) == 0) return null;
        if (discarding) {
            discarding = false;
            oversizeDropped++;
            return null;
        }
        byte[] data = partial.toByteArray();
        partial.reset();
        if ((msgFlags & dialect.msgNotification) != 0) return NotificationParser.parse(dialect, data);
        return new SctpMessage(data, info.get());
    }

    /** Messages discarded for being longer than the bound. */
    public long oversizeDropped() {
        return oversizeDropped;
    }
}
