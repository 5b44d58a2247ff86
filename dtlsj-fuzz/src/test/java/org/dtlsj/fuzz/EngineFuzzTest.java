package org.dtlsj.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.engine.DtlsConnection;
import org.dtlsj.handshake.server.CookieExchange;
import org.dtlsj.testkit.EnginePair;
import org.dtlsj.testkit.TestPki;

/**
 * The engine against arbitrary datagrams in each place a network attacker can reach it (RFC 6347
 * §4.1.2.7: invalid records are dropped). The oracles: nothing throws; no datagram exceeds the
 * MTU; an attacker without keys never completes a handshake, never stops an established
 * connection from carrying data, and never gets past the cookie check.
 */
class EngineFuzzTest {
    static final TestPki.Credential CRED = TestPki.ecdsaP256();
    static final DtlsConfig CLIENT = EnginePair.configs(CRED)[0];
    static final DtlsConfig SERVER = EnginePair.configs(CRED)[1];
    static final DtlsConfig SERVER_NO_COOKIE = SERVER.toBuilder().cookieExchange(false).build();
    static final byte[] ADDRESS = {127, 0, 0, 1, 0x10, 0x01};
    static final byte[] DATA = "still carries data".getBytes(StandardCharsets.UTF_8);

    /** A client and a server passing datagrams by hand. */
    static final class Pair {
        final DtlsConnection client = DtlsConnection.client(CLIENT, "localhost");
        final DtlsConnection server = DtlsConnection.server(SERVER_NO_COOKIE, ADDRESS);
        long now;

        Pair() {
            client.start(now);
        }

        List<byte[]> drain(DtlsConnection c) {
            List<byte[]> out = new ArrayList<>();
            for (byte[] d; (d = c.pollDatagram()) != null; ) {
                assertThat(d.length).isLessThanOrEqualTo(CLIENT.mtu());
                out.add(d);
            }
            return out;
        }

        void shuttle(int rounds) {
            for (int i = 0; i < rounds; i++) {
                for (byte[] d : drain(client)) server.receive(d, now);
                for (byte[] d : drain(server)) client.receive(d, now);
            }
        }

        /** Runs both sides, timers included, until both are connected, one failed, or the handshake timeout passed. */
        void finish() {
            long retransmit = CLIENT.initialRetransmit().toNanos();
            long end = now + CLIENT.handshakeTimeout().toNanos() + 2 * retransmit;
            while (now < end && !(client.isConnected() && server.isConnected())
                    && client.status() != DtlsConnection.Status.FAILED && server.status() != DtlsConnection.Status.FAILED) {
                shuttle(3);
                if (client.isConnected() && server.isConnected()) break;
                now += retransmit;
                client.handleTimeout(now);
                server.handleTimeout(now);
            }
            shuttle(1);
        }

        void feed(DtlsConnection to, byte[] input) {
            for (byte[] d : Datagrams.split(input)) {
                to.receive(d, now);
                drain(to);
            }
        }

        String describe() {
            return "client: " + client.stateDescription() + " " + client.failure() + " " + client.stats()
                    + " / server: " + server.stateDescription() + " " + server.failure() + " " + server.stats();
        }

        /**
         * After forged input during a handshake: either both sides completed and agree on keys, or
         * the handshake ended with a stated reason on a side — never a half-open pair that looks
         * connected on one side only while the other still waits, and never an exception.
         */
        void assertCompletedOrFailedCleanly() {
            if (client.isConnected() && server.isConnected()) {
                assertCarriesData();
                return;
            }
            boolean failed = client.status() == DtlsConnection.Status.FAILED || server.status() == DtlsConnection.Status.FAILED;
            assertThat(failed).as("neither completed nor failed: %s", describe()).isTrue();
            if (client.status() == DtlsConnection.Status.FAILED) assertThat(client.failure().reason()).isNotNull();
            if (server.status() == DtlsConnection.Status.FAILED) assertThat(server.failure().reason()).isNotNull();
        }

        void assertCarriesData() {
            assertThat(client.isConnected()).as("client %s", describe()).isTrue();
            assertThat(server.isConnected()).as("server %s", describe()).isTrue();
            client.send(DATA, now);
            for (byte[] d : drain(client)) server.receive(d, now);
            assertThat(server.pollApplicationData()).isEqualTo(DATA);
            server.send(DATA, now);
            for (byte[] d : drain(server)) client.receive(d, now);
            assertThat(client.pollApplicationData()).isEqualTo(DATA);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void establishedConnectionsSurviveAnyDatagram(byte[] input) {
        Pair p = new Pair();
        p.shuttle(3);
        p.feed(p.server, input);
        p.feed(p.client, input);
        // Without keys nothing can close, fail or disturb it: every record was dropped or ignored.
        while (p.server.pollApplicationData() != null) { /* only authentic data could be here */ }
        p.assertCarriesData();
    }

    @FuzzTest(maxDuration = "30s")
    void aServerMidHandshakeNeverCompletesOnForgedInput(byte[] input) {
        Pair p = new Pair();
        for (byte[] d : p.drain(p.client)) p.server.receive(d, p.now);
        List<byte[]> flight = p.drain(p.server);
        p.feed(p.server, input);
        assertThat(p.server.isConnected()).isFalse();
        if (p.server.status() == DtlsConnection.Status.FAILED) {
            assertThat(p.server.failure()).isNotNull();
            return;
        }
        // Still handshaking: the genuine client can finish.
        for (byte[] d : flight) p.client.receive(d, p.now);
        p.finish();
        p.assertCompletedOrFailedCleanly();
    }

    @FuzzTest(maxDuration = "30s")
    void aClientAwaitingTheServerNeverCompletesOnForgedInput(byte[] input) {
        Pair p = new Pair();
        List<byte[]> hello = p.drain(p.client);
        p.feed(p.client, input);
        assertThat(p.client.isConnected()).isFalse();
        if (p.client.status() == DtlsConnection.Status.FAILED) {
            assertThat(p.client.failure()).isNotNull();
            return;
        }
        for (byte[] d : hello) p.server.receive(d, p.now);
        p.finish();
        p.assertCompletedOrFailedCleanly();
    }

    @FuzzTest(maxDuration = "30s")
    void theCookieCheckIsNeverPassedByForgedInput(byte[] input) {
        for (byte[] d : Datagrams.split(input)) {
            CookieExchange.Verdict v = CookieExchange.inspect(d, 0, d.length, ADDRESS, SERVER, 0);
            assertThat(v).isNotInstanceOf(CookieExchange.Verified.class);
            if (v instanceof CookieExchange.Challenge c) assertThat(c.datagram().length).isLessThanOrEqualTo(d.length);
        }
    }
}
