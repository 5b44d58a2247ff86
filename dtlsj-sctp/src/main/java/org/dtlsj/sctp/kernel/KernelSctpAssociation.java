package org.dtlsj.sctp.kernel;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * An {@link SctpAssociation} over a one-to-one Linux kernel SCTP socket. Made by {@link
 * KernelSctp#connect} or {@link KernelSctpListener#accept}. Thread-safe, like the usrsctp one:
 * the poller thread reads into a bounded queue; {@link #poll()} reads directly when it was full.
 */
public final class KernelSctpAssociation extends KernelSctp.KernelSocket implements SctpAssociation {
    static final int READ_CHUNK = 64 * 1024;
    /** RFC 6458 §5.3: {@code cmsg_type} values in {@code linux/sctp.h}. */
    static final int SCTP_SNDINFO = 2, SCTP_RCVINFO = 3, SCTP_PRINFO = 5;
    /** Room for one {@code CMSG_SPACE(sizeof(struct sctp_rcvinfo))} and then some. */
    static final int CONTROL_SIZE = 128;
    private static final SctpDialect D = SctpDialect.LINUX;
    private static final int LEVEL = SctpDialect.IPPROTO_SCTP;

    private enum State { CONNECTING, OPEN, SHUTTING_DOWN, ENDED }

    private final SctpSocketOptions options;
    private final InboundQueue inbound;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment buf, control, iov, msg;
    /** Joins what {@code recvmsg} returns into messages, until MSG_EOR. */
    private final MessageAssembler assembler;
    private boolean released;
    private volatile State state;
    private volatile Runnable readyListener;
    private boolean dry = true;
    private AssocChange failure;

    KernelSctpAssociation(int fd, SctpSocketOptions options, boolean accepted) {
        super(fd);
        this.options = options;
        this.inbound = new InboundQueue(options.maxQueuedInbound(), options.maxQueuedBytes());
        this.assembler = new MessageAssembler(D, options.maxMessageSize());
        this.state = accepted ? State.OPEN : State.CONNECTING;
        this.buf = arena.allocate(READ_CHUNK);
        this.control = arena.allocate(CONTROL_SIZE, 8);
        this.iov = arena.allocate(16, 8);
        this.msg = arena.allocate(Libc.MSGHDR_SIZE, 8);
        KernelSctp.register(this);
    }

    void connect(InetSocketAddress remote, Duration timeout) throws IOException, InterruptedException {
        synchronized (this) {
            try (Arena a = Arena.ofConfined()) {
                int rc = (int) Libc.connect.invokeExact(Errno.state(), fd, KernelSctp.sockaddr(a, remote), 16);
                if (rc < 0 && Errno.errno() != Libc.EINPROGRESS) {
                    IOException e = Libc.failure("connect to " + remote, Errno.errno());
                    close();
                    throw e;
                }
            } catch (IOException e) {
                throw e;
            } catch (Throwable t) {
                close();
                throw new IOException("connect failed", t);
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
            throw new IOException("kernel SCTP: association to " + remote + " did not come up: " + why);
        }
    }

    @Override
    boolean wantsInput() {
        return !released && inbound.hasRoom();
    }

    @Override
    void onReadable() {
        drain();
        Runnable l = readyListener;
        if (l != null) l.run();
    }

    private synchronized void drain() {
        while (!released && inbound.hasRoom()) {
            iov.set(ADDRESS, 0, buf);
            iov.set(JAVA_LONG, 8, READ_CHUNK);
            msg.fill((byte) 0);
            msg.set(ADDRESS, Libc.MSG_IOV, iov);
            msg.set(JAVA_LONG, Libc.MSG_IOVLEN, 1);
            msg.set(ADDRESS, Libc.MSG_CONTROL, control);
            msg.set(JAVA_LONG, Libc.MSG_CONTROLLEN, CONTROL_SIZE);
            long n;
            try {
                n = (long) Libc.recvmsg.invokeExact(Errno.state(), fd, msg, Libc.MSG_DONTWAIT);
            } catch (Throwable t) {
                end();
                return;
            }
            if (n < 0) {
                int e = Errno.errno();
                if (e != Libc.EAGAIN && state != State.CONNECTING) end();
                return;
            }
            if (n == 0) {
                if (state != State.CONNECTING) end();
                return;
            }
            int flags = msg.get(JAVA_INT, Libc.MSG_FLAGS);
            SctpInbound in = assembler.append(buf, n, flags,
                    () -> rcvInfo(control, msg.get(JAVA_LONG, Libc.MSG_CONTROLLEN)));
            if (in instanceof SctpNotification note) onNotification(note);
            if (in != null) inbound.add(in);
        }
    }

    /** The {@code SCTP_RCVINFO} control message among {@code controlLen} bytes (RFC 6458 §5.3.5), or zeros. */
    static SctpRcvInfo rcvInfo(MemorySegment control, long controlLen) {
        long off = 0;
        while (off + Libc.CMSG_HEADER <= controlLen) {
            long len = control.get(JAVA_LONG, off);
            if (len < Libc.CMSG_HEADER || off + len > controlLen) break;
            if (control.get(JAVA_INT, off + 8) == LEVEL && control.get(JAVA_INT, off + 12) == SCTP_RCVINFO
                    && len >= Libc.CMSG_HEADER + 28) {
                MemorySegment i = control.asSlice(off + Libc.CMSG_HEADER, 28);
                return new SctpRcvInfo(i.get(JAVA_SHORT, 0) & 0xffff, i.get(JAVA_SHORT, 2) & 0xffff,
                        D.dtlsjFlags(i.get(JAVA_SHORT, 4) & 0xffff),
                        i.get(JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN), 8), i.get(JAVA_INT, 12), i.get(JAVA_INT, 16),
                        i.get(JAVA_INT, 20));
            }
            off += (len + 7) & ~7L;
        }
        return new SctpRcvInfo(0, 0, 0, 0, 0, 0, 0);
    }

    /** Control messages for {@code sendmsg}: SCTP_SNDINFO and, when partially reliable, SCTP_PRINFO. */
    static MemorySegment sendControl(Arena a, SctpSndInfo s, SctpPrInfo pr) {
        boolean withPr = pr != null && pr.isPartiallyReliable();
        MemorySegment c = a.allocate(withPr ? 56 : 32, 8);
        c.set(JAVA_LONG, 0, Libc.CMSG_HEADER + 16); // struct sctp_sndinfo
        c.set(JAVA_INT, 8, LEVEL);
        c.set(JAVA_INT, 12, SCTP_SNDINFO);
        c.set(JAVA_SHORT, 16, (short) s.sid());
        c.set(JAVA_SHORT, 18, (short) D.nativeSndFlags(s.flags()));
        c.set(JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN), 20, s.ppid());
        c.set(JAVA_INT, 24, s.context());
        if (withPr) {
            c.set(JAVA_LONG, 32, Libc.CMSG_HEADER + 8); // struct sctp_prinfo
            c.set(JAVA_INT, 40, LEVEL);
            c.set(JAVA_INT, 44, SCTP_PRINFO);
            c.set(JAVA_SHORT, 48, (short) D.nativePolicy(pr.policy()));
            c.set(JAVA_INT, 52, pr.value());
        }
        return c;
    }

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
    public boolean send(ByteBuffer data, SctpSndInfo info, SctpPrInfo pr) throws IOException {
        int len = data.remaining();
        synchronized (this) {
            if (released || state == State.ENDED) throw new IOException("kernel SCTP: association is closed");
            if (state == State.CONNECTING) throw new IOException("kernel SCTP: association is not up yet");
            long n;
            try (Arena a = Arena.ofConfined()) {
                n = sendRaw(a, data, len, info, pr);
            } catch (Throwable t) {
                throw new IOException("sendmsg failed", t);
            }
            if (n < 0) {
                int e = Errno.errno();
                if (e == Libc.EAGAIN) return false;
                if (e == Libc.EMSGSIZE) throw new IOException("kernel SCTP: a " + len + "-byte message is too large");
                throw Libc.failure("sendmsg on stream " + info.sid(), e);
            }
            dry = false;
        }
        data.position(data.limit());
        return true;
    }

    private long sendRaw(Arena a, ByteBuffer data, int len, SctpSndInfo info, SctpPrInfo pr) throws Throwable {
        MemorySegment payload = a.allocate(Math.max(1, len));
        if (len > 0) MemorySegment.copy(MemorySegment.ofBuffer(data), 0, payload, 0, len);
        MemorySegment v = a.allocate(16, 8);
        v.set(ADDRESS, 0, payload);
        v.set(JAVA_LONG, 8, len);
        MemorySegment c = sendControl(a, info, pr);
        MemorySegment h = a.allocate(Libc.MSGHDR_SIZE, 8);
        h.set(ADDRESS, Libc.MSG_IOV, v);
        h.set(JAVA_LONG, Libc.MSG_IOVLEN, 1);
        h.set(ADDRESS, Libc.MSG_CONTROL, c);
        h.set(JAVA_LONG, Libc.MSG_CONTROLLEN, c.byteSize());
        return (long) Libc.sendmsg.invokeExact(Errno.state(), fd, h, Libc.MSG_DONTWAIT);
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

    /** Whether a SENDER_DRY notification (RFC 6458 §6.1.9) was read after the last send. */
    @Override
    public synchronized boolean isSenderDry() {
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
            synchronized (KernelSctpAssociation.this) {
                if (released) throw new IOException("kernel SCTP: association is closed");
                Libc.setOption(fd, LEVEL, opt, value, what);
            }
        }

        @Override
        public void get(int opt, MemorySegment value, MemorySegment len, String what) throws IOException {
            synchronized (KernelSctpAssociation.this) {
                if (released) throw new IOException("kernel SCTP: association is closed");
                Libc.getOption(fd, LEVEL, opt, value, len, what);
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
            rc = (int) Libc.shutdown.invokeExact(Errno.state(), fd, Libc.SHUT_WR);
        } catch (Throwable t) {
            throw new IOException("shutdown failed", t);
        }
        if (rc < 0 && Errno.errno() != Libc.ENOTCONN) throw Libc.failure("shutdown", Errno.errno());
        if (state == State.OPEN) state = State.SHUTTING_DOWN;
    }

    /** Sends an ABORT (the SCTP_ABORT send flag, RFC 6458 §5.3.4) and releases the socket. */
    @Override
    public void abort() {
        synchronized (this) {
            if (!released && state != State.ENDED) {
                try (Arena a = Arena.ofConfined()) {
                    long ignored = sendRaw(a, ByteBuffer.allocate(0), 0,
                            new SctpSndInfo(0, SctpSndInfo.SCTP_ABORT, 0, 0), null);
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
            released = true;
            KernelSctp.unregister(this);
            Libc.closeQuietly(fd);
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
        return "KernelSctpAssociation[fd=" + fd + ", " + state + (failure != null ? ", " + failure : "") + "]";
    }
}
