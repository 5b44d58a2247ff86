package org.dtlsj.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.testkit.EngineEndpoint;
import org.dtlsj.testkit.LinkConditions;
import org.dtlsj.testkit.SimNetwork;
import org.dtlsj.testkit.TestPki;
import org.junit.jupiter.api.Test;

class HandshakeSmokeTest {
    @Test
    void ecdsaHandshakeAndEcho() {
        TestPki.Credential cred = TestPki.ecdsaP256();
        DtlsConfig server = DtlsConfig.builder().credentials(cred.key(), cred.chain()).build();
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(cred.root())).build();
        EngineEndpoint c = new EngineEndpoint(DtlsConnection.client(client, "localhost"));
        EngineEndpoint s = new EngineEndpoint(DtlsConnection.server(server, new byte[] {1, 2, 3, 4})).echo(true);
        SimNetwork net = new SimNetwork(c, s, LinkConditions.perfect(), 1);
        c.connection().start(net.now());
        boolean done = net.runUntil(() -> c.connection().isConnected() && s.connection().isConnected(), 10_000_000_000L);
        assertThat(c.connection().failure()).isNull();
        assertThat(s.connection().failure()).isNull();
        assertThat(done).isTrue();
        c.connection().send("hello".getBytes(), net.now());
        net.runUntil(() -> !c.received().isEmpty(), 1_000_000_000L);
        assertThat(new String(c.received().get(0))).isEqualTo("hello");
    }
}
