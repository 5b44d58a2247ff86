package org.dtlsj.bench.loopback;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.dtlsj.testkit.TestPki;

/**
 * One implementation measured over loopback UDP: an echo server, and a client of that same
 * implementation. Every stack runs the reference configuration of {@link Setup}.
 */
interface Stack {
    /** The name printed in the table. */
    String name();

    /** An echo server on 127.0.0.1 at a free port: each application datagram goes back unchanged. */
    EchoServer startServer(Setup setup) throws Exception;

    /** A new client socket and a full handshake with {@code server}; returns once data can flow. */
    default Connection connect(InetSocketAddress server, Setup setup) throws Exception {
        return connect(server, setup, LOOPBACK);
    }

    /**
     * A new client socket bound to {@code local} (any port) and a full handshake with {@code server}.
     * The idle-heap figure gives every held connection an address of its own in 127/8: an abandoned
     * client's port may be handed to the next socket, whose ClientHello would then reach the
     * server's old connection for that address instead of a new one.
     */
    Connection connect(InetSocketAddress server, Setup setup, InetAddress local) throws Exception;

    /**
     * A connection to hold idle and then {@link Connection#abandon() abandon}; by default the same
     * as {@link #connect}. A stack whose client cannot leave without close_notify makes its own.
     */
    default Connection connectToHold(InetSocketAddress server, Setup setup, InetAddress local) throws Exception {
        return connect(server, setup, local);
    }

    /** 127.0.0.1, where everything but the held idle connections lives. */
    InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /**
     * The reference configuration: TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, an ECDSA P-256
     * certificate checked against its root, DTLS 1.2, cookie exchange on (where a server can turn
     * it off, it stays on), at most {@code mtu} bytes of UDP payload per datagram.
     *
     * @param group the key exchange group: "secp256r1" or "x25519"
     */
    record Setup(TestPki.Credential credential, String group, int mtu) {
        static final String SUITE = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
        static final int SUITE_ID = 0xC02B;
        /** 1500-byte Ethernet less IPv4 and UDP headers: room for a 1,400-byte echo in one record. */
        static final int DEFAULT_MTU = 1472;

        /**
         * The groups a client offers: the key exchange group first, and secp256r1 in any case,
         * since a TLS 1.2 client lists the curve of the server's ECDSA certificate (RFC 8422 §5.1)
         * and some stacks refuse the certificate otherwise.
         */
        List<String> offeredGroups() {
            return group.equals("secp256r1") ? List.of("secp256r1") : List.of(group, "secp256r1");
        }
    }

    /** A running echo server. */
    interface EchoServer extends AutoCloseable {
        InetSocketAddress address();

        /** Connections the server holds now (handshaking or established), or -1 if it cannot say. */
        int connections();

        @Override
        void close();

        /** An echo server at {@code address} that counts with {@code connections} and stops with {@code close}. */
        static EchoServer of(InetSocketAddress address, java.util.function.IntSupplier connections, Runnable close) {
            return new EchoServer() {
                @Override
                public InetSocketAddress address() {
                    return address;
                }

                @Override
                public int connections() {
                    return connections.getAsInt();
                }

                @Override
                public void close() {
                    close.run();
                }
            };
        }

        /** Closes {@code channel}, which stops the server thread reading it. */
        static void closeQuietly(java.nio.channels.DatagramChannel channel) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    /** A client's established connection; used from one thread. */
    interface Connection extends AutoCloseable {
        /** Sends {@code data[0, len)} as one application datagram. */
        void send(byte[] data, int len) throws IOException;

        /** The next application datagram, into {@code buf}; its length, or -1 after {@code timeoutMillis}. */
        int receive(byte[] buf, int timeoutMillis) throws IOException;

        /** Ends the connection with close_notify where the stack sends one. */
        @Override
        void close();

        /**
         * Drops the client without telling the server (no close_notify): the server keeps the
         * connection as an idle peer, which is what the idle-heap figure counts.
         */
        void abandon();

        /** {@code d} copied into {@code buf}: its length, or -1 for null (nothing came in time). */
        static int copyOut(byte[] d, byte[] buf) {
            if (d == null) return -1;
            System.arraycopy(d, 0, buf, 0, d.length);
            return d.length;
        }
    }
}
