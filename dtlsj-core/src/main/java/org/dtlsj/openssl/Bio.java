package org.dtlsj.openssl;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * OpenSSL's {@code BIO} for datagrams: over a {@link DatagramChannel} ({@code BIO_new_dgram}),
 * in memory ({@code BIO_s_mem}), or as one end of a pair ({@code BIO_new_bio_pair}). Every read
 * or write moves one whole datagram.
 *
 * <p>As in OpenSSL, one BIO serves one peer: a channel that is not connected sends to the peer set
 * with {@link BioCtrl#DGRAM_SET_CONNECTED} (or learned from the last datagram read). dtlsj's own
 * {@code DtlsServer} serves any number of peers on one socket instead.
 */
public final class Bio {
    /** What a read found when it returned no datagram. */
    static final int WOULD_BLOCK = -1;
    static final int TIMED_OUT = -2;

    /** Datagrams a memory BIO holds before writes would block. */
    public static final int DEFAULT_MEM_CAPACITY = 1024;

    private enum Kind { DGRAM, MEM, SCTP }

    private final Kind kind;
    private DatagramChannel channel;
    private BioClose close;
    private SocketAddress peer;
    private Duration recvTimeout = Duration.ZERO;
    private boolean timedOut;
    private int mtu;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private int capacity = DEFAULT_MEM_CAPACITY;
    /** For a pair: where writes go. */
    private Bio pairPeer;
    /** An SCTP BIO's association, and what its writes and last read carry (RFC 6458 §5.3.4, §5.3.5, §5.3.7). */
    private org.dtlsj.sctp.SctpAssociation assoc;
    private org.dtlsj.sctp.SctpSndInfo sndinfo = org.dtlsj.sctp.SctpSndInfo.ordered(0, 0);
    private org.dtlsj.sctp.SctpPrInfo prinfo = org.dtlsj.sctp.SctpPrInfo.RELIABLE;
    private org.dtlsj.sctp.SctpRcvInfo rcvinfo;
    private SctpNotificationCallback notificationCallback;
    private Object notificationContext;

    private Bio(Kind kind) {
        this.kind = kind;
    }

    /** {@code BIO_new_dgram(fd, close_flag)}. */
    public static Bio newDgram(DatagramChannel channel, BioClose close) {
        Bio b = new Bio(Kind.DGRAM);
        b.setChannel(channel, close);
        return b;
    }

    /**
     * {@code BIO_new_dgram_sctp(fd, close_flag)}: DTLS over SCTP (RFC 6083) on an association
     * the application set up. An {@code Ssl} on it runs the SCTP rules (one record per message,
     * no DTLS retransmission, AUTH keys, sender-dry); there is no {@code listen}: accept the
     * association, then {@code SSL_accept}. Writes go as {@link BioCtrl#DGRAM_SCTP_SET_SNDINFO}
     * and {@link BioCtrl#DGRAM_SCTP_SET_PRINFO} say (stream 0, ordered, reliable until set).
     */
    public static Bio newDgramSctp(org.dtlsj.sctp.SctpAssociation association, BioClose close) {
        Bio b = new Bio(Kind.SCTP);
        b.assoc = java.util.Objects.requireNonNull(association);
        b.close = close;
        return b;
    }

    /** {@code BIO_dgram_sctp_notification_cb}: {@code callback} gets each SCTP notification read, with {@code context}. */
    public void setSctpNotificationCallback(SctpNotificationCallback callback, Object context) {
        if (kind != Kind.SCTP) throw new IllegalStateException("not an SCTP BIO");
        this.notificationCallback = callback;
        this.notificationContext = context;
    }

    /** {@code BIO_dgram_is_sctp}. */
    public boolean isSctp() {
        return kind == Kind.SCTP;
    }

    org.dtlsj.sctp.SctpAssociation association() {
        return assoc;
    }

    /** {@code BIO_CTRL_DGRAM_SCTP_GET_RCVINFO} without the holder: the rcvinfo of the record last read, or null. */
    public org.dtlsj.sctp.SctpRcvInfo sctpRcvInfo() {
        return rcvinfo;
    }

    /** {@code BIO_CTRL_DGRAM_SCTP_GET_SNDINFO} without the holder. */
    public org.dtlsj.sctp.SctpSndInfo sctpSndInfo() {
        return sndinfo;
    }

    /** {@code BIO_CTRL_DGRAM_SCTP_GET_PRINFO} without the holder. */
    public org.dtlsj.sctp.SctpPrInfo sctpPrInfo() {
        return prinfo;
    }

    org.dtlsj.sctp.SctpSndInfo sndinfo() {
        return sndinfo;
    }

    org.dtlsj.sctp.SctpPrInfo prinfo() {
        return prinfo;
    }

    void rcvinfo(org.dtlsj.sctp.SctpRcvInfo r) {
        rcvinfo = r;
    }

    void notify(org.dtlsj.sctp.SctpNotification n) {
        if (notificationCallback != null) notificationCallback.onNotification(this, notificationContext, n);
    }

    @SuppressWarnings("unchecked")
    private static long out(Object parg, Object value) {
        if (parg instanceof Object[] a && a.length > 0) {
            a[0] = value;
        } else if (parg instanceof java.util.concurrent.atomic.AtomicReference<?> r) {
            ((java.util.concurrent.atomic.AtomicReference<Object>) r).set(value);
        } else {
            return 0;
        }
        return value != null ? 1 : 0;
    }

    /** {@code BIO_new(BIO_s_mem())}: write datagrams in with {@link #write}, read them out with {@link #read}. */
    public static Bio newMem() {
        return new Bio(Kind.MEM);
    }

    /**
     * {@code BIO_new_bio_pair}: two BIOs where what one writes, the other reads. Each holds at
     * most {@code capacity1} / {@code capacity2} datagrams written to it.
     */
    public static Bio[] newBioPair(int capacity1, int capacity2) {
        Bio a = new Bio(Kind.MEM);
        Bio b = new Bio(Kind.MEM);
        a.capacity = capacity2;
        b.capacity = capacity1;
        a.pairPeer = b;
        b.pairPeer = a;
        return new Bio[] {a, b};
    }

    /** {@code BIO_set_fd(bio, fd, close_flag)}: put another channel behind this BIO. */
    public void setChannel(DatagramChannel ch, BioClose close) {
        if (kind != Kind.DGRAM) throw new IllegalStateException("not a datagram BIO");
        this.channel = ch;
        this.close = close;
        this.peer = null;
        try {
            if (ch.isConnected()) this.peer = ch.getRemoteAddress();
        } catch (IOException e) {
            // no peer known
        }
    }

    public DatagramChannel channel() {
        return channel;
    }

    /** {@code BIO_ctrl}. Returns what OpenSSL's would: 1 for success, a value, or 0. */
    public long ctrl(BioCtrl cmd, long larg, Object parg) {
        switch (cmd) {
            case DGRAM_SET_CONNECTED, DGRAM_SET_PEER -> {
                peer = (SocketAddress) parg;
                return 1;
            }
            case DGRAM_GET_PEER -> {
                if (parg instanceof Object[] out && out.length > 0) out[0] = peer;
                return peer != null ? 1 : 0;
            }
            case DGRAM_SET_RECV_TIMEOUT -> {
                recvTimeout = parg == null ? Duration.ZERO : (Duration) parg;
                return 1;
            }
            case DGRAM_GET_RECV_TIMEOUT -> {
                return recvTimeout.toMillis();
            }
            case DGRAM_GET_RECV_TIMER_EXP -> {
                return timedOut ? 1 : 0;
            }
            case DGRAM_QUERY_MTU, DGRAM_GET_MTU -> {
                return mtu;
            }
            case DGRAM_SET_MTU -> {
                mtu = (int) larg;
                return 1;
            }
            case PENDING -> {
                byte[] d = queue.peek();
                return d == null ? 0 : d.length;
            }
            case DGRAM_SCTP_GET_SNDINFO -> {
                return kind == Kind.SCTP ? out(parg, sndinfo) : 0;
            }
            case DGRAM_SCTP_SET_SNDINFO -> {
                if (kind != Kind.SCTP || !(parg instanceof org.dtlsj.sctp.SctpSndInfo i)) return 0;
                sndinfo = i;
                return 1;
            }
            case DGRAM_SCTP_GET_RCVINFO -> {
                return kind == Kind.SCTP ? out(parg, rcvinfo) : 0;
            }
            case DGRAM_SCTP_SET_RCVINFO -> {
                if (kind != Kind.SCTP || !(parg instanceof org.dtlsj.sctp.SctpRcvInfo i)) return 0;
                rcvinfo = i;
                return 1;
            }
            case DGRAM_SCTP_GET_PRINFO -> {
                return kind == Kind.SCTP ? out(parg, prinfo) : 0;
            }
            case DGRAM_SCTP_SET_PRINFO -> {
                if (kind != Kind.SCTP || !(parg instanceof org.dtlsj.sctp.SctpPrInfo i)) return 0;
                prinfo = i;
                return 1;
            }
        }
        return 0;
    }

    /** {@code BIO_dgram_get_peer}: the peer this BIO sends to (the sender of the last datagram read when not connected). */
    public SocketAddress dgramGetPeer() {
        return peer;
    }

    /** {@code BIO_dgram_recv_timedout}: whether the last read ended because the receive timeout expired. */
    public boolean dgramRecvTimedOut() {
        return timedOut;
    }

    /** The user's receive timeout (zero: wait as long as it takes). */
    Duration recvTimeout() {
        return recvTimeout;
    }

    /** Whether datagrams written now have somewhere to go. */
    boolean hasPeer() {
        return kind == Kind.MEM || kind == Kind.SCTP || peer != null || channel.isConnected();
    }

    boolean nonBlocking() {
        return kind == Kind.MEM || (kind == Kind.DGRAM && !channel.isBlocking());
    }

    /** {@code BIO_write} on a memory BIO: one datagram in. Returns its length, or -1 when full. */
    public int write(byte[] data, int off, int len) {
        Bio target = pairPeer != null ? pairPeer : this;
        if (kind != Kind.MEM) throw new IllegalStateException("use the channel of a datagram BIO");
        if (target.queue.size() >= target.capacity) return -1;
        byte[] d = new byte[len];
        System.arraycopy(data, off, d, 0, len);
        target.queue.add(d);
        return len;
    }

    /** {@code BIO_read} on a memory BIO: one datagram out (truncated to {@code len}), or -1 when empty. */
    public int read(byte[] buf, int off, int len) {
        if (kind != Kind.MEM) throw new IllegalStateException("use the channel of a datagram BIO");
        byte[] d = queue.poll();
        if (d == null) return -1;
        int n = Math.min(len, d.length);
        System.arraycopy(d, 0, buf, off, n);
        return n;
    }

    /** {@code BIO_free}: closes the channel if the BIO owns it. */
    public void free() {
        if (kind == Kind.SCTP && close == BioClose.CLOSE) assoc.close();
        if (kind == Kind.DGRAM && close == BioClose.CLOSE) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    // ---------------------------------------------------------------- for Ssl

    /**
     * Reads one datagram, waiting at most {@code waitNanos} (0: no limit) on a blocking channel.
     * @return its length, {@link #WOULD_BLOCK} or {@link #TIMED_OUT}
     */
    int readDatagram(byte[] buf, long waitNanos) throws IOException {
        timedOut = false;
        if (kind == Kind.MEM) {
            byte[] d = queue.poll();
            if (d == null) return WOULD_BLOCK;
            int n = Math.min(buf.length, d.length);
            System.arraycopy(d, 0, buf, 0, n);
            return n;
        }
        if (!channel.isBlocking()) {
            ByteBuffer bb = ByteBuffer.wrap(buf);
            SocketAddress from = channel.receive(bb);
            if (from == null) return WOULD_BLOCK;
            if (!channel.isConnected()) peer = from;
            return bb.position();
        }
        var socket = channel.socket();
        int ms = waitNanos <= 0 ? 0 : (int) Math.max(1, Math.min(Integer.MAX_VALUE, (waitNanos + 999_999) / 1_000_000));
        socket.setSoTimeout(ms);
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            socket.receive(p);
        } catch (SocketTimeoutException e) {
            timedOut = true;
            return TIMED_OUT;
        }
        if (!channel.isConnected()) peer = p.getSocketAddress();
        return p.getLength();
    }

    /** Writes one datagram; false if a non-blocking channel or a full memory BIO cannot take it now. */
    boolean writeDatagram(byte[] d) throws IOException {
        if (kind == Kind.MEM) return write(d, 0, d.length) >= 0;
        ByteBuffer bb = ByteBuffer.wrap(d);
        if (channel.isConnected()) return channel.write(bb) > 0 || d.length == 0;
        if (peer == null) throw new IOException("datagram BIO has no peer: set one with BIO_CTRL_DGRAM_SET_CONNECTED");
        return channel.send(bb, peer) > 0 || d.length == 0;
    }
}
