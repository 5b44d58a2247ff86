package org.dtlsj.sctp.usrsctp;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.dtlsj.sctp.SctpAssociation;
import org.dtlsj.sctp.SctpInbound;
import org.dtlsj.sctp.SctpNotification.AssocChange;
import org.dtlsj.sctp.SctpNotification.AssocState;
import org.dtlsj.sctp.SctpNotification;
import org.dtlsj.sctp.SctpPrInfo;
import org.dtlsj.sctp.SctpRcvInfo;
import org.dtlsj.sctp.SctpSndInfo;
import org.dtlsj.sctp.ffm.AuthKeys;
import org.dtlsj.sctp.ffm.Errno;
import org.dtlsj.sctp.ffm.InboundQueue;
import org.dtlsj.sctp.ffm.MessageAssembler;
import org.dtlsj.sctp.ffm.SctpDialect;
import org.dtlsj.sctp.ffm.SctpSocketOptions;

/**
 * An {@link SctpAssociation} over a one-to-one usrsctp socket. Made by {@link
 * UsrsctpStack#connect} or {@link UsrsctpListener#accept}. Thread-safe: native calls are
 * serialized on this object; the stack's dispatcher thread reads what arrives into a bounded
 * queue, and {@link #poll()} reads directly when that queue was full.
 */
public final class UsrsctpAssociation extends UsrsctpSocket implements SctpAssociation {
    /** Bytes read from usrsctp per {@code usrsctp_recvv} call. */
    static final int READ_CHUNK = 64 * 1024;
    private static final SctpDialect D = SctpDialect.USRSCTP;
    private static final int LEVEL = SctpDialect.IPPROTO_SCTP;

    private enum State { CONNECTING, OPEN, SHUTTING_DOWN, ENDED }

    private final SctpSocketOptions options;
    private final InboundQueue inbound;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buf, info, infoLen, infoType, msgFlags, fromLen;
    /** Joins what {@code usrsctp_recvv} returns into messages, until MSG_EOR. */
    private final MessageAssembler assembler;
    private volatile State state;
    private volatile Runnable readyListener;
    /** Whether a SENDER_DRY event came after the last send. */
    private boolean dry = true;
    private AssocChange failure;

    UsrsctpAssociation(UsrsctpStack stack, MemorySegment so, SctpSocketOptions options, boolean accepted)
            throws IOException {
        super(stack, so);
        this.options = options;
        this.inbound = new InboundQueue(options.maxQueuedInbound(), options.maxQueuedBytes());
        this.assembler = new MessageAssembler(D, options.maxMessageSize());
        this.state = accepted ? State.OPEN : State.CONNECTING;
        this.buf = arena.allocate(READ_CHUNK);
        this.info = arena.allocate(Usrsctp.RCVINFO_SIZE);
        this.infoLen = arena.allocate(JAVA_INT);
        this.infoType = arena.allocate(JAVA_INT);
        this.msgFlags = arena.allocate(JAVA_INT);
        this.fromLen = arena.allocate(JAVA_INT);
        stack.hookUpcall(this);
    }

    /** Non-blocking connect, then waits for COMM_UP (or a failure) as the dispatcher reads it. */
    void connect(byte[] ipv4, int port, Duration timeout) throws IOException, InterruptedException {
        synchronized (this) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment sin = Usrsctp.sockaddrIn(a, ipv4, port);
                int rc = (int) Usrsctp.connect.invokeExact(Errno.state(), so, sin, Usrsctp.SOCKADDR_IN_SIZE);
                if (rc < 0 && Errno.errno() != Usrsctp.EINPROGRESS) {
                    IOException e = Usrsctp.failure("connect to SCTP port " + port, Errno.errno());
                    close();
                    throw e;
                }
            } catch (IOException e) {
                throw e;
            } catch (Throwable t) {
                close();
                throw new IOException("usrsctp_connect failed", t);
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (state == State.CONNECTING) {
                long left = deadline - System.nanoTime();
                if (left <= 0) break;
                wait(Math.max(1, left / 1_000_000));
            }
        }
        if (state != State.OPEN) {
            String why = failure != null ? failure.toString() : "no COMM_UP within " + timeout;
            close();
            throw new IOException("usrsctp: association to SCTP port " + port + " did not come up: " + why);
        }
    }

    @Override
    void onEvents() {
        drain();
        Runnable l = readyListener;
        if (l != null) l.run();
    }

    /** Reads what usrsctp holds into the queue, as far as it has room. */
    private synchronized void drain() {
        while (!released && inbound.hasRoom()) {
            infoLen.set(JAVA_INT, 0, Usrsctp.RCVINFO_SIZE);
            fromLen.set(JAVA_INT, 0, 0);
            infoType.set(JAVA_INT, 0, 0);
            msgFlags.set(JAVA_INT, 0, 0);
            long n;
            try {
                n = (long) Usrsctp.recvv.invokeExact(Errno.state(), so, buf, (long) READ_CHUNK, MemorySegment.NULL,
                        fromLen, info, infoLen, infoType, msgFlags);
            } catch (Throwable t) {
                end();
                return;
            }
            if (n < 0) {
                int e = Errno.errno();
                // before connect() completes usrsctp answers ENOTCONN: nothing to read yet
                if (e != Usrsctp.EAGAIN && state != State.CONNECTING) end(); // ECONNRESET, ENOTCONN: gone
                return;
            }
            if (n == 0) { // end of stream: the peer shut down and everything was read
                if (state != State.CONNECTING) end();
                return;
            }
            int flags = msgFlags.get(JAVA_INT, 0);
            SctpInbound in = assembler.append(buf, n, flags, this::rcvInfo);
            if (in instanceof SctpNotification note) onNotification(note);
            if (in != null) inbound.add(in);
        }
    }

    private SctpRcvInfo rcvInfo() {
        if (infoType.get(JAVA_INT, 0) != Usrsctp.SCTP_RECVV_RCVINFO) return new SctpRcvInfo(0, 0, 0, 0, 0, 0, 0);
        // RFC 6458 §5.3.5: sid, ssn, flags, (pad), ppid (network order), tsn, cumtsn, context
        return new SctpRcvInfo(info.get(JAVA_SHORT, 0) & 0xffff, info.get(JAVA_SHORT, 2) & 0xffff,
                D.dtlsjFlags(info.get(JAVA_SHORT, 4) & 0xffff), info.get(Usrsctp.INT_BE, 8), info.get(JAVA_INT, 12),
                info.get(JAVA_INT, 16), info.get(JAVA_INT, 20));
    }

    /** Keeps the association's state in step with what the stack reported (caller holds the lock). */
    private void onNotification(SctpNotification note) {
        switch (note) {
            case AssocChange c when c.state() == AssocState.COMM_UP || c.state() == AssocState.RESTART -> {
                if (state == State.CONNECTING) state = State.OPEN;
            }
            case AssocChange c when c.isTerminal() -> {
                failure = c;
                state = State.ENDED;
            }
            case SctpNotification.Shutdown s -> {
                if (state == State.OPEN) state = State.SHUTTING_DOWN;
            }
            case SctpNotification.SenderDry s -> dry = true;
            default -> {
            }
        }
        notifyAll();
    }

    private void end() {
        state = State.ENDED;
        inbound.end();
        notifyAll();
    }

    @Override
    public boolean send(ByteBuffer data, SctpSndInfo sndInfo, SctpPrInfo pr) throws IOException {
        int len = data.remaining();
        synchronized (this) {
            if (released || state == State.ENDED) throw new IOException("usrsctp: association is closed");
            if (state == State.CONNECTING) throw new IOException("usrsctp: association is not up yet");
            long n;
            try (Arena a = Arena.ofConfined()) {
                MemorySegment payload = a.allocate(Math.max(1, len));
                MemorySegment.copy(MemorySegment.ofBuffer(data), 0, payload, 0, len);
                MemorySegment spa = spa(a, sndInfo, pr);
                n = (long) Usrsctp.sendv.invokeExact(Errno.state(), so, payload, (long) len, MemorySegment.NULL, 0,
                        spa, Usrsctp.SPA_SIZE, Usrsctp.SCTP_SENDV_SPA, 0);
            } catch (Throwable t) {
                throw new IOException("usrsctp_sendv failed", t);
            }
            if (n < 0) {
                int e = Errno.errno();
                if (e == Usrsctp.EAGAIN) return false;
                if (e == Usrsctp.EMSGSIZE) {
                    throw new IOException("usrsctp: a " + len + "-byte message does not fit the send buffer");
                }
                throw Usrsctp.failure("sendv on stream " + sndInfo.sid(), e);
            }
            dry = false;
        }
        data.position(data.limit());
        return true;
    }

    /** {@code struct sctp_sendv_spa} (RFC 6458 §9.12) with sndinfo and, if set, prinfo. */
    private static MemorySegment spa(Arena a, SctpSndInfo s, SctpPrInfo pr) {
        MemorySegment spa = a.allocate(Usrsctp.SPA_SIZE);
        int valid = Usrsctp.SCTP_SEND_SNDINFO_VALID;
        spa.set(JAVA_SHORT, 4, (short) s.sid());
        spa.set(JAVA_SHORT, 6, (short) D.nativeSndFlags(s.flags()));
        spa.set(Usrsctp.INT_BE, 8, s.ppid()); // the PPID goes in network byte order
        spa.set(JAVA_INT, 12, s.context());
        if (pr != null && pr.isPartiallyReliable()) {
            valid |= Usrsctp.SCTP_SEND_PRINFO_VALID;
            spa.set(JAVA_SHORT, 20, (short) D.nativePolicy(pr.policy()));
            spa.set(JAVA_INT, 24, pr.value());
        }
        spa.set(JAVA_INT, 0, valid);
        return spa;
    }

    @Override
    public SctpInbound poll() {
        SctpInbound in = inbound.poll();
        if (in == null) {
            drain();
            in = inbound.poll();
        }
        return in;
    }

    @Override
    public SctpInbound poll(Duration timeout) throws InterruptedException {
        return inbound.poll(timeout, this::drain);
    }

    @Override
    public void setReadyListener(Runnable listener) {
        this.readyListener = listener;
    }

    /**
     * Asks usrsctp how many bytes of user data it still holds for sending or retransmission
     * ({@code SCTP_GET_SNDBUF_USE}, a BSD option RFC 6458 lacks): dry means none. Should the
     * option fail, whether a SENDER_DRY notification was read since the last send.
     */
    @Override
    public synchronized boolean isSenderDry() {
        if (released || state == State.ENDED) return true;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment v = a.allocate(Usrsctp.SOCKSTAT_SIZE); // struct sctp_sockstat
            MemorySegment len = a.allocate(JAVA_INT);
            len.set(JAVA_INT, 0, Usrsctp.SOCKSTAT_SIZE);
            int rc = (int) Usrsctp.getsockopt.invokeExact(Errno.state(), so, LEVEL, Usrsctp.SCTP_GET_SNDBUF_USE, v,
                    len);
            if (rc == 0) return v.get(JAVA_INT, 4) == 0; // ss_total_sndbuf
        } catch (Throwable t) {
            // fall back on the notifications
        }
        drain();
        return dry;
    }

    @Override
    public void addAuthKey(int keyId, byte[] key) throws IOException {
        AuthKeys.add(authOptions, D, keyId, key);
    }

    @Override
    public void activateAuthKey(int keyId) throws IOException {
        AuthKeys.activate(authOptions, D, keyId);
    }

    @Override
    public void deactivateAuthKey(int keyId) throws IOException {
        AuthKeys.deactivate(authOptions, D, keyId);
    }

    @Override
    public void deleteAuthKey(int keyId) throws IOException {
        AuthKeys.delete(authOptions, D, keyId);
    }

    @Override
    public int activeAuthKey() throws IOException {
        return AuthKeys.active(authOptions, D);
    }

    /** This socket's options at IPPROTO_SCTP for {@link AuthKeys}, under this object's lock. */
    private final AuthKeys.Options authOptions = new AuthKeys.Options() {
        @Override
        public void set(int opt, MemorySegment value, String what) throws IOException {
            synchronized (UsrsctpAssociation.this) {
                if (released) throw new IOException("usrsctp: association is closed");
                Usrsctp.setOption(so, LEVEL, opt, value, what);
            }
        }

        @Override
        public void get(int opt, MemorySegment value, MemorySegment len, String what) throws IOException {
            synchronized (UsrsctpAssociation.this) {
                if (released) throw new IOException("usrsctp: association is closed");
                Usrsctp.getOption(so, LEVEL, opt, value, len, what);
            }
        }
    };

    @Override
    public boolean isOpen() {
        return state == State.OPEN && !released;
    }

    @Override
    public synchronized void shutdown() throws IOException {
        if (released || state == State.ENDED) return;
        int rc;
        try {
            rc = (int) Usrsctp.shutdown.invokeExact(Errno.state(), so, Usrsctp.SHUT_WR);
        } catch (Throwable t) {
            throw new IOException("usrsctp_shutdown failed", t);
        }
        if (rc < 0 && Errno.errno() != Usrsctp.ENOTCONN) throw Usrsctp.failure("shutdown", Errno.errno());
        if (state == State.OPEN) state = State.SHUTTING_DOWN;
    }

    /** Sends an ABORT (the SCTP_ABORT send flag, RFC 6458 §5.3.4) and releases the socket. */
    @Override
    public void abort() {
        synchronized (this) {
            if (!released && state != State.ENDED) {
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment spa = spa(a, new SctpSndInfo(0, SctpSndInfo.SCTP_ABORT, 0, 0), null);
                    // usrsctp_sendv refuses a NULL buffer even for an empty message
                    long ignored = (long) Usrsctp.sendv.invokeExact(Errno.state(), so, a.allocate(1), 0L,
                            MemorySegment.NULL, 0, spa, Usrsctp.SPA_SIZE, Usrsctp.SCTP_SENDV_SPA, 0);
                } catch (Throwable ignored) {
                    // closing anyway
                }
            }
        }
        close();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (released) return;
            releaseNative();
            state = State.ENDED;
            inbound.clear();
            inbound.end();
            notifyAll();
        }
        arena.close();
    }

    /** User messages discarded because they were longer than {@link SctpSocketOptions#maxMessageSize()}. */
    public synchronized long oversizeDropped() {
        return assembler.oversizeDropped();
    }

    @Override
    public String toString() {
        return "UsrsctpAssociation[" + state + (failure != null ? ", " + failure : "") + "]";
    }
}
