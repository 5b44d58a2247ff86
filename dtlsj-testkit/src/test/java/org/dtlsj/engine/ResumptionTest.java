package org.dtlsj.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.session.ResumableSession;
import org.dtlsj.session.ServerSessionCache;
import org.dtlsj.session.TicketKeys;
import org.dtlsj.testkit.EnginePair;
import org.dtlsj.testkit.LinkConditions;
import org.dtlsj.testkit.TestPki;
import org.junit.jupiter.api.Test;

/** Session resumption (RFC 5246 §7.3) by session ID and by ticket (RFC 5077), engine to engine. */
class ResumptionTest {
    static final long BUDGET = EnginePair.DEFAULT_BUDGET_NANOS;
    static final TestPki.Credential CRED = TestPki.ecdsaP256();
    static final byte[] FIRST_ADDRESS = {10, 0, 0, 1, 0x30, 0x39};
    static final byte[] NEW_ADDRESS = {10, 0, 0, 99, (byte) 0xd4, 0x31};

    static DtlsConfig server(boolean tickets) {
        return DtlsConfig.builder().credentials(CRED.key(), CRED.chain()).sessionTickets(tickets).build();
    }

    static DtlsConfig client(boolean tickets) {
        return DtlsConfig.builder().trustAnchors(List.of(CRED.root())).sessionTickets(tickets).build();
    }

    /** A full or resumed handshake of a client config against a server config; returns the pair. */
    static EnginePair connect(DtlsConfig client, DtlsConfig server, ResumableSession session, byte[] address,
                              LinkConditions link, long seed) {
        EnginePair p = new EnginePair(DtlsConnection.client(client, "localhost", session), server, address, link, link, seed);
        assertThat(p.handshake(BUDGET)).as(p.describe()).isTrue();
        if (link.lossRate() == 0) {
            p.client.connection().send("after".getBytes(StandardCharsets.UTF_8), p.net.now());
            p.net.runUntil(() -> !p.client.received().isEmpty(), BUDGET);
            assertThat(p.client.received().get(0)).isEqualTo("after".getBytes(StandardCharsets.UTF_8));
        }
        return p;
    }

    static void assertResumed(EnginePair p, boolean resumed) {
        assertThat(p.client.connection().session().resumed()).isEqualTo(resumed);
        assertThat(p.server.connection().session().resumed()).isEqualTo(resumed);
        // A resumed connection reports the peer of the session it resumed.
        assertThat(p.client.connection().session().peerCertificates()).isEqualTo(CRED.chain());
    }

    @Test
    void bySessionIdFromTheServersCache() {
        DtlsConfig server = server(false);
        DtlsConfig client = client(false);
        EnginePair first = connect(client, server, null, FIRST_ADDRESS, LinkConditions.perfect(), 1);
        assertResumed(first, false);
        ResumableSession s = first.client.connection().resumableSession();
        assertThat(s).isNotNull();
        assertThat(s.sessionId()).hasSize(32);
        assertThat(s.ticket()).isNull();
        assertThat(server.sessionCache().size()).isEqualTo(1);

        List<org.dtlsj.wire.HandshakeType> sent = new java.util.ArrayList<>();
        DtlsConfig traced = server.toBuilder().tracer(new Tracer() {
            @Override
            public void handshake(Direction d, org.dtlsj.wire.HandshakeType type, int messageSeq, int length) {
                if (d == Direction.SENT) sent.add(type);
            }
        }).build();
        EnginePair again = connect(client, traced, s, FIRST_ADDRESS, LinkConditions.perfect(), 2);
        assertResumed(again, true);
        // RFC 5246 §7.3: ServerHello, then straight to ChangeCipherSpec and Finished.
        assertThat(sent).containsExactly(org.dtlsj.wire.HandshakeType.SERVER_HELLO, org.dtlsj.wire.HandshakeType.FINISHED);
        assertThat(again.client.connection().session().cipherSuite()).isEqualTo(s.cipherSuite());
        assertThat(again.client.connection().resumableSession().sessionId()).isEqualTo(s.sessionId());
    }

    @Test
    void byTicketWithNothingKeptOnTheServer() {
        DtlsConfig server = DtlsConfig.builder().credentials(CRED.key(), CRED.chain()).sessionCache(null).build();
        DtlsConfig client = client(true);
        EnginePair first = connect(client, server, null, FIRST_ADDRESS, LinkConditions.perfect(), 3);
        ResumableSession s = first.client.connection().resumableSession();
        assertThat(s.ticket()).isNotEmpty();
        assertThat(s.sessionId()).as("RFC 5077: no session ID needed with a ticket").isEmpty();

        EnginePair again = connect(client, server, s, NEW_ADDRESS, LinkConditions.perfect(), 4);
        assertResumed(again, true);
        ResumableSession renewed = again.client.connection().resumableSession();
        assertThat(renewed.ticket()).as("a fresh ticket on resumption").isNotEqualTo(s.ticket());
        // The renewed ticket resumes too.
        assertResumed(connect(client, server, renewed, NEW_ADDRESS, LinkConditions.perfect(), 5), true);
    }

    @Test
    void aTicketFromAnotherServerOrAFalsifiedOneGetsAFullHandshake() {
        DtlsConfig issuer = server(true);
        DtlsConfig other = DtlsConfig.builder().credentials(CRED.key(), CRED.chain())
                .ticketKeys(new TicketKeys(new SecureRandom())).build();
        DtlsConfig client = client(true);
        ResumableSession s = connect(client, issuer, null, FIRST_ADDRESS, LinkConditions.perfect(), 6).client.connection().resumableSession();
        assertResumed(connect(client, other, s, FIRST_ADDRESS, LinkConditions.perfect(), 7), false);

        byte[] bad = s.ticket();
        bad[bad.length - 1] ^= 1;
        ResumableSession forged = new ResumableSession(s.sessionId(), bad, 7200, "localhost", s.state());
        EnginePair p = connect(client, issuer, forged, FIRST_ADDRESS, LinkConditions.perfect(), 8);
        assertResumed(p, false);
    }

    /** Security catalog S-23: a valid session ID with other parameters, only after the cookie verified. */
    @Test
    void S23_aSessionWhoseSuiteIsNoLongerOfferedGetsAFullHandshakeBehindTheCookie() {
        DtlsConfig server = server(false);
        assertThat(server.cookieExchange()).as("resumption, like everything, waits for the cookie").isTrue();
        DtlsConfig client = client(false);
        ResumableSession s = connect(client, server, null, FIRST_ADDRESS, LinkConditions.perfect(), 9).client.connection().resumableSession();
        CipherSuite other = s.cipherSuite() == CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
                ? CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 : CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384;
        DtlsConfig narrower = client.toBuilder().cipherSuites(List.of(other)).build();
        EnginePair p = connect(narrower, server, s, FIRST_ADDRESS, LinkConditions.perfect(), 10);
        assertResumed(p, false);
        assertThat(p.client.connection().session().cipherSuite()).isEqualTo(other);
    }

    @Test
    void anExpiredOrEvictedSessionGetsAFullHandshake() {
        DtlsConfig server = DtlsConfig.builder().credentials(CRED.key(), CRED.chain()).sessionTickets(false)
                .sessionCache(new ServerSessionCache(1, Duration.ofHours(1))).build();
        DtlsConfig client = client(false);
        ResumableSession a = connect(client, server, null, FIRST_ADDRESS, LinkConditions.perfect(), 11).client.connection().resumableSession();
        ResumableSession b = connect(client, server, null, FIRST_ADDRESS, LinkConditions.perfect(), 12).client.connection().resumableSession();
        assertThat(server.sessionCache().size()).as("bounded").isEqualTo(1);
        assertResumed(connect(client, server, b, FIRST_ADDRESS, LinkConditions.perfect(), 13), true);
        assertResumed(connect(client, server, a, FIRST_ADDRESS, LinkConditions.perfect(), 14), false);
    }

    @Test
    void aServerWithoutCacheOrTicketsOffersNothingToResume() {
        DtlsConfig server = DtlsConfig.builder().credentials(CRED.key(), CRED.chain()).sessionTickets(false).sessionCache(null).build();
        EnginePair p = connect(client(true), server, null, FIRST_ADDRESS, LinkConditions.perfect(), 15);
        assertThat(p.client.connection().resumableSession()).isNull();
    }

    @Test
    void pskSessionsResumeWithTheirIdentity() {
        byte[] id = "node-3".getBytes(StandardCharsets.UTF_8);
        byte[] key = new byte[16];
        DtlsConfig server = DtlsConfig.builder().psk(id, key).cipherSuites(List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8)).build();
        DtlsConfig client = DtlsConfig.builder().psk(id, key).cipherSuites(List.of(CipherSuite.TLS_PSK_WITH_AES_128_CCM_8)).build();
        EnginePair first = new EnginePair(DtlsConnection.client(client, null), server, FIRST_ADDRESS,
                LinkConditions.perfect(), LinkConditions.perfect(), 16);
        assertThat(first.handshake(BUDGET)).isTrue();
        EnginePair again = new EnginePair(DtlsConnection.client(client, null, first.client.connection().resumableSession()),
                server, NEW_ADDRESS, LinkConditions.perfect(), LinkConditions.perfect(), 17);
        assertThat(again.handshake(BUDGET)).as(again.describe()).isTrue();
        assertThat(again.server.connection().session().resumed()).isTrue();
        assertThat(again.server.connection().session().pskIdentity()).isEqualTo(id);
    }

    @Test
    void resumesFromANewAddressUnderTwentyPercentLoss() {
        Duration patient = Duration.ofMinutes(10);
        for (boolean tickets : new boolean[] {true, false}) {
            DtlsConfig server = server(tickets).toBuilder().handshakeTimeout(patient).build();
            DtlsConfig client = client(tickets).toBuilder().handshakeTimeout(patient).build();
            ResumableSession s = connect(client, server, null, FIRST_ADDRESS, LinkConditions.perfect(), 18)
                    .client.connection().resumableSession();
            LinkConditions lossy = LinkConditions.builder().lossRate(0.2).reorderRate(0.1).build();
            for (long seed = 0; seed < 100; seed++) {
                EnginePair p = connect(client, server, s, NEW_ADDRESS, lossy, seed);
                assertThat(p.client.connection().session().resumed()).as("seed %d, tickets %s", seed, tickets).isTrue();
                p.settle(BUDGET);
                assertThat(p.server.connection().isConnected()).as("seed %d: %s", seed, p.describe()).isTrue();
            }
        }
    }
}
