package org.dtlsj.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.error.AlertDescription;
import org.dtlsj.error.Reason;
import org.dtlsj.testkit.EnginePair;
import org.dtlsj.testkit.LinkConditions;
import org.dtlsj.testkit.TestPki;
import org.junit.jupiter.api.Test;

/** ALPN (RFC 7301) and keying material exporters (RFC 5705), engine to engine. */
class AlpnAndExporterTest {
    static final long BUDGET = EnginePair.DEFAULT_BUDGET_NANOS;
    static final TestPki.Credential CRED = TestPki.ecdsaP256();

    static EnginePair run(List<String> client, List<String> server) {
        DtlsConfig s = DtlsConfig.builder().credentials(CRED.key(), CRED.chain()).applicationProtocols(server).build();
        DtlsConfig c = DtlsConfig.builder().trustAnchors(List.of(CRED.root())).applicationProtocols(client).build();
        EnginePair p = new EnginePair(c, s, LinkConditions.perfect(), LinkConditions.perfect(), 1);
        p.handshake(BUDGET);
        p.settle(BUDGET);
        return p;
    }

    @Test
    void theServersPreferenceAmongWhatTheClientOffers() {
        EnginePair p = run(List.of("coap", "h2", "mqtt"), List.of("mqtt", "h2"));
        assertThat(p.client.connection().session().applicationProtocol()).isEqualTo("mqtt");
        assertThat(p.server.connection().session().applicationProtocol()).isEqualTo("mqtt");
    }

    @Test
    void nothingInCommonIsNoApplicationProtocol() {
        EnginePair p = run(List.of("coap"), List.of("h2"));
        assertThat(p.server.connection().failure().reason()).isEqualTo(Reason.NO_APPLICATION_PROTOCOL);
        assertThat(p.client.connection().failure().peerAlert()).isEqualTo(AlertDescription.NO_APPLICATION_PROTOCOL);
    }

    @Test
    void withoutAlpnOnEitherSideNoneIsAgreed() {
        assertThat(run(List.of("coap"), List.of()).client.connection().session().applicationProtocol()).isNull();
        assertThat(run(List.of(), List.of("coap")).server.connection().session().applicationProtocol()).isNull();
    }

    @Test
    void bothSidesExportTheSameKeyingMaterial() {
        EnginePair p = run(List.of(), List.of());
        DtlsConnection c = p.client.connection();
        DtlsConnection s = p.server.connection();
        byte[] ctx = "context".getBytes(StandardCharsets.UTF_8);
        assertThat(c.exportKeyingMaterial("EXPERIMENTAL dtlsj", ctx, 32)).isEqualTo(s.exportKeyingMaterial("EXPERIMENTAL dtlsj", ctx, 32));
        assertThat(c.exportKeyingMaterial("EXPERIMENTAL dtlsj", null, 20)).isEqualTo(s.exportKeyingMaterial("EXPERIMENTAL dtlsj", null, 20));
        // RFC 5705 §4: no context and an empty context are different inputs; so are labels.
        assertThat(c.exportKeyingMaterial("EXPERIMENTAL dtlsj", null, 20)).isNotEqualTo(c.exportKeyingMaterial("EXPERIMENTAL dtlsj", new byte[0], 20));
        assertThat(c.exportKeyingMaterial("EXPERIMENTAL a", null, 20)).isNotEqualTo(c.exportKeyingMaterial("EXPERIMENTAL b", null, 20));
        assertThatThrownBy(() -> c.exportKeyingMaterial("key expansion", null, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DtlsConnection.client(DtlsConfig.builder().build(), "x").exportKeyingMaterial("EXPERIMENTAL", null, 1))
                .isInstanceOf(IllegalStateException.class);
    }
}
