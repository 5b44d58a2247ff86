package org.dtlsj.api;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dtlsj.engine.SessionInfo;
import org.dtlsj.error.DtlsException;
import org.dtlsj.transport.EventLoop;

/**
 * One established DTLS connection with a peer, as the application sees it. Thread-safe: any
 * thread may send, and {@link #receive} blocks (cheaply, on a virtual thread) until data
 * arrives. The connection itself lives on its event loop.
 */
public final class DtlsSession implements AutoCloseable {
    /** Datagrams received and not yet read; beyond it new ones are dropped, as a full socket buffer would. */
    public static final int MAX_QUEUED = 4096;

    private static final byte[] CLOSED = new byte[0];

    private final EventLoop loop;
    private final InetSocketAddress peer;
    private volatile SessionInfo info;
    private volatile org.dtlsj.session.ResumableSession resumable;
    private volatile int maxRecordSize = org.dtlsj.engine.DtlsConnection.MAX_PLAINTEXT;
    private volatile org.dtlsj.crypto.KeyingMaterialExporter exporter;
    /**
     * Made when first needed: a server whose handler takes every datagram never needs one, and an
     * idle connection is smaller without it.
     */
    private volatile BlockingQueue<byte[]> incoming;
    private volatile boolean open = true;
    private volatile DtlsException error;

    /** Made by the transport when a handshake completes. */
    public DtlsSession(EventLoop loop, InetSocketAddress peer, SessionInfo info) {
        this(loop, peer, info, null);
    }

    /** Made by the transport when a handshake completes; {@code resumable} for clients, may be null. */
    public DtlsSession(EventLoop loop, InetSocketAddress peer, SessionInfo info, org.dtlsj.session.ResumableSession resumable) {
        this.loop = loop;
        this.peer = peer;
        this.info = info;
        this.resumable = resumable;
    }

    /**
     * Client: the session a later connection may resume (give it to {@link DtlsClient#connect(
     * InetSocketAddress, org.dtlsj.config.DtlsConfig, String, DtlsHandler, org.dtlsj.session.ResumableSession)}),
     * or null if the server offered neither a session ID nor a ticket.
     */
    public org.dtlsj.session.ResumableSession resumableSession() {
        return resumable;
    }

    /** The largest datagram {@link #send} takes: 2^14, or less when the peer set a record_size_limit (RFC 8449). */
    public int maxRecordSize() {
        return maxRecordSize;
    }

    /** Set by the transport from the connection when the handshake completes. */
    public void maxRecordSize(int bytes) {
        this.maxRecordSize = bytes;
    }

    /** Set by the transport from the connection when the handshake completes. */
    public void keyingMaterialExporter(org.dtlsj.crypto.KeyingMaterialExporter e) {
        this.exporter = e;
    }

    /**
     * Keying material exported from this connection (RFC 5705): the peer computes the same bytes
     * for the same label, context (null for none) and length. Usable from any thread.
     */
    public byte[] exportKeyingMaterial(String label, byte[] context, int length) {
        if (exporter == null) throw new IllegalStateException("no keying material for this session");
        return exporter.export(label, context, length);
    }

    public InetSocketAddress peer() {
        return peer;
    }

    /**
     * Starts a secure renegotiation (RFC 5746): new keys from a new handshake, while data goes on
     * flowing. The future completes with what the new handshake negotiated ({@link #info()} then
     * says the same), or fails if the peer refuses or does not answer (the session goes on under
     * its current keys), this side's configuration refuses it, or the connection ends.
     */
    public java.util.concurrent.CompletableFuture<SessionInfo> renegotiate() {
        return loop.renegotiate(peer);
    }

    /** Set by the transport when a renegotiation completes. */
    public void renegotiated(SessionInfo info, org.dtlsj.session.ResumableSession resumable) {
        this.info = info;
        if (resumable != null) this.resumable = resumable;
    }

    /** What the handshake negotiated: version, cipher suite, group, the peer's certificates. */
    public SessionInfo info() {
        return info;
    }

    public boolean isOpen() {
        return open;
    }

    /** Why the connection failed, or null. */
    public DtlsException error() {
        return error;
    }

    /**
     * Sends one application datagram (at most 2^14 bytes; keep it within the path MTU).
     * @throws IOException if the session is closed
     */
    public void send(byte[] data) throws IOException {
        if (!open) throw new IOException("session with " + peer + " is closed" + (error != null ? ": " + error.getMessage() : ""));
        if (data.length > maxRecordSize) {
            throw new IllegalArgumentException("datagram of " + data.length + " bytes exceeds "
                    + (maxRecordSize < org.dtlsj.engine.DtlsConnection.MAX_PLAINTEXT ? "the peer's record_size_limit of " + maxRecordSize : "2^14"));
        }
        loop.send(peer, data);
    }

    /**
     * The next application datagram, waiting at most {@code timeout}; null on timeout.
     * @throws IOException once the session has closed and everything received was read
     */
    public byte[] receive(Duration timeout) throws IOException, InterruptedException {
        return opened(loop.receive(this, timeout.toNanos()));
    }

    /** The next application datagram, waiting as long as it takes. */
    public byte[] receive() throws IOException, InterruptedException {
        byte[] d;
        do {
            d = loop.receive(this, Long.MAX_VALUE / 4);
        } while (d == null);
        return opened(d);
    }

    private byte[] opened(byte[] d) throws IOException {
        if (d == CLOSED) {
            queue().offer(CLOSED);
            throw new IOException("session with " + peer + " closed" + (error != null ? ": " + error.getMessage() : ""));
        }
        return d;
    }

    /**
     * Sends a heartbeat (RFC 6520) with {@code padding} bytes of padding (16 or more); the future
     * completes with the round-trip time. Needs heartbeats negotiated ({@code DtlsConfig.Builder.heartbeat}).
     */
    public java.util.concurrent.CompletableFuture<java.time.Duration> heartbeat(int padding) {
        return loop.heartbeat(peer, padding);
    }

    /**
     * Finds the largest datagram that reaches the peer, up to {@code ceiling} bytes of UDP payload
     * (RFC 4821 search with heartbeat probes); the session then uses it ({@code maxDatagramSize}).
     * Needs heartbeats negotiated.
     */
    public java.util.concurrent.CompletableFuture<Integer> discoverPathMtu(int ceiling) {
        return loop.discoverPathMtu(peer, ceiling);
    }

    /** Sends close_notify and closes. */
    @Override
    public void close() {
        if (open) loop.close(peer);
    }

    // ---- called by the event loop ----

    /** The next datagram queued (or the closed marker, which {@link #receive} turns into an IOException), or null. */
    public byte[] pollIncoming() {
        BlockingQueue<byte[]> q = incoming;
        return q == null ? null : q.poll();
    }

    /** As {@link #pollIncoming()}, waiting at most {@code nanos} for one. */
    public byte[] awaitIncoming(long nanos) throws InterruptedException {
        return queue().poll(nanos, TimeUnit.NANOSECONDS);
    }

    /** @return false if the queue was full and the datagram dropped */
    public boolean deliver(byte[] data) {
        // One thread delivers at a time (the engine lock's holder); readers only take out.
        BlockingQueue<byte[]> q = queue();
        return q.size() < MAX_QUEUED && q.offer(data);
    }

    private BlockingQueue<byte[]> queue() {
        BlockingQueue<byte[]> q = incoming;
        if (q != null) return q;
        synchronized (this) {
            // One place more than data may take: the closed marker always finds room.
            if (incoming == null) incoming = new LinkedBlockingQueue<>(MAX_QUEUED + 1);
            return incoming;
        }
    }

    public void closed(DtlsException failure) {
        error = failure;
        open = false;
        queue().offer(CLOSED);
    }

    @Override
    public String toString() {
        return "DtlsSession[" + peer + ", " + (info != null ? info.cipherSuite() : "?") + (open ? "" : ", closed") + "]";
    }
}
