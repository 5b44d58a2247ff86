package org.dtlsj.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.dtlsj.examples.SeedSctpClient;
import org.dtlsj.examples.SeedSctpServer;
import org.dtlsj.interop.peers.TestPki;
import org.dtlsj.sctp.usrsctp.UsrsctpStack;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's SCTP examples (dtlsj-examples) run over usrsctp: the notification callback with its
 * context, the client choosing each message's stream with sndinfo, the server reading rcvinfo and
 * answering on the same stream. CI installs libusrsctp2 and sets DTLSJ_REQUIRE_USRSCTP=1, so
 * there this cannot skip.
 */
class SeedSctpExamplesTest {
    @TempDir
    static Path dir;
    static Path cert;
    static Path key;
    static Path ca;

    @BeforeAll
    static void pem() throws IOException {
        if (!UsrsctpStack.isAvailable()) {
            String why = UsrsctpStack.unavailableReason();
            if ("1".equals(System.getenv("DTLSJ_REQUIRE_USRSCTP"))) throw new AssertionError("DTLSJ_REQUIRE_USRSCTP=1 but " + why);
            Assumptions.abort("SCTP examples skipped: " + why);
        }
        cert = dir.resolve("server-chain.pem");
        key = dir.resolve("server-key.pem");
        ca = dir.resolve("roots.pem");
        TestPki.writeCertChainPem(cert, TestPki.ecServer().chain());
        TestPki.writePkcs8KeyPem(key, TestPki.ecServer().key());
        TestPki.writeCertChainPem(ca, TestPki.roots());
    }

    @Test
    void seedSctpClientAndServer() throws Exception {
        try (SeedSctpServer server = new SeedSctpServer(0, cert, key)) {
            Thread.ofPlatform().daemon(true).start(server::serve);
            List<String> answers = SeedSctpClient.exchange(server.port(), ca, List.of("one", "two", "three", "four"), 3);
            // Each answer came back on the stream the message went on, with its PPID.
            assertThat(answers).containsExactly("1/101: one", "2/102: two", "3/103: three", "1/101: four");
            assertThat(server.served).containsExactly("1/101/unordered: one", "2/102/ordered: two", "3/103/unordered: three",
                    "1/101/unordered: four");
            // The notification callback ran with the SSL as its context (association up, sender dry, AUTH keys).
            assertThat(server.notifications).isNotEmpty();
        }
    }
}
