package org.dtlsj.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.dtlsj.api.DtlsClient;
import org.dtlsj.api.DtlsHandler;
import org.dtlsj.api.DtlsServer;
import org.dtlsj.api.DtlsSession;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.interop.peers.Credential;
import org.dtlsj.interop.peers.TestPki;
import org.dtlsj.session.ResumableSession;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.junit.jupiter.api.Test;

/**
 * Session resumption by session ID (Scandium issues no tickets) with Eclipse Scandium, both roles:
 * a dtlsj client back from a new port, and a Scandium client forced to resume.
 */
class ScandiumResumptionInteropTest {
    static final CipherSuite SUITE = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8;

    @Test
    void dtlsjClientResumesWithScandiumServerFromANewPort() throws Exception {
        Queue<String> alerts = new ConcurrentLinkedQueue<>();
        Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        DTLSConnector server = ScandiumInteropTest.scandium(true, List.of(SUITE), TestPki.ecServer(), false, alerts);
        server.setRawDataReceiver(raw -> server.send(RawData.outbound(raw.getBytes(), raw.getEndpointContext(),
                ScandiumInteropTest.errorsTo(errors), false)));
        server.start();
        try {
            DtlsConfig config = DtlsConfig.builder().trustAnchors(TestPki.roots())
                    .cipherSuites(List.of(org.dtlsj.config.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8)).build();
            ResumableSession session;
            try (DtlsSession first = DtlsClient.connect(server.getAddress(), config, "localhost")) {
                assertThat(first.info().resumed()).isFalse();
                session = first.resumableSession();
            }
            assertThat(session).as("Scandium gave a session ID").isNotNull();
            assertThat(session.sessionId()).isNotEmpty();
            try (DtlsSession again = DtlsClient.connect(server.getAddress(), config, "localhost", null, session)) {
                assertThat(again.info().resumed()).as("alerts at Scandium %s", alerts).isTrue();
                byte[] msg = "resumed with scandium".getBytes(StandardCharsets.UTF_8);
                again.send(msg);
                assertThat(again.receive(ScandiumInteropTest.TIMEOUT)).isEqualTo(msg);
            }
            assertThat(errors).isEmpty();
        } finally {
            server.destroy();
        }
    }

    @Test
    void scandiumClientResumesWithDtlsjServer() throws Exception {
        Credential cred = TestPki.ecServer();
        DtlsConfig config = DtlsConfig.builder().credentials(cred.key(), cred.chain())
                .cipherSuites(List.of(org.dtlsj.config.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8)).build();
        List<Boolean> resumed = new CopyOnWriteArrayList<>();
        try (DtlsServer server = DtlsServer.builder(config).bind(new InetSocketAddress("127.0.0.1", 0)).handler(new DtlsHandler() {
            @Override
            public void onConnected(DtlsSession s) {
                resumed.add(s.info().resumed());
            }

            @Override
            public boolean onData(DtlsSession s, byte[] data) {
                try {
                    s.send(data);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return true;
            }
        }).start()) {
            Queue<String> alerts = new ConcurrentLinkedQueue<>();
            Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
            DTLSConnector client = ScandiumInteropTest.scandium(false, List.of(SUITE), null, false, alerts);
            BlockingQueue<RawData> echoes = new LinkedBlockingQueue<>();
            client.setRawDataReceiver(echoes::add);
            client.start();
            try {
                AddressEndpointContext dest = new AddressEndpointContext(server.address(), "localhost", null);
                for (int round = 0; round < 2; round++) {
                    if (round == 1) client.forceResumeSessionFor(server.address());
                    byte[] msg = ("round " + round).getBytes(StandardCharsets.UTF_8);
                    client.send(RawData.outbound(msg, dest, ScandiumInteropTest.errorsTo(errors), false));
                    RawData echo = echoes.poll(ScandiumInteropTest.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                    assertThat(echo).as("echo %d; alerts %s; errors %s", round, alerts, errors).isNotNull();
                    assertThat(echo.getBytes()).isEqualTo(msg);
                }
                assertThat(resumed).containsExactly(false, true);
            } finally {
                client.destroy();
            }
        }
    }
}
