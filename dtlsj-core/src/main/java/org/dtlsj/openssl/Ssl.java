package org.dtlsj.openssl;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.dtlsj.engine.DtlsConnection;
import org.dtlsj.engine.DtlsEvent;
import org.dtlsj.handshake.server.CookieExchange;
import org.dtlsj.transport.PeerKey;

/**
 * {@code SSL}: one DTLS connection driven through {@link Bio}s, with OpenSSL's return conventions
 * — a positive value on success, 0 or -1 otherwise, and {@link #getError(int)} to say why. A thin
 * layer over dtlsj's engine: no protocol logic lives here.
 *
 * <p>Blocking channels: calls wait for datagrams, and during a handshake the wait is cut short so
 * that retransmissions happen on time (the socket's own receive timeout still applies; when it
 * expires, the call returns -1 with {@link SslError#WANT_READ} and {@link Bio#dgramRecvTimedOut()}
 * is true). Non-blocking channels and memory BIOs: calls return {@code WANT_READ} at once, and the
 * caller drives timers with {@link #dtlsGetTimeout()} and {@link #dtlsHandleTimeout()}.
 *
 * <p>Not thread-safe, like OpenSSL's {@code SSL}: use one from one thread at a time.
 */
public final class Ssl {
    private final SslCtx ctx;
    private final Set<SslOptions> options = EnumSet.noneOf(SslOptions.class);
    private org.dtlsj.session.ResumableSession session;
    private final ArrayDeque<byte[]> received = new ArrayDeque<>();
    private final ArrayDeque<byte[]> unsent = new ArrayDeque<>();
    private final byte[] rx = new byte[65_536];
    private Bio rbio;
    private Bio wbio;
    private DtlsConnection conn;
    private byte[] pendingHello;
    private SslError lastError = SslError.NONE;
    private String lastErrorString;
    private boolean peerClosed;
    private boolean closeSent;
    private int mtu;
    private String sniHost;
    private String checkHost;

    Ssl(SslCtx ctx) {
        this.ctx = ctx;
    }

    public SslCtx getCtx() {
        return ctx;
    }

    /** {@code SSL_set_bio}. */
    public void setBio(Bio rbio, Bio wbio) {
        this.rbio = rbio;
        this.wbio = wbio;
    }

    /** {@code SSL_get_rbio}. */
    public Bio getRbio() {
        return rbio;
    }

    /** {@code SSL_get_wbio}. */
    public Bio getWbio() {
        return wbio;
    }

    /** The options set on this connection. */
    java.util.Set<SslOptions> options() {
        return options;
    }

    /** {@code SSL_set_session}: offer {@code s} (from {@link #get1Session()} of an earlier connection) for resumption. 1. */
    public int setSession(org.dtlsj.session.ResumableSession s) {
        this.session = s;
        return 1;
    }

    /** {@code SSL_get1_session}: what a later connection may resume, once the handshake is done; null if nothing. */
    public org.dtlsj.session.ResumableSession get1Session() {
        return conn != null ? conn.resumableSession() : null;
    }

    /**
     * {@code SSL_export_keying_material} (RFC 5705): fills {@code out} from the label and, if
     * {@code useContext}, the context. 1 on success, 0 before the handshake or for a bad label.
     */
    public int exportKeyingMaterial(byte[] out, String label, byte[] context, boolean useContext) {
        try {
            byte[] k = conn.exportKeyingMaterial(label, useContext ? (context != null ? context : new byte[0]) : null, out.length);
            System.arraycopy(k, 0, out, 0, out.length);
            return 1;
        } catch (RuntimeException e) {
            lastErrorString = e.getMessage();
            return 0;
        }
    }

    /** {@code SSL_get0_alpn_selected}: the protocol ALPN agreed on, or null. */
    public String get0AlpnSelected() {
        return conn != null && conn.session() != null ? conn.session().applicationProtocol() : null;
    }

    /** {@code SSL_session_reused}: 1 if the handshake resumed a session, else 0. */
    public int sessionReused() {
        return conn != null && conn.session() != null && conn.session().resumed() ? 1 : 0;
    }

    /** {@code SSL_set_options}: returns the options now set, as OpenSSL's bit mask. */
    public long setOptions(SslOptions... add) {
        options.addAll(Arrays.asList(add));
        long mask = 0;
        for (SslOptions o : options) mask |= o.bit;
        return mask;
    }

    /** {@code SSL_set_mtu}: the largest datagram (UDP payload) to send. */
    public int setMtu(int mtu) {
        if (mtu < 256) return 0;
        this.mtu = mtu;
        return 1;
    }

    /** {@code DTLS_set_link_mtu}: the link MTU, from which IPv4 and UDP headers (28 bytes) are taken. */
    public int dtlsSetLinkMtu(int linkMtu) {
        return setMtu(linkMtu - 28);
    }

    /** {@code SSL_set_tlsext_host_name}: the server name sent as SNI. */
    public int setTlsextHostName(String name) {
        this.sniHost = name;
        return 1;
    }

    /** {@code SSL_set1_host}: the name the server's certificate must match (implies SNI). */
    public int set1Host(String name) {
        this.checkHost = name;
        if (sniHost == null) sniHost = name;
        return 1;
    }

    // ------------------------------------------------------------------ listen / connect / accept

    /**
     * {@code DTLSv1_listen}: waits for a ClientHello on an unconnected datagram BIO and answers it
     * with a HelloVerifyRequest, keeping no state. Returns 1 when a ClientHello with a valid cookie
     * arrived (its sender is in {@code clientAddr}, and {@link #accept()} continues the handshake),
     * 0 to call again, -1 on an I/O error.
     */
    public int listen(BioAddr clientAddr) {
        lastError = SslError.NONE;
        if (rbio != null && rbio.isSctp()) {
            return sslFailure("DTLSv1_listen is not available over SCTP: accept the association, then SSL_accept (RFC 6083)");
        }
        int n;
        try {
            n = rbio.readDatagram(rx, rbio.recvTimeout().toNanos());
        } catch (IOException e) {
            return syscall(e);
        }
        if (n < 0) {
            lastError = SslError.WANT_READ;
            return 0;
        }
        SocketAddress from = rbio.dgramGetPeer();
        long now = System.nanoTime();
        byte[] key = from instanceof InetSocketAddress isa ? PeerKey.bytes(isa) : new byte[0];
        CookieExchange.Verdict v;
        if (ctx.cookieGenerate() != null && ctx.cookieVerify() != null) {
            v = withCallbacks(n);
        } else {
            v = CookieExchange.inspect(rx, 0, n, key, ctx.config(true, true, mtu, null, this), now);
        }
        try {
            switch (v) {
                case CookieExchange.Challenge c -> {
                    wbio.writeDatagram(c.datagram());
                    return 0;
                }
                case CookieExchange.Drop d -> {
                    return 0;
                }
                case CookieExchange.Verified ok -> {
                    pendingHello = Arrays.copyOf(rx, n);
                    clientAddr.set(from);
                    return 1;
                }
            }
        } catch (IOException e) {
            return syscall(e);
        }
    }

    /** The application's cookie callbacks instead of dtlsj's stateless HMAC cookie. */
    private CookieExchange.Verdict withCallbacks(int n) {
        CookieExchange.Verified parsed = CookieExchange.parseClientHello(rx, 0, n);
        if (parsed == null) return new CookieExchange.Drop("not a ClientHello");
        byte[] cookie = parsed.hello().cookie();
        if (cookie.length > 0 && ctx.cookieVerify().test(this, cookie)) return parsed;
        byte[] fresh = ctx.cookieGenerate().apply(this);
        if (fresh == null || fresh.length == 0 || fresh.length > 255) {
            lastErrorString = "cookie generate callback returned no usable cookie (1 to 255 bytes)";
            return new CookieExchange.Drop(lastErrorString);
        }
        return new CookieExchange.Challenge(CookieExchange.helloVerifyRequest(parsed.recordSequence(), fresh));
    }

    /** {@code SSL_connect}: the client handshake. 1 when done, -1 otherwise (see {@link #getError}). */
    public int connect() {
        lastError = SslError.NONE;
        if (conn == null && wbio != null && !wbio.hasPeer()) {
            // OpenSSL's meaning: the BIO is not connected to a peer yet; set one and call again.
            lastError = SslError.WANT_CONNECT;
            lastErrorString = "the BIO has no peer: connect the channel or use BIO_CTRL_DGRAM_SET_CONNECTED";
            return -1;
        }
        if (conn != null && conn.isPausedForCertificate()) conn.resume(System.nanoTime());
        if (conn == null) {
            try {
                conn = DtlsConnection.client(overSctp(ctx.config(false, false, mtu, checkHost, this)), sniHost != null ? sniHost : checkHost, session);
                attachSctp();
            } catch (RuntimeException e) {
                return sslFailure(e.getMessage());
            }
            conn.start(System.nanoTime());
        }
        return handshake();
    }

    /** {@code SSL_accept}: the server handshake (after {@link #listen}, or on its own). */
    public int accept() {
        lastError = SslError.NONE;
        if (conn == null) {
            SocketAddress peer = wbio != null ? wbio.dgramGetPeer() : null;
            byte[] key = peer instanceof InetSocketAddress isa ? PeerKey.bytes(isa) : new byte[0];
            boolean cookies = pendingHello == null && options.contains(SslOptions.COOKIE_EXCHANGE);
            try {
                conn = DtlsConnection.server(overSctp(ctx.config(true, cookies, mtu, null, this)), key);
                attachSctp();
            } catch (RuntimeException e) {
                return sslFailure(e.getMessage());
            }
            if (pendingHello != null) {
                conn.receive(pendingHello, System.nanoTime());
                pendingHello = null;
                collect();
            }
        }
        return handshake();
    }

    /**
     * {@code SSL_renegotiate}: starts a secure renegotiation (RFC 5746) — a client sends a new
     * ClientHello, a server a HelloRequest. It runs as {@link #read}, {@link #write} and
     * {@link #doHandshake} drive the connection. 1 if it started; 0 if it cannot (not connected,
     * one in progress, {@link SslOptions#NO_RENEGOTIATION}, or a peer without RFC 5746 support).
     */
    public int renegotiate() {
        lastError = SslError.NONE;
        if (conn == null || !conn.isConnected()) return 0;
        try {
            conn.renegotiate(System.nanoTime());
        } catch (IllegalStateException e) {
            lastErrorString = e.getMessage();
            lastError = SslError.SSL;
            return 0;
        }
        return flush() < 0 && lastError != SslError.WANT_WRITE ? -1 : 1;
    }

    /** {@code SSL_renegotiate_pending}: 1 while a renegotiation started here has not completed. */
    public int renegotiatePending() {
        return conn != null && conn.isRenegotiating() ? 1 : 0;
    }

    /** {@code SSL_get_secure_renegotiation_support}: 1 if the peer supports RFC 5746. */
    public int getSecureRenegotiationSupport() {
        return conn != null && conn.session() != null && conn.session().secureRenegotiation() ? 1 : 0;
    }

    /**
     * {@code SSL_do_handshake}: runs the handshake — the first one ({@link #connect} or
     * {@link #accept} by role), or a renegotiation in progress — until it completes (1), fails
     * (-1, {@link #getError}), or a non-blocking BIO has nothing to read (-1 with WANT_READ).
     */
    public int doHandshake() {
        lastError = SslError.NONE;
        if (conn == null) return ctx.method().role() == DtlsMethod.Role.CLIENT ? connect() : accept();
        if (conn.isHandshaking()) return client() ? connect() : accept();
        if (!conn.isRenegotiating()) return conn.isConnected() ? 1 : sslFailure("connection is " + conn.status());
        int r = drive(() -> !conn.isRenegotiating() || !conn.isConnected());
        if (r <= 0) return r;
        return conn.isConnected() ? 1 : sslFailure(conn.failure() != null ? conn.failure().getMessage() : "connection is " + conn.status());
    }

    private int handshake() {
        int r = drive(() -> !conn.isHandshaking() || conn.isPausedForCertificate());
        if (r > 0 && conn.isPausedForCertificate()) {
            lastError = SslError.WANT_X509_LOOKUP;
            return -1;
        }
        if (r < 0 && lastError == SslError.WANT_READ && !client() && !conn.isHandshakeStarted() && rbio.nonBlocking()) {
            // A server still waiting for its first ClientHello: no peer to talk to yet.
            lastError = SslError.WANT_ACCEPT;
        }
        if (r <= 0) return r;
        if (conn.isConnected() || conn.status() == DtlsConnection.Status.CLOSED) return 1;
        return sslFailure(conn.failure() != null ? conn.failure().getMessage() : "handshake ended");
    }

    private boolean client() {
        return conn != null && conn.isClient();
    }

    // ------------------------------------------------------------------ data

    /** {@code SSL_read}: one datagram (truncated to {@code len}); 0 when the peer closed; -1 otherwise. */
    public int read(byte[] buf, int off, int len) {
        lastError = SslError.NONE;
        if (conn == null) {
            int h = ctx.method().role() == DtlsMethod.Role.CLIENT ? connect() : accept();
            if (h <= 0) return h;
        }
        if (received.isEmpty() && !peerClosed && conn.isConnected()) {
            int r = drive(() -> !received.isEmpty() || peerClosed || !conn.isConnected());
            if (r < 0 && received.isEmpty()) return r;
        }
        byte[] d = received.poll();
        if (d != null && sctpDriver != null) rbio.rcvinfo(receivedInfo.poll()); // BIO_CTRL_DGRAM_SCTP_GET_RCVINFO
        if (d != null) {
            int n = Math.min(len, d.length);
            System.arraycopy(d, 0, buf, off, n);
            return n;
        }
        if (peerClosed || conn.status() == DtlsConnection.Status.CLOSED) {
            lastError = SslError.ZERO_RETURN;
            return 0;
        }
        return sslFailure(conn.failure() != null ? conn.failure().getMessage() : "connection is " + conn.status());
    }

    public int read(ByteBuffer dst) {
        byte[] tmp = new byte[dst.remaining()];
        int n = read(tmp, 0, tmp.length);
        if (n > 0) dst.put(tmp, 0, n);
        return n;
    }

    /** {@code SSL_write}: sends {@code len} bytes as one datagram; returns {@code len}, or -1. */
    public int write(byte[] buf, int off, int len) {
        lastError = SslError.NONE;
        if (conn == null || conn.isHandshaking()) {
            int h = ctx.method().role() == DtlsMethod.Role.SERVER ? accept() : connect();
            if (h <= 0) return h;
        }
        if (!conn.isConnected()) {
            if (peerClosed) {
                lastError = SslError.ZERO_RETURN;
                return 0;
            }
            return sslFailure("cannot write: connection is " + conn.status());
        }
        if (sctpDriver != null) {
            // As BIO_CTRL_DGRAM_SCTP_SET_SNDINFO / SET_PRINFO said (RFC 6458 §5.3.4, §5.3.7).
            conn.send(buf, off, len, wbio.sndinfo(), wbio.prinfo(), System.nanoTime());
        } else {
            conn.send(buf, off, len, System.nanoTime());
        }
        int f = flush();
        return f < 0 && lastError != SslError.WANT_WRITE ? f : len;
    }

    public int write(ByteBuffer src) {
        byte[] tmp = new byte[src.remaining()];
        src.get(tmp);
        return write(tmp, 0, tmp.length);
    }

    /** {@code SSL_pending}: bytes of the next datagram already received and not read. */
    public int pending() {
        byte[] d = received.peek();
        return d == null ? 0 : d.length;
    }

    /**
     * {@code SSL_shutdown}: sends close_notify. Returns 1 if the peer's close_notify had arrived
     * (the shutdown is complete), 0 if only ours went out (DTLS does not wait for the answer).
     */
    public int shutdown() {
        lastError = SslError.NONE;
        if (conn == null) return 1;
        if (!closeSent) {
            closeSent = true;
            conn.close(System.nanoTime());
            collect();
            // Over SCTP close_notify waits for everything sent to be acknowledged (RFC 6083 §4.9).
            int f = sctpDriver != null ? drive(() -> !sctpDriver.isBlocked()) : flush();
            if (f < 0) return f;
            return peerClosed ? 1 : 0;
        }
        return 1;
    }

    // ------------------------------------------------------------------ timers

    /** {@code DTLSv1_get_timeout}: time until the next timer, or empty when none runs. */
    public Optional<Duration> dtlsGetTimeout() {
        if (conn == null) return Optional.empty();
        long next = conn.nextTimeoutNanos();
        if (next == Long.MAX_VALUE) return Optional.empty();
        return Optional.of(Duration.ofNanos(Math.max(0, next - System.nanoTime())));
    }

    /** {@code DTLSv1_handle_timeout}: 1 if a timer fired (a flight went out again), 0 if none was due, -1 on error. */
    public int dtlsHandleTimeout() {
        if (conn == null) return 0;
        long now = System.nanoTime();
        if (conn.nextTimeoutNanos() == Long.MAX_VALUE || now - conn.nextTimeoutNanos() < 0) return 0;
        conn.handleTimeout(now);
        collect();
        if (flush() < 0 && lastError == SslError.SYSCALL) return -1;
        return conn.failure() != null ? -1 : 1;
    }

    // ------------------------------------------------------------------ information

    /** {@code SSL_get_error(ssl, ret)}. */
    public SslError getError(int ret) {
        return ret > 0 ? SslError.NONE : lastError;
    }

    /** The last failure in words (the error queue's top entry), or null. */
    public String lastErrorString() {
        return lastErrorString;
    }

    /** {@code SSL_get_peer_certificate}: the peer's leaf certificate, or null. */
    public X509Certificate getPeerCertificate() {
        if (conn == null || conn.session() == null || conn.session().peerCertificates().isEmpty()) return null;
        return conn.session().peerCertificates().get(0);
    }

    /** {@code SSL_get_current_cipher}: the IANA name of the negotiated suite, or null. */
    public String getCurrentCipher() {
        return conn == null || conn.session() == null ? null : conn.session().cipherSuite().ianaName();
    }

    /** {@code SSL_get_version}: "DTLSv1.2". */
    public String getVersion() {
        return conn != null && conn.session() != null ? conn.session().version().displayName() : "DTLSv1.2";
    }

    /** The engine under this {@code Ssl} (null before the handshake starts). */
    public DtlsConnection connection() {
        return conn;
    }

    // ------------------------------------------------------------------ over SCTP

    /** Over an SCTP BIO ({@link Bio#newDgramSctp}): RFC 6083 mode, and the driver that runs it on the association. */
    private org.dtlsj.transport.SctpDriver sctpDriver;
    /** The rcvinfo of each record in {@link #received}, over SCTP. */
    private final java.util.ArrayDeque<org.dtlsj.sctp.SctpRcvInfo> receivedInfo = new java.util.ArrayDeque<>();

    private org.dtlsj.config.DtlsConfig overSctp(org.dtlsj.config.DtlsConfig c) {
        return rbio != null && rbio.isSctp() ? c.toBuilder().sctp(true).build() : c;
    }

    private void attachSctp() {
        if (rbio != null && rbio.isSctp()) sctpDriver = new org.dtlsj.transport.SctpDriver(conn, rbio.association());
    }

    /** {@link #drive} over SCTP: the association's messages and notifications instead of datagrams. */
    private int driveSctp(BooleanSupplier done) {
        long userTimeout = rbio.recvTimeout().toNanos();
        long userDeadline = userTimeout > 0 ? System.nanoTime() + userTimeout : Long.MAX_VALUE;
        while (true) {
            // Not done while outputs wait for sender dry: the peer needs what follows (our
            // ChangeCipherSpec and Finished, say), and nothing else would send it.
            int step = step(() -> done.getAsBoolean() && !sctpDriver.isBlocked());
            if (step != CONTINUE) return step;
            long now = System.nanoTime();
            long timer = conn.nextTimeoutNanos();
            if (now - userDeadline >= 0) {
                lastError = SslError.WANT_READ;
                return -1;
            }
            // Waiting for sender dry (RFC 6083 §4.7, §4.9): look again soon.
            long wait = sctpDriver.isBlocked() ? 5_000_000L : Math.min(Math.min(timer, userDeadline) - now, 1_000_000_000L);
            try {
                sctpDriver.poll(now, Duration.ofNanos(Math.max(1, wait)));
            } catch (IOException e) {
                return syscall(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return syscall(new IOException("interrupted"));
            }
            collect();
        }
    }

    // ------------------------------------------------------------------ driving the engine

    /** {@link #step}: neither done nor failed, no timer was due: wait for input. */
    private static final int CONTINUE = 0;

    /**
     * One turn of a drive loop before it waits: flush, then 1 if {@code done}, -1 on a failure,
     * and a due timer fired (looping until none is due); {@link #CONTINUE} to go and wait.
     */
    private int step(BooleanSupplier done) {
        while (true) {
            if (flush() < 0) return -1;
            if (done.getAsBoolean()) return 1;
            if (conn.failure() != null) return sslFailure(conn.failure().getMessage());
            long now = System.nanoTime();
            long timer = conn.nextTimeoutNanos();
            if (timer == Long.MAX_VALUE || now - timer < 0) return CONTINUE;
            conn.handleTimeout(now);
            collect();
        }
    }

    /** Flushes and reads until {@code done}, a failure, or a would-block. 1, or -1 with lastError set. */
    private int drive(BooleanSupplier done) {
        if (sctpDriver != null) return driveSctp(done);
        long userTimeout = rbio.recvTimeout().toNanos();
        long userDeadline = userTimeout > 0 ? System.nanoTime() + userTimeout : Long.MAX_VALUE;
        while (true) {
            int step = step(done);
            if (step != CONTINUE) return step;
            long now = System.nanoTime();
            long timer = conn.nextTimeoutNanos();
            long until = Math.min(timer, userDeadline);
            long wait = until == Long.MAX_VALUE ? 0 : Math.max(1, until - now);
            int n;
            try {
                n = rbio.readDatagram(rx, wait);
            } catch (IOException e) {
                return syscall(e);
            }
            if (n >= 0) {
                conn.receive(rx, 0, n, System.nanoTime());
                collect();
            } else if (n == Bio.WOULD_BLOCK) {
                lastError = SslError.WANT_READ;
                return -1;
            } else if (System.nanoTime() - userDeadline >= 0) {
                // The application's receive timeout expired (BIO_dgram_recv_timedout is true).
                lastError = SslError.WANT_READ;
                return -1;
            }
            // Otherwise the wait was cut short for a handshake timer: loop to fire it.
        }
    }

    /** Moves what the engine produced into our queues. */
    private void collect() {
        if (sctpDriver != null) {
            for (org.dtlsj.engine.SctpOutput.Inbound in; (in = conn.pollApplicationMessage()) != null; ) {
                received.add(in.data());
                receivedInfo.add(in.context() instanceof org.dtlsj.sctp.SctpRcvInfo r ? r : new org.dtlsj.sctp.SctpRcvInfo(0, 0, 0, 0, 0, 0, 0));
            }
            for (org.dtlsj.sctp.SctpNotification n : sctpDriver.takeNotifications()) rbio.notify(n);
            for (DtlsEvent e; (e = conn.pollEvent()) != null; ) {
                if (e instanceof DtlsEvent.Closed c && c.byPeer()) peerClosed = true;
            }
            return;
        }
        for (byte[] d; (d = conn.pollDatagram()) != null; ) unsent.add(d);
        for (byte[] d; (d = conn.pollApplicationData()) != null; ) received.add(d);
        for (DtlsEvent e; (e = conn.pollEvent()) != null; ) {
            if (e instanceof DtlsEvent.Closed c && c.byPeer()) peerClosed = true;
        }
    }

    /** Writes queued datagrams. 1, or -1 with WANT_WRITE or SYSCALL. */
    private int flush() {
        collect();
        if (sctpDriver != null) {
            try {
                sctpDriver.flush(System.nanoTime());
                return 1;
            } catch (IOException e) {
                return syscall(e);
            }
        }
        try {
            while (!unsent.isEmpty()) {
                if (!wbio.writeDatagram(unsent.peek())) {
                    lastError = SslError.WANT_WRITE;
                    return -1;
                }
                unsent.poll();
            }
            return 1;
        } catch (IOException e) {
            return syscall(e);
        }
    }

    private int syscall(IOException e) {
        lastError = SslError.SYSCALL;
        lastErrorString = (e instanceof ClosedChannelException ? "channel closed" : e.toString());
        return -1;
    }

    private int sslFailure(String why) {
        lastError = SslError.SSL;
        lastErrorString = why;
        return -1;
    }
}
