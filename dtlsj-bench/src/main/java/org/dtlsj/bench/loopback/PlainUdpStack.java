package org.dtlsj.bench.loopback;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

/** Plain UDP echo, no DTLS: the ceiling that every echo figure is compared with. */
final class PlainUdpStack implements Stack {
    @Override
    public String name() {
        return "plain UDP";
    }

    @Override
    public EchoServer startServer(Setup setup) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        ch.bind(new InetSocketAddress("127.0.0.1", 0));
        Thread.ofPlatform().daemon(true).name("udp-echo").start(() -> {
            ByteBuffer b = ByteBuffer.allocateDirect(65_536);
            try {
                while (true) {
                    b.clear();
                    var from = ch.receive(b);
                    b.flip();
                    ch.send(b, from);
                }
            } catch (ClosedChannelException e) {
                // stopped
            } catch (IOException e) {
                // stopped
            }
        });
        InetSocketAddress address = (InetSocketAddress) ch.getLocalAddress();
        return EchoServer.of(address, () -> 0, () -> EchoServer.closeQuietly(ch));
    }

    @Override
    public Connection connect(InetSocketAddress server, Setup setup, InetAddress local) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(local, 0));
        socket.connect(server);
        return new Connection() {
            private final DatagramPacket packet = new DatagramPacket(new byte[0], 0);

            @Override
            public void send(byte[] data, int len) throws IOException {
                socket.send(new DatagramPacket(data, len));
            }

            @Override
            public int receive(byte[] buf, int timeoutMillis) throws IOException {
                socket.setSoTimeout(timeoutMillis);
                packet.setData(buf);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    return -1;
                }
                return packet.getLength();
            }

            @Override
            public void close() {
                socket.close();
            }

            @Override
            public void abandon() {
                socket.close();
            }
        };
    }
}
