package org.dtlsj.bench.loopback;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Vector;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSRequest;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DTLSVerifier;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * Bouncy Castle's DTLS ({@link DTLSServerProtocol} / {@link DTLSClientProtocol}) with
 * {@link JcaTlsCrypto} on the Bouncy Castle JCA provider, the usual pairing. BC's DTLS API is one
 * blocking {@link DatagramTransport} per peer; the server here is one socket whose receiving
 * thread checks cookies with {@link DTLSVerifier} before anything is kept (as RFC 6347 §4.2.1
 * wants), then hands each verified peer a queue and a virtual thread that accepts and echoes.
 */
final class BcStack implements Stack {
    private static final int MAX_DATAGRAM = 65_507;
    private static final JcaTlsCrypto CRYPTO = new JcaTlsCryptoProvider().setProvider(new BouncyCastleProvider())
            .create(new SecureRandom());

    @Override
    public String name() {
        return "BouncyCastle";
    }

    private static int[] groups(Setup setup) {
        return setup.offeredGroups().stream().mapToInt(g -> g.equals("x25519") ? NamedGroup.x25519 : NamedGroup.secp256r1).toArray();
    }

    // ------------------------------------------------------------------ server

    private static final class EchoTlsServer extends DefaultTlsServer {
        private final Setup setup;
        private final Runnable onClose;
        volatile boolean closed;

        EchoTlsServer(Setup setup, Runnable onClose) {
            super(CRYPTO);
            this.setup = setup;
            this.onClose = onClose;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {Setup.SUITE_ID};
        }

        @Override
        public int[] getSupportedGroups() {
            return groups(setup);
        }

        @Override
        protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
            List<TlsCertificate> chain = new ArrayList<>();
            for (X509Certificate c : setup.credential().chain()) {
                try {
                    chain.add(CRYPTO.createCertificate(c.getEncoded()));
                } catch (java.security.cert.CertificateEncodingException e) {
                    throw new IOException(e);
                }
            }
            return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), CRYPTO, setup.credential().key(),
                    new Certificate(chain.toArray(new TlsCertificate[0])),
                    new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
        }

        @Override
        public void notifyAlertReceived(short level, short description) {
            if (description == AlertDescription.close_notify) {
                closed = true;
                // At once, not when the echo loop wakes: the next client may be given the same
                // ephemeral port, and its ClientHello must reach the verifier, not this closed peer.
                onClose.run();
            }
        }
    }

    /** A verified peer's datagrams, queued by the server's receiving thread. */
    private static final class PeerTransport implements DatagramTransport {
        final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(256);
        volatile boolean closed;
        private final DatagramChannel channel;
        private final SocketAddress peer;
        private final int mtu;

        PeerTransport(DatagramChannel channel, SocketAddress peer, int mtu) {
            this.channel = channel;
            this.peer = peer;
            this.mtu = mtu;
        }

        @Override
        public int getReceiveLimit() {
            return MAX_DATAGRAM;
        }

        @Override
        public int getSendLimit() {
            return mtu;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            // BC's receive waits out its whole wait even after close_notify: end it at once.
            if (closed) throw new java.io.EOFException("closed by the peer");
            byte[] d;
            try {
                d = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
            if (d == null) return -1;
            int n = Math.min(len, d.length);
            System.arraycopy(d, 0, buf, off, n);
            return n;
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            channel.send(ByteBuffer.wrap(buf, off, len), peer);
        }

        @Override
        public void close() {
            // the server's socket stays open for the other peers
        }
    }

    @Override
    public EchoServer startServer(Setup setup) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        ch.bind(new InetSocketAddress("127.0.0.1", 0));
        ConcurrentHashMap<SocketAddress, PeerTransport> peers = new ConcurrentHashMap<>();
        DTLSVerifier verifier = new DTLSVerifier(CRYPTO);
        Thread.ofPlatform().daemon(true).name("bc-server").start(() -> {
            ByteBuffer in = ByteBuffer.allocate(MAX_DATAGRAM);
            while (true) {
                SocketAddress from;
                try {
                    in.clear();
                    from = ch.receive(in);
                } catch (ClosedChannelException e) {
                    return;
                } catch (IOException e) {
                    continue;
                }
                byte[] d = new byte[in.position()];
                in.flip().get(d);
                PeerTransport t = peers.get(from);
                if (t != null) {
                    t.queue.offer(d); // a full queue drops, as a full socket buffer would
                    continue;
                }
                InetSocketAddress peer = (InetSocketAddress) from;
                byte[] id = (peer.getAddress().getHostAddress() + ":" + peer.getPort()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                DTLSRequest request = verifier.verifyRequest(id, d, 0, d.length, new PeerTransport(ch, from, setup.mtu()));
                if (request == null) continue; // HelloVerifyRequest sent (or garbage dropped)
                PeerTransport fresh = new PeerTransport(ch, from, setup.mtu());
                peers.put(from, fresh);
                Thread.ofVirtual().start(() -> {
                    try {
                        EchoTlsServer server = new EchoTlsServer(setup, () -> {
                            fresh.closed = true;
                            peers.remove(from, fresh);
                        });
                        DTLSTransport dtls = new DTLSServerProtocol().accept(server, fresh, request);
                        byte[] buf = new byte[MAX_DATAGRAM];
                        while (!server.closed) {
                            int n = dtls.receive(buf, 0, buf.length, 60_000);
                            if (n >= 0) dtls.send(buf, 0, n);
                        }
                    } catch (IOException | RuntimeException e) {
                        // handshake failed or peer gone
                    } finally {
                        peers.remove(from, fresh);
                    }
                });
            }
        });
        InetSocketAddress address = (InetSocketAddress) ch.getLocalAddress();
        return EchoServer.of(address, peers::size, () -> EchoServer.closeQuietly(ch));
    }

    // ------------------------------------------------------------------ client

    private static final class BenchTlsClient extends DefaultTlsClient {
        private final Setup setup;

        BenchTlsClient(Setup setup) {
            super(CRYPTO);
            this.setup = setup;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {Setup.SUITE_ID};
        }

        @Override
        protected Vector<Integer> getSupportedGroups(@SuppressWarnings("rawtypes") Vector namedGroupRoles) {
            Vector<Integer> v = new Vector<>();
            for (int g : groups(setup)) v.add(g);
            return v;
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate sc) throws IOException {
                    try {
                        CertificateFactory cf = CertificateFactory.getInstance("X.509");
                        List<X509Certificate> chain = new ArrayList<>();
                        for (TlsCertificate c : sc.getCertificate().getCertificateList()) {
                            chain.add((X509Certificate) cf.generateCertificate(new java.io.ByteArrayInputStream(c.getEncoded())));
                        }
                        PKIXParameters p = new PKIXParameters(Set.of(new TrustAnchor(setup.credential().root(), null)));
                        p.setRevocationEnabled(false);
                        CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(chain), p);
                    } catch (java.security.GeneralSecurityException e) {
                        throw new TlsFatalAlert(AlertDescription.bad_certificate, e);
                    }
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) {
                    return null;
                }
            };
        }
    }

    /** The client's side of a connected socket. */
    private record UdpTransport(DatagramSocket socket, int mtu) implements DatagramTransport {
        @Override
        public int getReceiveLimit() {
            return MAX_DATAGRAM;
        }

        @Override
        public int getSendLimit() {
            return mtu;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            socket.setSoTimeout(Math.max(1, waitMillis));
            DatagramPacket p = new DatagramPacket(buf, off, len);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return -1;
            }
            return p.getLength();
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            socket.send(new DatagramPacket(buf, off, len));
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    @Override
    public Connection connect(InetSocketAddress server, Setup setup, InetAddress local) throws Exception {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(local, 0));
        socket.connect(server);
        DTLSTransport dtls;
        try {
            dtls = new DTLSClientProtocol().connect(new BenchTlsClient(setup), new UdpTransport(socket, setup.mtu()));
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        return new Connection() {
            @Override
            public void send(byte[] data, int len) throws IOException {
                dtls.send(data, 0, len);
            }

            @Override
            public int receive(byte[] buf, int timeoutMillis) throws IOException {
                return dtls.receive(buf, 0, buf.length, timeoutMillis);
            }

            @Override
            public void close() {
                try {
                    dtls.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
                socket.close();
            }

            @Override
            public void abandon() {
                socket.close();
            }
        };
    }
}
