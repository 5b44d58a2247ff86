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

// ------------------------------------------------------------------ dtlsj

final class DtlsjSide {
    final DtlsConfig x25519Client;
    final DtlsConfig x25519Server;
    final DtlsConfig p256Client;
    final DtlsConfig p256Server;
    final DtlsConfig[] x25519;
    final DtlsConfig[] p256;
    final DatagramCount datagrams = new DatagramCount();
    int port;

    DtlsjSide(TestPki.Credential cred) {
        DtlsConfig base = DtlsConfig.builder()
                .cipherSuites(List.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256))
                .mtu(MTU)
                .build();
        DtlsConfig client = base.toBuilder().trustAnchors(List.of(cred.root())).build();
        DtlsConfig server = base.toBuilder().credentials(cred.key(), cred.chain()).build();
        // Default groups: x25519 first.
        x25519Client = client;
        x25519Server = server;
        p256Client = client.toBuilder().groups(List.of(NamedGroup.SECP256R1)).build();
        p256Server = server.toBuilder().groups(List.of(NamedGroup.SECP256R1)).build();
        x25519 = new DtlsConfig[] {x25519Client, x25519Server};
        p256 = new DtlsConfig[] {p256Client, p256Server};
    }

    String describeHandshake(NamedGroup group) throws Exception {
        DtlsConfig[] cfg = group.equals(NamedGroup.X25519) ? x25519 : p256;
        Trace trace = new Trace();
        DtlsConnection[] pair = connect(cfg, trace);
        SessionInfo s = pair[0].session();
        SessionInfo ss = pair[1].session();
        if (s.cipherSuite() != CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 || !s.group().equals(group)) {
            throw new IllegalStateException("negotiated " + s.cipherSuite() + " / " + s.group() + ", expected " + SUITE + " / " + group);
        }
        // A round trip of application data each way.
        long now = System.nanoTime();
        byte[] ping = "ping".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        pair[0].send(ping, now);
        pair[1].receive(pair[0].pollDatagram(), now);
        byte[] got = pair[1].pollApplicationData();
        if (!Arrays.equals(ping, got)) throw new IllegalStateException("server did not receive the client's data");
        pair[1].send(ping, now);
        pair[0].receive(pair[1].pollDatagram(), now);
        if (!Arrays.equals(ping, pair[0].pollApplicationData())) throw new IllegalStateException("client did not receive the server's data");
        return trace + "   => " + s.version() + " " + s.cipherSuite() + " group " + s.group() + ", EMS " + s.extendedMasterSecret()
                + " (server sees " + ss.cipherSuite() + ")";
    }

    int handshake(DtlsConfig[] cfg) throws Exception {
        connect(cfg, null);
        return 1;
    }

    /** A full handshake between a new client and a new server; returns {client, server}. */
    DtlsConnection[] connect(DtlsConfig[] cfg, Trace trace) throws Exception {
        long now = System.nanoTime();
        DtlsConnection c = DtlsConnection.client(cfg[0], "localhost");
        DtlsConnection s = DtlsConnection.server(cfg[1], peerAddress(port++));
        c.start(now);
        int count = 0;
        boolean moved = true;
        while (moved) {
            moved = false;
            for (byte[] d; (d = c.pollDatagram()) != null; ) {
                if (trace != null) trace.add(true, d, 0, d.length);
                s.receive(d, now);
                count++;
                moved = true;
            }
            for (byte[] d; (d = s.pollDatagram()) != null; ) {
                if (trace != null) trace.add(false, d, 0, d.length);
                c.receive(d, now);
                count++;
                moved = true;
            }
            if (c.failure() != null || s.failure() != null) break;
            now = System.nanoTime();
        }
        if (c.failure() != null) throw new IllegalStateException("dtlsj client failed: " + c.failure().reason(), c.failure());
        if (s.failure() != null) throw new IllegalStateException("dtlsj server failed: " + s.failure().reason(), s.failure());
        if (!c.isConnected() || !s.isConnected()) {
            throw new IllegalStateException("dtlsj handshake stalled: client " + c.stateDescription() + ", server " + s.stateDescription()
                    + (trace != null ? "; flow " + trace : ""));
        }
        while (c.pollEvent() != null) { /* drain */ }
        while (s.pollEvent() != null) { /* drain */ }
        datagrams.add(count);
        return new DtlsConnection[] {c, s};
    }

    String datagramRange() {
        return datagrams.toString();
    }

    /** A connected pair; each op sends 64 records of 1 KB client to server and checks them. */
    Op newPipe() throws Exception {
        DtlsConnection[] pair = connect(x25519, null);
        DtlsConnection c = pair[0];
        DtlsConnection s = pair[1];
        byte[] payload = new byte[RECORD];
        new SecureRandom().nextBytes(payload);
        long[] seq = {0};
        return () -> {
            long now = System.nanoTime();
            for (int i = 0; i < 64; i++) {
                long n = ++seq[0];
                stamp(payload, n);
                c.send(payload, now);
                byte[] d = c.pollDatagram();
                s.receive(d, now);
                byte[] got = s.pollApplicationData();
                if (got == null || got.length != RECORD || !Arrays.equals(got, payload)) {
                    throw new IllegalStateException("dtlsj record " + n + " not delivered intact: "
                            + (got == null ? "nothing" : got.length + " bytes") + "; server " + s.stateDescription()
                            + ", dropped " + s.stats().dropped() + (s.failure() != null ? ", failure " + s.failure() : ""));
                }
            }
            return 64;
        };
    }
}
