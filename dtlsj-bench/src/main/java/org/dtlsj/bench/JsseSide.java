package org.dtlsj.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.engine.DtlsConnection;
import org.dtlsj.engine.SessionInfo;
import org.dtlsj.testkit.TestPki;
import org.dtlsj.wire.NamedGroup;
import static org.dtlsj.bench.EngineBench.*;

// ------------------------------------------------------------------ SunJSSE

final class JsseSide {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /**
     * dtlsj's default group list. SunJSSE (TLS 1.2) also requires the client to list the
     * curve of the server's ECDSA certificate (RFC 8422 section 5.1), so x25519 alone would
     * fail with "no cipher suites in common"; x25519 is first, and is what the key exchange uses.
     */
    static final String[] X25519_FIRST = {"x25519", "secp256r1", "secp384r1"};
    static final String[] P256_ONLY = {"secp256r1"};
    final SSLContext serverContext;
    final SSLContext clientContext;
    final DatagramCount datagrams = new DatagramCount();
    int port = 1;

    JsseSide(TestPki.Credential cred) throws Exception {
        char[] pw = "bench".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("server", cred.key(), pw, cred.chain().toArray(new X509Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("root", cred.root());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        serverContext = SSLContext.getInstance("DTLSv1.2");
        serverContext.init(kmf.getKeyManagers(), null, null);
        clientContext = SSLContext.getInstance("DTLSv1.2");
        clientContext.init(null, tmf.getTrustManagers(), null);
        // Each handshake uses a new peer port, so the client never finds a session to resume;
        // a cache of one also keeps it from growing.
        clientContext.getClientSessionContext().setSessionCacheSize(1);
    }

    SSLEngine[] engines(String[] groups) {
        SSLEngine c = clientContext.createSSLEngine("localhost", port);
        port = port == 65535 ? 1 : port + 1;
        c.setUseClientMode(true);
        SSLParameters cp = c.getSSLParameters();
        configure(cp, groups);
        cp.setEndpointIdentificationAlgorithm("HTTPS");
        c.setSSLParameters(cp);
        SSLEngine s = serverContext.createSSLEngine();
        s.setUseClientMode(false);
        SSLParameters sp = s.getSSLParameters();
        configure(sp, groups);
        s.setSSLParameters(sp);
        return new SSLEngine[] {c, s};
    }

    private static void configure(SSLParameters p, String[] groups) {
        p.setProtocols(new String[] {"DTLSv1.2"});
        p.setCipherSuites(new String[] {SUITE});
        p.setNamedGroups(groups.clone());
        p.setMaximumPacketSize(MTU);
    }

    String describeHandshake(String[] groups) throws Exception {
        Trace trace = new Trace();
        SSLEngine[] e = connect(groups, trace);
        var cs = e[0].getSession();
        if (!SUITE.equals(cs.getCipherSuite())) throw new IllegalStateException("negotiated " + cs.getCipherSuite());
        if (!trace.toString().contains("ServerKeyExchange(" + groups[0] + ")")) {
            throw new IllegalStateException("key exchange did not use " + groups[0] + ": " + trace);
        }
        return trace + "   => " + cs.getProtocol() + " " + cs.getCipherSuite() + " (server sees " + e[1].getSession().getCipherSuite() + ")";
    }

    int handshake(String[] groups) throws Exception {
        connect(groups, null);
        return 1;
    }

    SSLEngine[] connect(String[] groups, Trace trace) throws Exception {
        SSLEngine[] e = engines(groups);
        SSLEngine c = e[0];
        SSLEngine s = e[1];
        ArrayDeque<ByteBuffer> toServer = new ArrayDeque<>();
        ArrayDeque<ByteBuffer> toClient = new ArrayDeque<>();
        int packet = Math.max(c.getSession().getPacketBufferSize(), s.getSession().getPacketBufferSize());
        int appSize = Math.max(c.getSession().getApplicationBufferSize(), s.getSession().getApplicationBufferSize());
        ByteBuffer net = ByteBuffer.allocate(packet);
        ByteBuffer app = ByteBuffer.allocate(appSize);
        int[] count = {0};
        c.beginHandshake();
        s.beginHandshake();
        for (int steps = 0; ; steps++) {
            boolean moved = step(c, true, toClient, toServer, net, app, trace, count);
            moved |= step(s, false, toServer, toClient, net, app, trace, count);
            if (done(c) && done(s) && toServer.isEmpty() && toClient.isEmpty()) break;
            if (!moved || steps > 1000) {
                throw new IllegalStateException("SunJSSE handshake stalled: client " + c.getHandshakeStatus() + ", server "
                        + s.getHandshakeStatus() + (trace != null ? "; flow " + trace : ""));
            }
        }
        datagrams.add(count[0]);
        return e;
    }

    private static boolean done(SSLEngine e) {
        HandshakeStatus h = e.getHandshakeStatus();
        return h == HandshakeStatus.NOT_HANDSHAKING || h == HandshakeStatus.FINISHED;
    }

    /** Drives one engine as far as it can go with the datagrams it has; true if anything happened. */
    private static boolean step(SSLEngine e, boolean client, ArrayDeque<ByteBuffer> in, ArrayDeque<ByteBuffer> out,
                                ByteBuffer net, ByteBuffer app, Trace trace, int[] count) throws SSLException {
        boolean moved = false;
        while (true) {
            HandshakeStatus hs = e.getHandshakeStatus();
            switch (hs) {
                case NEED_TASK -> {
                    for (Runnable r; (r = e.getDelegatedTask()) != null; ) r.run();
                    moved = true;
                }
                case NEED_WRAP -> {
                    net.clear();
                    SSLEngineResult r = e.wrap(EMPTY, net);
                    if (r.getStatus() != SSLEngineResult.Status.OK) {
                        throw new SSLException((client ? "client" : "server") + " wrap: " + r);
                    }
                    net.flip();
                    if (net.hasRemaining()) {
                        byte[] d = new byte[net.remaining()];
                        net.get(d);
                        if (trace != null) trace.add(client, d, 0, d.length);
                        count[0]++;
                        out.add(ByteBuffer.wrap(d));
                    }
                    moved = true;
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN, NOT_HANDSHAKING, FINISHED -> {
                    ByteBuffer src = in.peek();
                    if (src == null) {
                        if (hs != HandshakeStatus.NEED_UNWRAP_AGAIN) return moved;
                        src = EMPTY;
                    }
                    app.clear();
                    SSLEngineResult r = e.unwrap(src, app);
                    if (src != EMPTY && !src.hasRemaining()) in.poll();
                    if (r.getStatus() != SSLEngineResult.Status.OK) {
                        throw new SSLException((client ? "client" : "server") + " unwrap: " + r);
                    }
                    if (r.bytesProduced() != 0) {
                        throw new SSLException((client ? "client" : "server") + " got application data during the handshake");
                    }
                    moved = true;
                }
            }
        }
    }

    /** A connected pair; each op wraps 64 records of 1 KB on the client and unwraps them on the server. */
    Op newPipe() throws Exception {
        SSLEngine[] e = connect(X25519_FIRST, null);
        SSLEngine c = e[0];
        SSLEngine s = e[1];
        byte[] payload = new byte[RECORD];
        new SecureRandom().nextBytes(payload);
        ByteBuffer src = ByteBuffer.wrap(payload);
        ByteBuffer net = ByteBuffer.allocate(c.getSession().getPacketBufferSize());
        ByteBuffer app = ByteBuffer.allocate(s.getSession().getApplicationBufferSize());
        byte[] appArray = app.array();
        long[] seq = {0};
        return () -> {
            for (int i = 0; i < 64; i++) {
                long n = ++seq[0];
                stamp(payload, n);
                src.clear();
                net.clear();
                SSLEngineResult w = c.wrap(src, net);
                if (w.getStatus() != SSLEngineResult.Status.OK || w.bytesConsumed() != RECORD) {
                    throw new SSLException("SunJSSE wrap of record " + n + ": " + w);
                }
                net.flip();
                app.clear();
                SSLEngineResult u = s.unwrap(net, app);
                if (u.getStatus() != SSLEngineResult.Status.OK || u.bytesProduced() != RECORD
                        || !Arrays.equals(appArray, 0, RECORD, payload, 0, RECORD)) {
                    throw new SSLException("SunJSSE record " + n + " not delivered intact: " + u);
                }
            }
            return 64;
        };
    }

    String datagramRange() {
        return datagrams.toString();
    }
}
