package org.dtlsj.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import org.dtlsj.api.DtlsServer;
import org.dtlsj.engine.DtlsConnection;
import org.junit.jupiter.api.Test;

/**
 * Security catalog C-14 over a real socket: a peer address that already has an association
 * sends a ClientHello. RFC 6347 §4.2.8: an unverified one (anyone can spoof it) earns only a
 * HelloVerifyRequest and leaves the association alone; a client that proves the address with a
 * cookie and completes a new handshake replaces it.
 */
class ReconnectFromSameAddressTest {
    static final long BUDGET_NANOS = Duration.ofSeconds(20).toNanos();

    /** One engine talking through a plain UDP socket whose address the test controls. */
    static final class Wire {
        final DatagramSocket socket;
        final byte[] buffer = new byte[65_536];

        Wire(DatagramSocket socket) {
            this.socket = socket;
        }

        void flush(DtlsConnection c) throws IOException {
            for (byte[] d; (d = c.pollDatagram()) != null; ) socket.send(new DatagramPacket(d, d.length));
        }

        /** A datagram from the server, or null after {@code millis}. */
        byte[] receive(int millis) throws IOException {
            socket.setSoTimeout(millis);
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            return Arrays.copyOf(p.getData(), p.getLength());
        }

        /** Drives {@code c} (sending, receiving, timers) until {@code done}. */
        void pump(DtlsConnection c, BooleanSupplier done) throws IOException {
            long until = System.nanoTime() + BUDGET_NANOS;
            while (!done.getAsBoolean()) {
                assertThat(System.nanoTime()).as("still waiting: " + c.stateDescription()).isLessThan(until);
                flush(c);
                byte[] d = receive(50);
                if (d != null) c.receive(d, System.nanoTime());
                c.handleTimeout(System.nanoTime());
            }
            flush(c);
        }

        String echo(DtlsConnection c, String text) throws IOException {
            c.send(text.getBytes(StandardCharsets.UTF_8), System.nanoTime());
            byte[][] got = new byte[1][];
            pump(c, () -> (got[0] = c.pollApplicationData()) != null);
            return new String(got[0], StandardCharsets.UTF_8);
        }
    }

    @org.junit.jupiter.api.BeforeAll
    static void pki() {
        UdpTransportTest.pki();
    }

    @Test
    void C14_aSpoofedClientHelloLeavesTheAssociationAndAVerifiedOneReplacesIt() throws Exception {
        try (DtlsServer server = UdpTransportTest.echoServer(1, 10);
             DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.connect(server.address());
            Wire wire = new Wire(socket);
            DtlsConnection first = DtlsConnection.client(UdpTransportTest.clientConfig, "localhost");
            first.start(System.nanoTime());
            wire.pump(first, first::isConnected);
            assertThat(wire.echo(first, "before")).isEqualTo("before");

            // A ClientHello without a cookie from the same address and port: a HelloVerifyRequest only.
            DtlsConnection spoof = DtlsConnection.client(UdpTransportTest.clientConfig, "localhost");
            spoof.start(System.nanoTime());
            wire.flush(spoof);
            byte[] answer = wire.receive(5_000);
            assertThat(answer).isNotNull();
            assertThat(answer[13]).as("HelloVerifyRequest").isEqualTo((byte) 3);
            assertThat(wire.echo(first, "still here")).isEqualTo("still here");

            // A real new client on the same address: cookie, full handshake, and it takes over.
            DtlsConnection second = DtlsConnection.client(UdpTransportTest.clientConfig, "localhost");
            second.start(System.nanoTime());
            wire.pump(second, second::isConnected);
            assertThat(wire.echo(second, "after")).isEqualTo("after");
            // The old association's records no longer reach anything.
            first.send("old".getBytes(StandardCharsets.UTF_8), System.nanoTime());
            wire.flush(first);
            assertThat(wire.receive(300)).isNull();
            assertThat(wire.echo(second, "only the new one")).isEqualTo("only the new one");
        }
    }
}
