package org.dtlsj.interop;

import java.util.List;
import org.dtlsj.api.DtlsClient;
import org.dtlsj.api.DtlsSession;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.interop.OpenSslProcesses.OpenSslCli;
import org.dtlsj.interop.peers.TestPki;
import org.junit.jupiter.api.Test;

class ScratchRenegTest extends OpenSslFixture {
    @Test
    void scratch() throws Exception {
        OpenSslCli server = sServer(List.of("-dtls1_2", "-naccept", "1", "-cert", file("ec-server-cert.pem"), "-key", file("ec-server-key.pem"), "-client_renegotiation", "-msg", "-state"));
        DtlsConfig config = DtlsConfig.builder().trustAnchors(TestPki.roots()).tracer(new org.dtlsj.engine.Tracer() {
            @Override public void handshake(Direction d, org.dtlsj.wire.HandshakeType t, int ms, int len) { System.err.println("DBG " + d + " " + t + " seq=" + ms + " len=" + len); }
            @Override public void record(Direction d, org.dtlsj.wire.ContentType t, int ep, long sq, int len) { System.err.println("DBG rec " + d + " " + t + " e=" + ep + " s=" + sq + " len=" + len); }
            @Override public void event(String e) { System.err.println("DBG " + e); }
        }).build();
        try (DtlsSession s = DtlsClient.connect(server.address(), config, "localhost")) {
            try { s.renegotiate().get(5, java.util.concurrent.TimeUnit.SECONDS); } catch (Exception e) { System.err.println("DBG " + e); }
            Thread.sleep(500);
            System.err.println(server.transcript());
        }
    }
}
