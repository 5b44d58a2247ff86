package org.dtlsj.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.interop.peers.DtlsTestClient;
import org.dtlsj.interop.peers.DtlsTestServer;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pre-shared keys with Eclipse Scandium over loopback UDP, both roles: the CoAP suite
 * TLS_PSK_WITH_AES_128_CCM_8 (RFC 7252 §9.1.3.1) and the other PSK and ECDHE-PSK suites both
 * stacks implement.
 */
class ScandiumPskInteropTest {
    static final String IDENTITY = "coap-device-7";
    static final byte[] KEY = HexFormat.of().parseHex("3f1e2d4c5b6a79880123456789abcdef");

    enum Suite {
        TLS_PSK_WITH_AES_128_CCM_8, TLS_PSK_WITH_AES_128_CCM, TLS_PSK_WITH_AES_256_CCM_8, TLS_PSK_WITH_AES_128_GCM_SHA256,
        TLS_PSK_WITH_AES_256_GCM_SHA384, TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256, TLS_ECDHE_PSK_WITH_AES_256_GCM_SHA384,
        TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256, TLS_ECDHE_PSK_WITH_AES_128_CCM_SHA256;

        org.dtlsj.config.CipherSuite dtlsj() {
            return org.dtlsj.config.CipherSuite.valueOf(name());
        }

        /** Scandium's constant, by code: it spells SHA384 as "SHA378". */
        CipherSuite scandium() {
            CipherSuite c = CipherSuite.getTypeByCode(dtlsj().id.value());
            assertThat(c).as("Scandium implements " + name()).isNotNull();
            return c;
        }
    }

    static DTLSConnector scandium(boolean server, CipherSuite suite, Queue<String> alerts) {
        DtlsConnectorConfig.Builder b = DtlsConnectorConfig.builder(Configuration.createStandardWithoutFile())
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .setLoggingTag(server ? "scandium-psk-server" : "scandium-psk-client")
                .set(org.eclipse.californium.scandium.config.DtlsConfig.DTLS_ROLE, server
                        ? org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole.SERVER_ONLY
                        : org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole.CLIENT_ONLY)
                .setAsList(org.eclipse.californium.scandium.config.DtlsConfig.DTLS_CIPHER_SUITES, suite);
        if (server) {
            AdvancedMultiPskStore store = new AdvancedMultiPskStore();
            store.setKey(IDENTITY, KEY);
            b.setAdvancedPskStore(store);
        } else {
            b.setAdvancedPskStore(new AdvancedSinglePskStore(IDENTITY, KEY));
        }
        DTLSConnector c = new DTLSConnector(b.build());
        c.setAlertHandler((peer, alert) -> alerts.add(ScandiumInteropTest.describe(alert)));
        return c;
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void dtlsjClientWithScandiumServer(Suite s) throws Exception {
        CipherSuite suite = s.scandium();
        Queue<String> alerts = new ConcurrentLinkedQueue<>();
        Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        BlockingQueue<RawData> received = new LinkedBlockingQueue<>();
        DTLSConnector server = scandium(true, suite, alerts);
        server.setRawDataReceiver(raw -> {
            received.add(raw);
            server.send(RawData.outbound(raw.getBytes(), raw.getEndpointContext(), ScandiumInteropTest.errorsTo(errors), false));
        });
        server.start();
        try {
            DtlsConfig cfg = DtlsConfig.builder().cipherSuites(List.of(s.dtlsj()))
                    .psk(IDENTITY.getBytes(StandardCharsets.UTF_8), KEY).build();
            try (DtlsTestClient client = DtlsjUdpPeer.connect(server.getAddress(), cfg, null, ScandiumInteropTest.TIMEOUT)) {
                assertThat(client.cipherSuite()).isEqualTo(s.name());
                SplittableRandom r = new SplittableRandom(suite.getCode());
                EndpointContext atServer = null;
                for (int n : ScandiumInteropTest.SIZES) {
                    byte[] sent = ScandiumInteropTest.payload(r, n);
                    client.send(sent);
                    RawData got = received.poll(ScandiumInteropTest.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    assertThat(got).as("Scandium received %d bytes; alerts %s", n, alerts).isNotNull();
                    assertThat(got.getBytes()).isEqualTo(sent);
                    atServer = got.getEndpointContext();
                    assertThat(client.receive(ScandiumInteropTest.TIMEOUT)).isEqualTo(sent);
                }
                assertThat(((DtlsEndpointContext) atServer).getCipher()).isEqualTo(suite.name());
                assertThat(atServer.getPeerIdentity()).isInstanceOf(PreSharedKeyIdentity.class);
                assertThat(((PreSharedKeyIdentity) atServer.getPeerIdentity()).getIdentity()).isEqualTo(IDENTITY);
                assertThat(errors).isEmpty();
            }
        } finally {
            server.destroy();
        }
    }

    @ParameterizedTest
    @EnumSource(Suite.class)
    void scandiumClientWithDtlsjServer(Suite s) throws Exception {
        CipherSuite suite = s.scandium();
        DtlsConfig cfg = DtlsConfig.builder().cipherSuites(List.of(s.dtlsj()))
                .psk(IDENTITY.getBytes(StandardCharsets.UTF_8), KEY).build();
        Queue<String> alerts = new ConcurrentLinkedQueue<>();
        Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        try (DtlsTestServer server = DtlsjUdpPeer.startEchoServer(cfg)) {
            DTLSConnector client = scandium(false, suite, alerts);
            BlockingQueue<RawData> echoes = new LinkedBlockingQueue<>();
            client.setRawDataReceiver(echoes::add);
            client.start();
            try {
                AddressEndpointContext dest = new AddressEndpointContext(server.address());
                SplittableRandom r = new SplittableRandom(~suite.getCode());
                for (int n : ScandiumInteropTest.SIZES) {
                    byte[] sent = ScandiumInteropTest.payload(r, n);
                    client.send(RawData.outbound(sent, dest, ScandiumInteropTest.errorsTo(errors), false));
                    RawData echo = echoes.poll(ScandiumInteropTest.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    assertThat(echo).as("echo of %d bytes; dtlsj server failure %s; alerts %s; errors %s", n,
                            server.failure(), alerts, errors).isNotNull();
                    assertThat(echo.getBytes()).isEqualTo(sent);
                }
                server.awaitHandshake(ScandiumInteropTest.TIMEOUT);
                assertThat(server.cipherSuite()).isEqualTo(s.name());
                assertThat(server.failure()).isNull();
                assertThat(alerts).isEmpty();
            } finally {
                client.destroy();
            }
        }
    }
}
