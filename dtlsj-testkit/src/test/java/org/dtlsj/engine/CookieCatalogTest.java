package org.dtlsj.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import org.dtlsj.config.CookieSecrets;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.handshake.server.CookieExchange;
import org.dtlsj.testkit.EnginePair;
import org.dtlsj.testkit.TestPki;
import org.dtlsj.wire.WireWriter;
import org.junit.jupiter.api.Test;

/**
 * The cookie cases (C) of the security catalog ({@code shared/research/security-catalog.md}) that
 * {@link SecurityCatalogTest} and {@code SpoofedFloodTest} leave: forgery, parameter binding,
 * expiry and rotation on the server (RFC 6347 §4.2.1), and a client fed broken or endless
 * HelloVerifyRequests.
 */
class CookieCatalogTest {
    static final TestPki.Credential CRED = TestPki.ecdsaP256();
    static final byte[] ADDRESS = {127, 0, 0, 1, 0x10, 0x01};
    /** Offsets in a datagram holding one ClientHello record: record header 13, handshake header 12. */
    static final int VERSION_AT = 13 + 12;
    static final int RANDOM_AT = VERSION_AT + 2;
    static final int SESSION_ID_LENGTH_AT = RANDOM_AT + 32;
    static final long SECOND = 1_000_000_000L;

    static DtlsConfig serverWith(CookieSecrets secrets) {
        return EnginePair.configs(CRED)[1].toBuilder().cookieSecrets(secrets).build();
    }

    /** A fresh client's first ClientHello, answered by {@code server} at {@code now}; returns CH2. */
    static byte[] cookieHello(DtlsConnection client, DtlsConfig server, long now) {
        client.start(now);
        byte[] ch1 = client.pollDatagram();
        var hvr = (CookieExchange.Challenge) CookieExchange.inspect(ch1, 0, ch1.length, ADDRESS, server, now);
        client.receive(hvr.datagram(), now);
        return client.pollDatagram();
    }

    static DtlsConnection newClient() {
        return DtlsConnection.client(EnginePair.configs(CRED)[0], "localhost");
    }

    static CookieExchange.Verdict inspect(byte[] ch, DtlsConfig server, long now) {
        return CookieExchange.inspect(ch, 0, ch.length, ADDRESS, server, now);
    }

    static int cookieAt(byte[] ch) {
        return SESSION_ID_LENGTH_AT + 1 + (ch[SESSION_ID_LENGTH_AT] & 0xff) + 1;
    }

    @Test
    void C04_cookiesCannotBeForgedWithoutTheSecret() throws Exception {
        DtlsConfig a = serverWith(new CookieSecrets(new SecureRandom()));
        DtlsConfig b = serverWith(new CookieSecrets(new SecureRandom()));
        byte[] ch2 = cookieHello(newClient(), a, 0);
        assertThat(inspect(ch2, a, 0)).isInstanceOf(CookieExchange.Verified.class);
        // Another listener with its own secret does not take it.
        assertThat(inspect(ch2, b, 0)).isInstanceOf(CookieExchange.Challenge.class);
        // An unkeyed hash over what the cookie covers (CVE-2015-6925) is no cookie either,
        // for every generation byte an attacker might try.
        int at = cookieAt(ch2);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(ADDRESS);
        sha.update(ch2, VERSION_AT, at - 1 - VERSION_AT);
        byte[] hash = sha.digest();
        for (int gen = 0; gen < 256; gen++) {
            byte[] forged = ch2.clone();
            forged[at] = (byte) gen;
            System.arraycopy(hash, 0, forged, at + 1, CookieExchange.COOKIE_LENGTH - 1);
            assertThat(inspect(forged, a, 0)).isInstanceOf(CookieExchange.Challenge.class);
        }
        // The same forged bytes with an all-zero cookie.
        byte[] zeros = ch2.clone();
        Arrays.fill(zeros, at, at + CookieExchange.COOKIE_LENGTH, (byte) 0);
        assertThat(inspect(zeros, a, 0)).isInstanceOf(CookieExchange.Challenge.class);
    }

    @Test
    void C05_aCookieIsBoundToTheParametersOfTheFirstClientHello() {
        DtlsConfig server = serverWith(new CookieSecrets(new SecureRandom()));
        byte[] ch2 = cookieHello(newClient(), server, 0);
        assertThat(inspect(ch2, server, 0)).isInstanceOf(CookieExchange.Verified.class);
        // Another random.
        byte[] random = ch2.clone();
        random[RANDOM_AT + 7] ^= 0x40;
        assertThat(inspect(random, server, 0)).isInstanceOf(CookieExchange.Challenge.class);
        // Another client_version (DTLS 1.0 instead of 1.2).
        byte[] version = ch2.clone();
        version[VERSION_AT + 1] = (byte) 0xff;
        assertThat(inspect(version, server, 0)).isInstanceOf(CookieExchange.Challenge.class);
        // The same cipher suites in another order.
        byte[] suites = ch2.clone();
        int suitesAt = cookieAt(ch2) + CookieExchange.COOKIE_LENGTH + 2;
        assertThat(((ch2[suitesAt - 2] & 0xff) << 8) | (ch2[suitesAt - 1] & 0xff)).isGreaterThanOrEqualTo(4);
        byte s0 = suites[suitesAt];
        byte s1 = suites[suitesAt + 1];
        suites[suitesAt] = suites[suitesAt + 2];
        suites[suitesAt + 1] = suites[suitesAt + 3];
        suites[suitesAt + 2] = s0;
        suites[suitesAt + 3] = s1;
        assertThat(suites).isNotEqualTo(ch2);
        assertThat(inspect(suites, server, 0)).isInstanceOf(CookieExchange.Challenge.class);
    }

    @Test
    void C06_cookiesExpireButSurviveOneRotation() {
        CookieSecrets secrets = new CookieSecrets(new SecureRandom(), Duration.ofSeconds(10));
        DtlsConfig server = serverWith(secrets);
        byte[] ch2 = cookieHello(newClient(), server, 0);
        assertThat(inspect(ch2, server, 9 * SECOND)).isInstanceOf(CookieExchange.Verified.class);
        // Right after a rotation the previous secret still verifies (grace period).
        assertThat(inspect(ch2, server, 10 * SECOND)).isInstanceOf(CookieExchange.Verified.class);
        assertThat(inspect(ch2, server, 19 * SECOND)).isInstanceOf(CookieExchange.Verified.class);
        // Two rotations later it is expired.
        assertThat(inspect(ch2, server, 20 * SECOND)).isInstanceOf(CookieExchange.Challenge.class);

        // A server idle for many periods does not revive an old cookie either.
        CookieSecrets idle = new CookieSecrets(new SecureRandom(), Duration.ofSeconds(10));
        DtlsConfig idleServer = serverWith(idle);
        byte[] old = cookieHello(newClient(), idleServer, 0);
        assertThat(inspect(old, idleServer, 25 * SECOND)).isInstanceOf(CookieExchange.Challenge.class);
    }

    /** A HelloVerifyRequest record whose body is {@code body}, handshake message_seq 0, record seq 0. */
    static byte[] hvrDatagram(byte[] body, int declaredBodyLength) {
        WireWriter w = new WireWriter();
        w.u8(22).u8(254).u8(255).u16(0).u48(0).u16(12 + body.length);
        w.u8(3).u24(declaredBodyLength).u16(0).u24(0).u24(body.length).bytes(body);
        return w.toByteArray();
    }

    @Test
    void C10_brokenHelloVerifyRequestsAreNotReadPastTheirEnd() {
        DtlsConfig server = serverWith(new CookieSecrets(new SecureRandom()));
        byte[][] broken = {
            hvrDatagram(new byte[] {(byte) 254, (byte) 255}, 2),                   // body under 3 bytes
            hvrDatagram(new byte[] {(byte) 254, (byte) 255, 32, 1, 2, 3}, 6),      // cookie length past the body
            hvrDatagram(new byte[] {(byte) 254, (byte) 255, (byte) 255}, 3),       // cookie length 255, nothing after
        };
        for (byte[] hvr : broken) {
            DtlsConnection client = newClient();
            client.start(0);
            byte[] ch1 = client.pollDatagram();
            client.receive(hvr, 0);
            // Unauthenticated epoch-0 input: set aside, not fatal (a spoofer cannot kill the handshake),
            // and no second ClientHello goes out in answer to it.
            assertThat(client.status()).isEqualTo(DtlsConnection.Status.HANDSHAKING);
            assertThat(client.pollDatagram()).isNull();
            // The genuine server's HelloVerifyRequest still works afterwards.
            var real = (CookieExchange.Challenge) CookieExchange.inspect(ch1, 0, ch1.length, ADDRESS, server, 0);
            client.receive(real.datagram(), 0);
            byte[] ch2 = client.pollDatagram();
            assertThat(ch2).isNotNull();
            assertThat(inspect(ch2, server, 0)).isInstanceOf(CookieExchange.Verified.class);
        }
        // An empty cookie is well-formed but asks for nothing new: the client keeps its first
        // ClientHello (and its timer) instead of answering.
        DtlsConnection client = newClient();
        client.start(0);
        client.pollDatagram();
        client.receive(hvrDatagram(new byte[] {(byte) 254, (byte) 255, 0}, 3), 0);
        assertThat(client.status()).isEqualTo(DtlsConnection.Status.HANDSHAKING);
        assertThat(client.pollDatagram()).isNull();
    }

    @Test
    void C11_aClientAnswersOnlyABoundedNumberOfHelloVerifyRequests() {
        DtlsConnection client = newClient();
        client.start(0);
        client.pollDatagram();
        int answered = 0;
        long now = 0;
        for (int i = 0; i < 100; i++) {
            byte[] body = new byte[3 + 16];
            body[0] = (byte) 254;
            body[1] = (byte) 255;
            body[2] = 16;
            Arrays.fill(body, 3, body.length, (byte) (i + 1));
            // Each arrives twice, so the engine takes it as the server's genuine new word rather
            // than a corrupted copy of the HelloVerifyRequest it already answered.
            now = i * 100_000_000L;
            client.receive(hvrDatagram(body, body.length), now);
            client.receive(hvrDatagram(body, body.length), now);
            while (client.pollDatagram() != null) answered++;
        }
        // A server that keeps changing its cookie gets a handful of answers, not one per request:
        // no loop and no reflection; then the handshake timeout ends it.
        assertThat(answered).isBetween(1, 8);
        assertThat(client.status()).isEqualTo(DtlsConnection.Status.HANDSHAKING);
        long deadline = EnginePair.configs(CRED)[0].handshakeTimeout().toNanos();
        for (long t = now; t <= deadline + SECOND && client.status() == DtlsConnection.Status.HANDSHAKING; t += SECOND) {
            client.handleTimeout(t);
            while (client.pollDatagram() != null) answered++;
        }
        assertThat(client.status()).isEqualTo(DtlsConnection.Status.FAILED);
        assertThat(client.failure()).isNotNull();
    }

    @Test
    void C12_theCookieClientHelloRepeatsTheFirstAndEveryHandshakeHasAFreshRandom() {
        DtlsConfig server = serverWith(new CookieSecrets(new SecureRandom()));
        DtlsConnection client = newClient();
        client.start(0);
        byte[] ch1 = client.pollDatagram();
        var hvr = (CookieExchange.Challenge) CookieExchange.inspect(ch1, 0, ch1.length, ADDRESS, server, 0);
        client.receive(hvr.datagram(), 0);
        byte[] ch2 = client.pollDatagram();
        // Everything before the cookie (version, random, session_id) and after it (suites,
        // compression, extensions) is the same; only the cookie vector was filled in.
        int at = cookieAt(ch1);
        assertThat(ch1[at - 1]).isEqualTo((byte) 0);
        assertThat(Arrays.copyOfRange(ch2, VERSION_AT, at - 1)).isEqualTo(Arrays.copyOfRange(ch1, VERSION_AT, at - 1));
        int cookieLength = ch2[at - 1] & 0xff;
        assertThat(cookieLength).isEqualTo(CookieExchange.COOKIE_LENGTH);
        assertThat(Arrays.copyOfRange(ch2, at + cookieLength, ch2.length)).isEqualTo(Arrays.copyOfRange(ch1, at, ch1.length));
        // Fresh, non-zero randoms for each new handshake (CVE-2020-11501).
        byte[] r1 = Arrays.copyOfRange(ch1, RANDOM_AT, RANDOM_AT + 32);
        DtlsConnection other = newClient();
        other.start(0);
        byte[] o1 = other.pollDatagram();
        byte[] r2 = Arrays.copyOfRange(o1, RANDOM_AT, RANDOM_AT + 32);
        assertThat(r2).isNotEqualTo(r1);
        assertThat(r1).isNotEqualTo(new byte[32]);
        assertThat(Arrays.copyOfRange(r1, 4, 32)).isNotEqualTo(new byte[28]);
    }

    @Test
    void C16_theServerAnswersEachClientHelloOnceAndNeverMoreThanItReceived() {
        DtlsConfig server = serverWith(new CookieSecrets(new SecureRandom()));
        DtlsConnection client = newClient();
        client.start(0);
        byte[] ch1 = client.pollDatagram();
        // Stateless: each ClientHello copy earns exactly one HelloVerifyRequest, no larger than it,
        // and the same cookie within one secret generation.
        var a = (CookieExchange.Challenge) inspect(ch1, server, 0);
        var b = (CookieExchange.Challenge) inspect(ch1, server, SECOND);
        assertThat(a.datagram().length).isLessThanOrEqualTo(ch1.length);
        assertThat(b.datagram()).isEqualTo(a.datagram());
    }
}
