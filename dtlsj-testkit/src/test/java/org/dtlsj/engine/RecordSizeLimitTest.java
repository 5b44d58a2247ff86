package org.dtlsj.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.error.AlertDescription;
import org.dtlsj.error.Reason;
import org.dtlsj.testkit.EnginePair;
import org.dtlsj.testkit.LinkConditions;
import org.dtlsj.testkit.TestPki;
import org.dtlsj.testkit.hostile.HostilePeer;
import org.dtlsj.hostile.HostileServerCatalogTest;
import org.dtlsj.wire.ExtensionType;
import org.dtlsj.wire.ProtocolVersion;
import org.dtlsj.wire.extension.Extension;
import org.dtlsj.wire.extension.Extensions;
import org.dtlsj.wire.extension.RecordSizeLimit;
import org.dtlsj.wire.handshake.ServerHello;
import org.junit.jupiter.api.Test;

/** record_size_limit (RFC 8449). */
class RecordSizeLimitTest {
    static final long BUDGET = EnginePair.DEFAULT_BUDGET_NANOS;
    static final TestPki.Credential CRED = TestPki.ecdsaP256();

    @Test
    void eachSideSendsNoMoreThanTheOtherAccepts() {
        DtlsConfig server = DtlsConfig.builder().credentials(CRED.key(), CRED.chain()).recordSizeLimit(512).build();
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(CRED.root())).recordSizeLimit(200).build();
        EnginePair p = new EnginePair(client, server, LinkConditions.perfect(), LinkConditions.perfect(), 1);
        assertThat(p.handshake(BUDGET)).as(p.describe()).isTrue();
        DtlsConnection c = p.client.connection();
        DtlsConnection s = p.server.connection();
        assertThat(s.maxApplicationDataSize()).as("the server holds to the client's 200").isEqualTo(200);
        assertThat(c.maxApplicationDataSize()).as("the client holds to the server's 512").isEqualTo(512);
        assertThatThrownBy(() -> s.send(new byte[201], p.net.now())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("record_size_limit of 200");
        // The echo server answers each record with the same bytes: 200 from the client come back.
        c.send(new byte[200], p.net.now());
        p.net.runUntil(() -> !p.client.received().isEmpty(), BUDGET);
        assertThat(p.client.received().get(0)).hasSize(200);
        // Heartbeats are records too: padding that would pass 200 is refused.
        assertThat(s.sendHeartbeat(300, p.net.now())).isFalse();
    }

    @Test
    void withoutTheLimitsEverythingUpToTheMtuGoes() {
        DtlsConfig server = DtlsConfig.builder().credentials(CRED.key(), CRED.chain()).build();
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(CRED.root())).build();
        EnginePair p = new EnginePair(client, server, LinkConditions.perfect(), LinkConditions.perfect(), 2);
        assertThat(p.handshake(BUDGET)).isTrue();
        assertThat(p.server.connection().maxApplicationDataSize()).isGreaterThan(1100);
    }

    @Test
    void aRecordOverTheAdvertisedLimitIsDiscarded() {
        // A server that ignores the client's limit of 100: its 300-byte record is dropped, the
        // connection lives on (RFC 8449 §4: a DTLS endpoint MAY discard such a record).
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(CRED.root())).recordSizeLimit(100).build();
        HostileServerCatalogTest.Play p = new HostileServerCatalogTest.Play(client, CRED);
        p.send(p.s.serverHello(), p.s.certificate(), p.s.serverKeyExchange(), p.s.serverHelloDone());
        p.finish();
        assertThat(p.client.isConnected()).isTrue();
        long dropped = p.client.stats().droppedMalformed();
        p.send(p.s.applicationData(new byte[300]));
        assertThat(p.client.pollApplicationData()).isNull();
        assertThat(p.client.stats().droppedMalformed()).isEqualTo(dropped + 1);
        p.send(p.s.applicationData(new byte[100]));
        assertThat(p.client.pollApplicationData()).hasSize(100);
    }

    @Test
    void aServerLimitAboveTwoToTheFourteenIsIllegal() {
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(CRED.root())).build();
        HostileServerCatalogTest.Play p = new HostileServerCatalogTest.Play(client, CRED);
        ServerHello sh = new ServerHello(ProtocolVersion.DTLS_1_2, new byte[32], new byte[0], HostilePeer.DEFAULT_SUITE.id, 0,
                Extensions.of(List.of(Extension.of(ExtensionType.RECORD_SIZE_LIMIT, new RecordSizeLimit(20_000)))));
        HostilePeer.Received r = p.twice(p.s.serverHello(sh));
        p.assertFailed(Reason.ILLEGAL_PARAMETER, AlertDescription.ILLEGAL_PARAMETER, r);
    }
}
