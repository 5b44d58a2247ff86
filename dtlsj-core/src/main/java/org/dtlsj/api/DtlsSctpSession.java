package org.dtlsj.api;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.engine.DtlsConnection;
import org.dtlsj.engine.DtlsEvent;
import org.dtlsj.engine.SctpOutput;
import org.dtlsj.engine.SessionInfo;
import org.dtlsj.error.DtlsException;
import org.dtlsj.error.Reason;
import org.dtlsj.sctp.SctpAssociation;
import org.dtlsj.sctp.SctpMessage;
import org.dtlsj.sctp.SctpNotification;
import org.dtlsj.sctp.SctpPrInfo;
import org.dtlsj.sctp.SctpRcvInfo;
import org.dtlsj.sctp.SctpSndInfo;
import org.dtlsj.transport.SctpDriver;

/**
 * DTLS over SCTP (RFC 6083) on an association the application set up — the idiomatic side of
 * what the seed's {@code BIO_new_dgram_sctp} does: {@link #connect} or {@link #accept} on an
 * {@link SctpAssociation}, then messages with their stream, order and PPID both ways, each
 * received one with the rcvinfo of the record that carried it. No {@code listen}: the
 * association is the connection (§4.2).
 *
 * <p>One virtual thread per session runs the engine; the methods may be called from any thread.
 */
public final class DtlsSctpSession implements AutoCloseable {
    /** Messages received and not yet read; beyond it the association is no longer read (SCTP then pushes back on the peer). */
    public static final int MAX_QUEUED = 4096;
    private static final SctpMessage CLOSED = new SctpMessage(new byte[0], new SctpRcvInfo(0, 0, 0, 0, 0, 0, 0));

    private final DtlsConnection conn;
    private final SctpDriver driver;
    private final SctpAssociation assoc;
    private final Semaphore wake = new Semaphore(0);
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<SctpMessage> incoming = new LinkedBlockingQueue<>();
    /** Messages the application sent that the engine has not taken yet (it holds back during a renegotiation). */
    private final BlockingQueue<Outgoing> outgoing = new LinkedBlockingQueue<>(MAX_QUEUED);

    private record Outgoing(byte[] data, SctpSndInfo info, SctpPrInfo pr) {
    }
    private final CompletableFuture<SessionInfo> handshake = new CompletableFuture<>();
    private volatile CompletableFuture<SessionInfo> renegotiation;
    private volatile SessionInfo info;
    private volatile DtlsException error;
    private volatile boolean stopped;
    /** close() was called: close_notify goes once every queued message went out. */
    private boolean closeRequested;
    private volatile Consumer<SctpNotification> notificationListener;

    private DtlsSctpSession(DtlsConnection conn, SctpAssociation assoc) {
        this.conn = conn;
        this.assoc = assoc;
        this.driver = new SctpDriver(conn, assoc);
    }

    /** A client on {@code assoc}: handshakes (checking {@code serverName}, null for none) and returns once connected. */
    public static DtlsSctpSession connect(SctpAssociation assoc, DtlsConfig config, String serverName)
            throws IOException, DtlsException, InterruptedException {
        DtlsSctpSession s = new DtlsSctpSession(DtlsConnection.client(sctp(config), serverName), assoc);
        s.start(true);
        return s.awaitHandshake(config);
    }

    /** A server on {@code assoc}: waits for the client's handshake and returns once connected. */
    public static DtlsSctpSession accept(SctpAssociation assoc, DtlsConfig config)
            throws IOException, DtlsException, InterruptedException {
        DtlsSctpSession s = new DtlsSctpSession(DtlsConnection.server(sctp(config), new byte[0]), assoc);
        s.start(false);
        return s.awaitHandshake(config);
    }

    private static DtlsConfig sctp(DtlsConfig c) {
        return c.sctp() ? c : c.toBuilder().sctp(true).build();
    }

    private void start(boolean client) {
        assoc.setReadyListener(this::wakeUp);
        Thread.ofVirtual().name("dtlsj-sctp").start(() -> run(client));
    }

    private DtlsSctpSession awaitHandshake(DtlsConfig config) throws DtlsException, InterruptedException, IOException {
        try {
            info = handshake.get(config.handshakeTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
            return this;
        } catch (java.util.concurrent.ExecutionException e) {
            stop();
            if (e.getCause() instanceof DtlsException d) throw d;
            throw new IOException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            stop();
            throw new DtlsException(Reason.HANDSHAKE_TIMEOUT, "no DTLS handshake over the SCTP association within " + config.handshakeTimeout());
        }
    }

    private void wakeUp() {
        if (wake.availablePermits() == 0) wake.release();
    }

    // ------------------------------------------------------------------ the engine's thread

    private void run(boolean client) {
        try {
            if (client) conn.start(System.nanoTime());
            while (!stopped) {
                long now = System.nanoTime();
                for (Runnable t; (t = tasks.poll()) != null; ) t.run();
                sendOutgoing(now);
                if (closeRequested && outgoing.isEmpty() && conn.isConnected() && !conn.isRenegotiating()) conn.close(now);
                boolean more = incoming.size() < MAX_QUEUED && driver.poll(now);
                if (conn.nextTimeoutNanos() - now <= 0) conn.handleTimeout(now);
                driver.flush(now);
                collect();
                if ((conn.status() == DtlsConnection.Status.FAILED || conn.status() == DtlsConnection.Status.CLOSED) && !driver.isBlocked()) break;
                long timer = conn.nextTimeoutNanos();
                // While waiting for sender dry, look again soon even without a notification.
                if (more) continue; // a full batch: read on before waiting
                long waitNanos = driver.isBlocked() ? 5_000_000L
                        : timer == Long.MAX_VALUE ? 1_000_000_000L : Math.max(1, timer - System.nanoTime());
                wake.tryAcquire(Math.min(waitNanos, 1_000_000_000L), TimeUnit.NANOSECONDS);
            }
        } catch (IOException e) {
            conn.transportFailed("SCTP: " + e.getMessage(), System.nanoTime());
            collect();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finish();
        }
    }

    /** Hands queued messages to the engine while it takes them; what it holds back waits here (RFC 6083: nothing is dropped). */
    private void sendOutgoing(long now) {
        for (Outgoing o; (o = outgoing.peek()) != null; ) {
            if (!conn.isConnected()) return;
            try {
                conn.send(o.data(), 0, o.data().length, o.info(), o.pr(), now);
            } catch (IllegalStateException full) {
                return; // the engine holds as much as it may until its handshake completes: later
            }
            outgoing.poll();
        }
    }

    private void collect() {
        for (SctpOutput.Inbound in; (in = conn.pollApplicationMessage()) != null; ) {
            SctpRcvInfo rcv = in.context() instanceof SctpRcvInfo r ? r : new SctpRcvInfo(0, 0, 0, 0, 0, 0, 0);
            incoming.add(new SctpMessage(in.data(), rcv));
        }
        for (SctpNotification n : driver.takeNotifications()) {
            Consumer<SctpNotification> l = notificationListener;
            if (l != null) l.accept(n);
        }
        for (DtlsEvent e; (e = conn.pollEvent()) != null; ) {
            switch (e) {
                case DtlsEvent.HandshakeCompleted hc -> handshake.complete(hc.session());
                case DtlsEvent.Renegotiated r -> {
                    info = r.session();
                    CompletableFuture<SessionInfo> f = renegotiation;
                    renegotiation = null;
                    if (f != null) f.complete(r.session());
                }
                case DtlsEvent.RenegotiationRefused r -> {
                    CompletableFuture<SessionInfo> f = renegotiation;
                    renegotiation = null;
                    if (f != null) f.completeExceptionally(new IllegalStateException("renegotiation refused: " + r.reason()));
                }
                case DtlsEvent.Failed f -> {
                    error = f.error();
                    handshake.completeExceptionally(f.error());
                }
                case DtlsEvent.Closed c -> handshake.completeExceptionally(new DtlsException(Reason.CLOSED, "closed during the handshake"));
                default -> { }
            }
        }
    }

    private void finish() {
        stopped = true;
        DtlsException e = error != null ? error : new DtlsException(Reason.CLOSED, "closed");
        handshake.completeExceptionally(e);
        CompletableFuture<SessionInfo> f = renegotiation;
        if (f != null) f.completeExceptionally(e);
        incoming.add(CLOSED);
    }

    private void submit(Runnable r) throws IOException {
        if (stopped) throw new IOException("session closed" + (error != null ? ": " + error.getMessage() : ""));
        tasks.add(r);
        wakeUp();
    }

    private void stop() {
        stopped = true;
        wakeUp();
    }

    // ------------------------------------------------------------------ API

    /** Sends {@code data} as one record in one user message, as {@code sndinfo} and {@code prinfo} say (RFC 6458 §5.3.4, §5.3.7). */
    public void send(byte[] data, SctpSndInfo sndinfo, SctpPrInfo prinfo) throws IOException {
        if (data.length > conn.maxRecordPlaintext()) throw new IOException("message of " + data.length + " bytes exceeds " + conn.maxRecordPlaintext());
        if (stopped) throw new IOException("session closed" + (error != null ? ": " + error.getMessage() : ""));
        try {
            // Waits while MAX_QUEUED messages are queued: SCTP's flow control reaches the application.
            outgoing.put(new Outgoing(data.clone(), sndinfo, prinfo));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the send queue was full", e);
        }
        wakeUp();
    }

    /** Sends {@code data} fully reliably as {@code sndinfo} says. */
    public void send(byte[] data, SctpSndInfo sndinfo) throws IOException {
        send(data, sndinfo, SctpPrInfo.RELIABLE);
    }

    /** The next message, with the rcvinfo of the record that carried it; null when the session closed or after {@code timeout}. */
    public SctpMessage receive(Duration timeout) throws InterruptedException {
        SctpMessage m = incoming.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (m == CLOSED) {
            incoming.add(CLOSED);
            return null;
        }
        return m;
    }

    /** Starts a secure renegotiation (RFC 5746; RFC 6083 §4.6), waiting for sender dry before ChangeCipherSpec as §4.7 says. */
    public CompletableFuture<SessionInfo> renegotiate() {
        CompletableFuture<SessionInfo> f = new CompletableFuture<>();
        try {
            submit(() -> {
                try {
                    conn.renegotiate(System.nanoTime());
                    renegotiation = f;
                } catch (IllegalStateException e) {
                    f.completeExceptionally(e);
                }
            });
        } catch (IOException e) {
            f.completeExceptionally(e);
        }
        return f;
    }

    /** The seed's {@code BIO_dgram_sctp_notification_cb}: SCTP notifications as they are read (on the session's thread). */
    public void setNotificationListener(Consumer<SctpNotification> listener) {
        this.notificationListener = listener;
    }

    @Override
    public String toString() {
        return "DtlsSctpSession[" + conn.stateDescription() + (conn.isRenegotiating() ? ", renegotiating" : "")
                + ", " + outgoing.size() + " to send, " + incoming.size() + " received" + (driver.isBlocked() ? ", waiting for SCTP" : "")
                + (error != null ? ", " + error.getMessage() : "") + ", " + conn.stats() + ", early overflow " + conn.stats().droppedEarlyOverflow() + ", unexpected " + conn.stats().droppedUnexpected() + "]";
    }

    /** What the last handshake negotiated. */
    public SessionInfo info() {
        return info;
    }

    /** RFC 5705 keying material (the SCTP-AUTH key is the one labelled {@code EXPORTER_DTLS_OVER_SCTP}). */
    public byte[] exportKeyingMaterial(String label, byte[] context, int length) {
        var e = conn.keyingMaterialExporter();
        if (e == null) throw new IllegalStateException("no keying material");
        return e.export(label, context, length);
    }

    public boolean isOpen() {
        return !stopped && error == null;
    }

    /** Why the session failed, or null. */
    public DtlsException error() {
        return error;
    }

    /** close_notify once everything sent was acknowledged (RFC 6083 §4.9), then the session ends; the association stays the caller's. */
    @Override
    public void close() {
        try {
            submit(() -> closeRequested = true);
        } catch (IOException e) {
            // already closed
        }
    }
}
