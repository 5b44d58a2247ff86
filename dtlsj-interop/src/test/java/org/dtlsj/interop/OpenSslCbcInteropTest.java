package org.dtlsj.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dtlsj.api.DtlsClient;
import org.dtlsj.api.DtlsServer;
import org.dtlsj.api.DtlsSession;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.interop.OpenSslProcesses.OpenSslCli;
import org.dtlsj.interop.peers.Credential;
import org.dtlsj.interop.peers.TestPki;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CBC suites with the OpenSSL command line, with encrypt-then-MAC (RFC 7366, OpenSSL's default)
 * and without ({@code s_client -no_etm}, or a dtlsj client that does not offer it), both roles.
 * The each-suite tests of {@link OpenSslInteropTest} cover every CBC suite with encrypt-then-MAC.
 */
class OpenSslCbcInteropTest extends OpenSslFixture {




    @ParameterizedTest(name = "encrypt-then-MAC {0}")
    @ValueSource(booleans = {true, false})
    void sClientAgainstDtlsjServer(boolean etm) throws Exception {
        Credential c = TestPki.ecServer();
        List<DtlsSession> sessions = new CopyOnWriteArrayList<>();
        DtlsConfig config = DtlsConfig.builder().credentials(c.key(), c.chain()).cipherSuites(List.of(CipherSuite.values())).build();
        try (DtlsServer server = echoServer(config, sessions)) {
            List<String> args = new ArrayList<>(List.of("s_client", "-dtls1_2", "-connect", "127.0.0.1:" + server.address().getPort(),
                    "-CAfile", dir.resolve("roots.pem").toString(), "-cipher", "ECDHE-ECDSA-AES128-SHA256"));
            if (!etm) args.add("-no_etm");
            OpenSslCli client = openssl("s_client", args);
            client.await("verified", l -> l.trim().equals("Verify return code: 0 (ok)"));
            for (int n : new int[] {1, 15, 16, 17, 700}) {
                String line = "m".repeat(n);
                client.write(line + "\n");
                client.await("echo of " + n, l -> l.equals(line));
            }
            session(sessions, 0); // the server's handler may hear of the handshake a moment after the peer
            assertThat(sessions).hasSize(1);
            assertThat(sessions.get(0).info().encryptThenMac()).isEqualTo(etm);
        }
    }

    @ParameterizedTest(name = "encrypt-then-MAC {0}")
    @ValueSource(booleans = {true, false})
    void dtlsjClientAgainstSServer(boolean etm) throws Exception {
        OpenSslCli server = sServer(List.of("-dtls1_2", "-naccept", "1", "-cert", file("ec-server-cert.pem"),
                "-key", file("ec-server-key.pem"), "-cipher", "ECDHE-ECDSA-AES256-SHA"));
        DtlsConfig config = DtlsConfig.builder().trustAnchors(TestPki.roots()).encryptThenMac(etm)
                .cipherSuites(List.of(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA)).build();
        try (DtlsSession s = DtlsClient.connect(server.address(), config, "localhost")) {
            assertThat(s.info().encryptThenMac()).isEqualTo(etm);
            for (int n : new int[] {1, 31, 32, 33, 900}) {
                String line = "k".repeat(n);
                s.send((line + "\n").getBytes(StandardCharsets.US_ASCII));
                server.await("line of " + n, l -> l.equals(line));
            }
            server.write("from openssl\n");
            assertThat(new String(s.receive(OpenSslInteropTest.WAIT), StandardCharsets.US_ASCII)).isEqualTo("from openssl\n");
        }
    }
}
