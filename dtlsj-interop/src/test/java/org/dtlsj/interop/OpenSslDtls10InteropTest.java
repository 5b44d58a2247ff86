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
import org.dtlsj.config.ClientAuth;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.interop.OpenSslProcesses.OpenSslCli;
import org.dtlsj.interop.peers.Credential;
import org.dtlsj.interop.peers.TestPki;
import org.dtlsj.wire.ProtocolVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DTLS 1.0 (RFC 4347) with {@code openssl -dtls1}, both roles, ECDSA and RSA, with client
 * authentication: OpenSSL 3 needs {@code @SECLEVEL=0} for it (RFC 8996 deprecates DTLS 1.0).
 */
class OpenSslDtls10InteropTest extends OpenSslFixture {




    static final List<ProtocolVersion> BOTH = List.of(ProtocolVersion.DTLS_1_2, ProtocolVersion.DTLS_1_0);

    @ParameterizedTest
    @ValueSource(strings = {"ECDHE-ECDSA-AES128-SHA", "ECDHE-RSA-AES256-SHA"})
    void dtlsjClientAgainstSServer(String cipher) throws Exception {
        String cred = cipher.contains("ECDSA") ? "ec-server" : "rsa-server";
        List<String> args = new ArrayList<>(List.of("-dtls1", "-naccept", "1",
                "-cert", dir.resolve(cred + "-cert.pem").toString(), "-key", dir.resolve(cred + "-key.pem").toString(),
                "-cipher", cipher + ":@SECLEVEL=0", "-Verify", "1", "-CAfile", dir.resolve("roots.pem").toString()));
        if (java.nio.file.Files.exists(dir.resolve(cred + "-chain.pem"))) {
            args.addAll(List.of("-cert_chain", dir.resolve(cred + "-chain.pem").toString()));
        }
        OpenSslCli server = sServer(args);
        Credential client = TestPki.ecClient();
        DtlsConfig config = DtlsConfig.builder().versions(BOTH).cipherSuites(List.of(CipherSuite.byName(cipher)))
                .trustAnchors(TestPki.roots()).credentials(client.key(), client.chain()).build();
        try (DtlsSession s = DtlsClient.connect(server.address(), config, "localhost")) {
            assertThat(s.info().version()).isEqualTo(ProtocolVersion.DTLS_1_0);
            assertThat(s.info().cipherSuite().opensslName).isEqualTo(cipher);
            s.send("over dtls 1.0\n".getBytes(StandardCharsets.US_ASCII));
            server.await("data", l -> l.equals("over dtls 1.0"));
            server.write("back\n");
            assertThat(new String(s.receive(OpenSslInteropTest.WAIT), StandardCharsets.US_ASCII)).isEqualTo("back\n");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ECDHE-ECDSA-AES256-SHA", "ECDHE-RSA-AES128-SHA"})
    void sClientAgainstDtlsjServer(String cipher) throws Exception {
        Credential cred = cipher.contains("ECDSA") ? TestPki.ecServer() : TestPki.rsaServer();
        List<DtlsSession> sessions = new CopyOnWriteArrayList<>();
        DtlsConfig config = DtlsConfig.builder().versions(BOTH).cipherSuites(List.of(CipherSuite.values()))
                .credentials(cred.key(), cred.chain()).trustAnchors(TestPki.roots()).clientAuth(ClientAuth.NEED).build();
        try (DtlsServer server = echoServer(config, sessions)) {
            OpenSslCli c = openssl("s_client", List.of("s_client", "-dtls1", "-connect", "127.0.0.1:" + server.address().getPort(),
                    "-CAfile", dir.resolve("roots.pem").toString(), "-cipher", cipher + ":@SECLEVEL=0",
                    "-cert", dir.resolve("ec-client-cert.pem").toString(), "-key", dir.resolve("ec-client-key.pem").toString()));
            c.await("verified", l -> l.trim().equals("Verify return code: 0 (ok)"));
            c.write("legacy echo\n");
            c.await("echo", l -> l.equals("legacy echo"));
            session(sessions, 0); // the server's handler may hear of the handshake a moment after the peer
            assertThat(sessions).hasSize(1);
            assertThat(sessions.get(0).info().version()).isEqualTo(ProtocolVersion.DTLS_1_0);
            assertThat(sessions.get(0).info().peerCertificates().get(0)).isEqualTo(TestPki.ecClient().leaf());
        }
    }
}
