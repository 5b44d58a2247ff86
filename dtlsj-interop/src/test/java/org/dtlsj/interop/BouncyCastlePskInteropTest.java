package org.dtlsj.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.tls.BasicTlsPSKIdentity;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.PSKTlsClient;
import org.bouncycastle.tls.PSKTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsPSKIdentityManager;
import org.bouncycastle.tls.UDPTransport;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.interop.peers.DtlsTestClient;
import org.dtlsj.interop.peers.DtlsTestServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * ECDHE-PSK (RFC 5489, with the AEAD suites of RFC 8442 and RFC 7905) and plain PSK against
 * Bouncy Castle 1.82's own {@code PSKTlsClient} and {@code PSKTlsServer} over loopback UDP, both
 * roles, with an identity hint.
 */
class BouncyCastlePskInteropTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final byte[] IDENTITY = "bc-peer".getBytes(StandardCharsets.UTF_8);
    static final byte[] HINT = "dtlsj-hint".getBytes(StandardCharsets.UTF_8);
    static final byte[] KEY = HexFormat.of().parseHex("a1b2c3d4e5f60718293a4b5c6d7e8f90");

    enum Suite {
        TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256, TLS_ECDHE_PSK_WITH_AES_256_GCM_SHA384,
        TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256, TLS_ECDHE_PSK_WITH_AES_128_CCM_SHA256,
        TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256, TLS_PSK_WITH_AES_128_GCM_SHA256, TLS_PSK_WITH_AES_128_CCM_8;

        CipherSuite dtlsj() {
            return CipherSuite.valueOf(name());
        }
    }

    static TlsCrypto crypto() {
        return new JcaTlsCryptoProvider().setProvider(new BouncyCastleProvider()).create(new SecureRandom());
    }

    static final TlsPSKIdentityManager MANAGER = new TlsPSKIdentityManager() {
        @Override
        public byte[] getHint() {
            return HINT;
        }

        @Override
        public byte[] getPSK(byte[] identity) {
            return java.util.Arrays.equals(identity, IDENTITY) ? KEY.clone() : null;
        }
    };

    @ParameterizedTest
    @EnumSource(Suite.class)
    void dtlsjClientWithBouncyCastleServer(Suite s) throws Exception {
        int code = s.dtlsj().id.value();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
                try {
                    // BC's server reads the first datagram to learn its peer.
                    java.net.DatagramPacket p = new java.net.DatagramPacket(new byte[2048], 2048);
                    socket.setSoTimeout((int) WAIT.toMillis());
                    socket.receive(p);
                    socket.connect(p.getSocketAddress());
                    PSKTlsServer server = new PSKTlsServer(crypto(), MANAGER) {
                        @Override
                        protected ProtocolVersion[] getSupportedVersions() {
                            return ProtocolVersion.DTLSv12.only();
                        }

                        @Override
                        protected int[] getSupportedCipherSuites() {
                            return new int[] {code};
                        }
                    };
                    DTLSTransport dtls = new DTLSServerProtocol().accept(server, new ReplayFirst(socket, p));
                    byte[] buf = new byte[2048];
                    int n = dtls.receive(buf, 0, buf.length, (int) WAIT.toMillis());
                    dtls.send(buf, 0, n);
                    return new String(buf, 0, n, StandardCharsets.UTF_8);
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            java.util.List<String> hints = new java.util.concurrent.CopyOnWriteArrayList<>();
            DtlsConfig cfg = DtlsConfig.builder().cipherSuites(List.of(s.dtlsj())).pskProvider(hint -> {
                hints.add(new String(hint, StandardCharsets.UTF_8));
                return new org.dtlsj.config.PskProvider.Psk(IDENTITY, KEY);
            }).build();
            try (DtlsTestClient client = DtlsjUdpPeer.connect((InetSocketAddress) socket.getLocalSocketAddress(), cfg, null, WAIT)) {
                assertThat(client.cipherSuite()).isEqualTo(s.name());
                client.send("hello bc".getBytes(StandardCharsets.UTF_8));
                assertThat(client.receive(WAIT)).isEqualTo("hello bc".getBytes(StandardCharsets.UTF_8));
                assertThat(served.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("hello bc");
                assertThat(hints).containsExactly("dtlsj-hint");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void bouncyCastleClientWithDtlsjServer(Suite s) throws Exception {
        int code = s.dtlsj().id.value();
        java.util.List<String> identities = new java.util.concurrent.CopyOnWriteArrayList<>();
        DtlsConfig cfg = DtlsConfig.builder().cipherSuites(List.of(s.dtlsj())).pskStore(new org.dtlsj.config.PskStore() {
            @Override
            public byte[] key(byte[] identity) {
                identities.add(new String(identity, StandardCharsets.UTF_8));
                return java.util.Arrays.equals(identity, IDENTITY) ? KEY : null;
            }

            @Override
            public byte[] identityHint() {
                return HINT;
            }
        }).build();
        try (DtlsTestServer server = DtlsjUdpPeer.startEchoServer(cfg);
             DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.connect(server.address());
            java.util.List<String> hints = new java.util.concurrent.CopyOnWriteArrayList<>();
            PSKTlsClient client = new PSKTlsClient(crypto(), new BasicTlsPSKIdentity(IDENTITY, KEY) {
                @Override
                public void notifyIdentityHint(byte[] hint) {
                    hints.add(new String(hint, StandardCharsets.UTF_8));
                }
            }) {
                @Override
                protected ProtocolVersion[] getSupportedVersions() {
                    return ProtocolVersion.DTLSv12.only();
                }

                @Override
                protected int[] getSupportedCipherSuites() {
                    return new int[] {code};
                }
            };
            DTLSTransport dtls = new DTLSClientProtocol().connect(client, new UDPTransport(socket, 1400));
            byte[] msg = "hello dtlsj".getBytes(StandardCharsets.UTF_8);
            dtls.send(msg, 0, msg.length);
            byte[] buf = new byte[2048];
            int n = dtls.receive(buf, 0, buf.length, (int) WAIT.toMillis());
            assertThat(java.util.Arrays.copyOf(buf, n)).isEqualTo(msg);
            server.awaitHandshake(WAIT);
            assertThat(server.cipherSuite()).isEqualTo(s.name());
            assertThat(identities).containsExactly("bc-peer");
            assertThat(hints).containsExactly("dtlsj-hint");
            dtls.close();
            assertThat(server.awaitCloseNotify(WAIT)).isTrue();
        }
    }

    /** A UDP transport that hands Bouncy Castle's server the datagram already read before the rest. */
    static final class ReplayFirst extends UDPTransport {
        private java.net.DatagramPacket first;

        ReplayFirst(DatagramSocket socket, java.net.DatagramPacket first) throws java.io.IOException {
            super(socket, 1400);
            this.first = first;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws java.io.IOException {
            if (first != null) {
                int n = Math.min(len, first.getLength());
                System.arraycopy(first.getData(), first.getOffset(), buf, off, n);
                first = null;
                return n;
            }
            return super.receive(buf, off, len, waitMillis);
        }
    }
}
