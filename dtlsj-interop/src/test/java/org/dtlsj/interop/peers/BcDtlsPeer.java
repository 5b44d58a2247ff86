package org.dtlsj.interop.peers;

import org.dtlsj.interop.peers.BcTlsEndpoints.EchoTlsServer;
import org.dtlsj.interop.peers.BcTlsEndpoints.PeerTlsClient;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.Vector;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSRequest;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DTLSVerifier;
import org.bouncycastle.tls.DatagramSender;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * DTLS 1.2 peers built on Bouncy Castle's low-level TLS API ({@code org.bouncycastle.tls}:
 * {@link DTLSServerProtocol} / {@link DTLSClientProtocol}) over a {@link DatagramSocket} on 127.0.0.1,
 * with {@link JcaTlsCrypto} backed by the Bouncy Castle JCA provider (an instance, not installed in
 * {@link java.security.Security}).
 *
 * <p>Notes:
 * <ul>
 *   <li>The BC provider is used, not the JDK's: with JDK providers only, {@code JcaTlsCrypto} reports no
 *       ChaCha20-Poly1305 (it looks for the cipher "ChaCha7539" and the MAC "Poly1305", which SunJCE does not
 *       offer), so TLS_ECDHE_*_WITH_CHACHA20_POLY1305_SHA256 would silently drop out of the offer.</li>
 *   <li>Versions are pinned to DTLS 1.2 ({@code ProtocolVersion.DTLSv12.only()}).</li>
 *   <li>BC's DTLS server rejects (handshake_failure) a ClientHello offering neither the renegotiation_info
 *       extension nor TLS_EMPTY_RENEGOTIATION_INFO_SCSV.</li>
 *   <li>The server's HelloVerifyRequest exchange is not part of {@code DTLSServerProtocol.accept}: it is done
 *       before, on the unconnected socket, with {@link DTLSVerifier}, and the verified {@link DTLSRequest} is
 *       passed to {@code accept}. Without it ({@link PeerOptions#cookieExchange()} false) the first datagram
 *       is replayed into the transport and the handshake proceeds without a cookie.
 *       ({@code DTLSServerProtocol.setVerifyRequests} exists but is not used by 1.82.)</li>
 *   <li>The UDP transport here accepts datagrams up to 65507 bytes but sends at most
 *       {@link PeerOptions#maximumPacketSize()} bytes per datagram (default
 *       {@value #DEFAULT_MAXIMUM_PACKET_SIZE}); handshake messages are fragmented to fit, and an application
 *       record that does not fit makes BC fail the connection (internal_error).</li>
 *   <li>A server signs with the peer-offered SignatureAndHashAlgorithm that matches its key: ECDSA with the
 *       curve's hash first (P-256/SHA-256, P-384/SHA-384, as SunJSSE insists on), RSA PKCS#1 then
 *       RSA-PSS (rsae), SHA-256 first. A server only offers the suites its credential can serve
 *       (ECDHE_ECDSA for an EC key, ECDHE_RSA/DHE_RSA for an RSA key).</li>
 * </ul>
 */
public final class BcDtlsPeer {

    /** Default largest datagram sent: a 1500-byte Ethernet MTU less IPv4 and UDP headers. */
    public static final int DEFAULT_MAXIMUM_PACKET_SIZE = 1472;

    private static final int MAX_DATAGRAM = 65_507;
    private static final int POLL_MILLIS = 100;
    private static final Provider BC_PROVIDER = new BouncyCastleProvider();
    private static final Map<Integer, String> SUITE_NAMES;
    private static final Map<String, Integer> SUITE_IDS;

    static {
        Map<Integer, String> names = new HashMap<>();
        Map<String, Integer> ids = new HashMap<>();
        for (Field f : CipherSuite.class.getFields()) {
            int m = f.getModifiers();
            if (Modifier.isStatic(m) && f.getType() == int.class && f.getName().startsWith("TLS_")) {
                try {
                    int id = f.getInt(null);
                    ids.put(f.getName(), id);
                    names.putIfAbsent(id, f.getName());
                } catch (IllegalAccessException e) {
                    throw new ExceptionInInitializerError(e);
                }
            }
        }
        SUITE_NAMES = Collections.unmodifiableMap(names);
        SUITE_IDS = Collections.unmodifiableMap(ids);
    }

    private BcDtlsPeer() {
    }

    /** The IANA name of a cipher suite code point, e.g. 0xC02B &rarr; TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256. */
    public static String cipherSuiteName(int id) {
        String name = SUITE_NAMES.get(id);
        if (name == null) {
            throw new IllegalArgumentException(String.format("unknown cipher suite 0x%04X", id));
        }
        return name;
    }

    /** The code point of an IANA cipher suite name. */
    public static int cipherSuiteId(String name) {
        Integer id = SUITE_IDS.get(name);
        if (id == null) {
            throw new IllegalArgumentException("unknown cipher suite " + name);
        }
        return id;
    }

    /** A fresh {@link JcaTlsCrypto} on the Bouncy Castle provider. */
    public static JcaTlsCrypto newCrypto() {
        return new JcaTlsCryptoProvider().setProvider(BC_PROVIDER).create(new SecureRandom());
    }

    /** Starts an echo server on 127.0.0.1:0; its thread waits for the first client's datagram. */
    public static Server startServer(PeerOptions options) throws IOException {
        Server server = new Server(options);
        server.thread.start();
        return server;
    }

    /** Connects to {@code server} and completes the handshake before returning. */
    public static Client connect(InetSocketAddress server, PeerOptions options) throws IOException {
        Objects.requireNonNull(server, "server");
        JcaTlsCrypto crypto = newCrypto();
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(JsseDtlsPeer.LOOPBACK, 0));
        try {
            socket.connect(server);
            UdpTransport transport = new UdpTransport(socket, sendLimit(options), null, false);
            PeerTlsClient tlsClient = new PeerTlsClient(crypto, options);
            DTLSTransport dtls = new DTLSClientProtocol().connect(tlsClient, transport);
            return new Client(socket, dtls, tlsClient);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    // ==================================================================== server

    /** The echo server. See {@link DtlsTestServer}. */
    public static final class Server implements DtlsTestServer {
        private final PeerOptions options;
        private final JcaTlsCrypto crypto = newCrypto();
        private final DatagramSocket socket;
        private final int port;
        private final Thread thread;
        private final CompletableFuture<Void> handshake = new CompletableFuture<>();
        private final CountDownLatch closeNotify = new CountDownLatch(1);
        private final AtomicInteger echoed = new AtomicInteger();
        private final AtomicInteger helloVerifyRequests = new AtomicInteger();
        private volatile boolean closeRequested;
        private volatile Throwable failure;
        private volatile String cipherSuite;
        private volatile List<X509Certificate> peerCertificates = List.of();

        private Server(PeerOptions options) throws IOException {
            this.options = options;
            this.socket = new DatagramSocket(new InetSocketAddress(JsseDtlsPeer.LOOPBACK, 0));
            this.port = socket.getLocalPort();
            this.thread = new Thread(this::run, "bc-dtls-server-" + port);
            this.thread.setDaemon(true);
        }

        @Override
        public int port() {
            return port;
        }

        @Override
        public void awaitHandshake(Duration timeout)
            throws InterruptedException, TimeoutException, ExecutionException {
            handshake.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public String cipherSuite() {
            return cipherSuite;
        }

        @Override
        public List<X509Certificate> peerCertificates() {
            return peerCertificates;
        }

        @Override
        public boolean awaitCloseNotify(Duration timeout) throws InterruptedException {
            return closeNotify.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int echoedRecords() {
            return echoed.get();
        }

        /** HelloVerifyRequests sent by the {@link DTLSVerifier} (cookie exchange only). */
        public int helloVerifyRequestsSent() {
            return helloVerifyRequests.get();
        }

        @Override
        public Throwable failure() {
            return failure;
        }

        @Override
        public void close() {
            closeRequested = true;
            if (!handshake.isDone()) {
                socket.close(); // abort a blocking receive / accept; no connection to close_notify yet
            }
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                socket.close();
            }
        }

        private void run() {
            try {
                byte[] buf = new byte[MAX_DATAGRAM];
                DatagramPacket packet = new DatagramPacket(buf, buf.length);
                DTLSVerifier verifier = options.cookieExchange() ? new DTLSVerifier(crypto) : null;
                DTLSRequest request = null;
                while (true) {
                    packet.setData(buf, 0, buf.length);
                    socket.receive(packet);
                    if (verifier == null) {
                        break;
                    }
                    InetSocketAddress from = (InetSocketAddress) packet.getSocketAddress();
                    request = verifier.verifyRequest(clientId(from), buf, 0, packet.getLength(),
                        helloVerifySender(from));
                    if (request != null) {
                        break;
                    }
                }
                socket.connect(packet.getSocketAddress());
                byte[] first = verifier == null ? Arrays.copyOf(buf, packet.getLength()) : null;
                UdpTransport transport = new UdpTransport(socket, sendLimit(options), first, true);
                EchoTlsServer tlsServer = new EchoTlsServer(crypto, options);
                DTLSTransport dtls = new DTLSServerProtocol().accept(tlsServer, transport, request);
                cipherSuite = cipherSuiteName(tlsServer.negotiatedCipherSuite());
                peerCertificates = tlsServer.clientChain;
                handshake.complete(null);

                byte[] app = new byte[Math.max(1, dtls.getReceiveLimit())];
                while (!closeRequested) {
                    int n;
                    try {
                        n = dtls.receive(app, 0, app.length, POLL_MILLIS);
                    } catch (IOException e) {
                        // On close_notify BC answers with its own, closes the socket, and then may go on
                        // reading it within the same receive() call, which fails.
                        if (!tlsServer.closeNotifyReceived) {
                            throw e;
                        }
                        n = -1;
                    }
                    if (n >= 0) {
                        echoed.incrementAndGet();
                        dtls.send(app, 0, n);
                    }
                    if (tlsServer.closeNotifyReceived) {
                        closeNotify.countDown();
                        return;
                    }
                }
                dtls.close(); // sends close_notify
            } catch (Throwable t) {
                if (!closeRequested) {
                    failure = t;
                }
                handshake.completeExceptionally(t);
            } finally {
                socket.close();
                handshake.completeExceptionally(new IOException("server closed before the handshake completed"));
            }
        }

        private DatagramSender helloVerifySender(InetSocketAddress to) {
            return new DatagramSender() {
                @Override
                public int getSendLimit() {
                    return sendLimit(options);
                }

                @Override
                public void send(byte[] b, int off, int len) throws IOException {
                    socket.send(new DatagramPacket(b, off, len, to));
                    helloVerifyRequests.incrementAndGet();
                }
            };
        }

        private static byte[] clientId(InetSocketAddress from) {
            byte[] addr = from.getAddress().getAddress();
            byte[] id = Arrays.copyOf(addr, addr.length + 2);
            id[addr.length] = (byte) (from.getPort() >>> 8);
            id[addr.length + 1] = (byte) from.getPort();
            return id;
        }
    }

    // ==================================================================== client

    /** A connected client. See {@link DtlsTestClient}. */
    public static final class Client implements DtlsTestClient {
        private final DatagramSocket socket;
        private final DTLSTransport dtls;
        private final PeerTlsClient tlsClient;
        private final String cipherSuite;
        private final byte[] buf;
        private boolean closed;

        private Client(DatagramSocket socket, DTLSTransport dtls, PeerTlsClient tlsClient) throws IOException {
            this.socket = socket;
            this.dtls = dtls;
            this.tlsClient = tlsClient;
            this.cipherSuite = cipherSuiteName(tlsClient.negotiatedCipherSuite());
            this.buf = new byte[Math.max(1, dtls.getReceiveLimit())];
        }

        @Override
        public void send(byte[] data) throws IOException {
            if (closed) {
                throw new IOException("client closed");
            }
            dtls.send(data, 0, data.length);
        }

        @Override
        public byte[] receive(Duration timeout) throws IOException {
            if (closed) {
                throw new IOException("client closed");
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                if (tlsClient.closeNotifyReceived) {
                    throw new EOFException("server sent close_notify");
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new SocketTimeoutException("no application data within " + timeout);
                }
                int n;
                try {
                    n = dtls.receive(buf, 0, buf.length, (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                        JsseDtlsPeer.ceilMillis(remaining))));
                } catch (IOException e) {
                    if (tlsClient.closeNotifyReceived) {
                        throw new EOFException("server sent close_notify");
                    }
                    throw e;
                }
                if (n >= 0) {
                    return Arrays.copyOf(buf, n);
                }
            }
        }

        @Override
        public String cipherSuite() {
            return cipherSuite;
        }

        @Override
        public List<X509Certificate> peerCertificates() {
            return tlsClient.serverChain;
        }

        @Override
        public int localPort() {
            return socket.getLocalPort();
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                dtls.close(); // close_notify unless already closed/failed, then closes the socket
            } catch (IOException | RuntimeException ignored) {
                // best effort
            } finally {
                socket.close();
            }
        }
    }

    // ==================================================================== transport

    /**
     * {@link DatagramTransport} over a connected {@link DatagramSocket}, like BC's {@code UDPTransport} but
     * with a receive limit of a full UDP datagram, a configurable send limit, and an optional first datagram
     * (already read from the socket) handed out by the first {@code receive}. A server's transport ignores
     * {@link PortUnreachableException}s: on a connected UDP socket Linux reports an ICMP port unreachable
     * (e.g. for a retransmission that reached a client which had just failed and closed) on the next
     * receive, ahead of datagrams already queued, which would hide the client's alert.
     */
    static final class UdpTransport implements DatagramTransport {
        private final DatagramSocket socket;
        private final int sendLimit;
        private final boolean ignorePortUnreachable;
        private byte[] pending;

        UdpTransport(DatagramSocket socket, int sendLimit, byte[] firstDatagram, boolean ignorePortUnreachable) {
            if (!socket.isBound() || !socket.isConnected()) {
                throw new IllegalArgumentException("socket must be bound and connected");
            }
            this.socket = socket;
            this.sendLimit = sendLimit;
            this.pending = firstDatagram;
            this.ignorePortUnreachable = ignorePortUnreachable;
        }

        @Override
        public int getReceiveLimit() {
            return MAX_DATAGRAM;
        }

        @Override
        public int getSendLimit() {
            return sendLimit;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            byte[] first = pending;
            if (first != null) {
                pending = null;
                int n = Math.min(len, first.length);
                System.arraycopy(first, 0, buf, off, n);
                return n;
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
            while (true) {
                socket.setSoTimeout(waitMillis);
                DatagramPacket packet = new DatagramPacket(buf, off, len);
                try {
                    socket.receive(packet);
                    return packet.getLength();
                } catch (PortUnreachableException e) {
                    if (!ignorePortUnreachable) {
                        throw e;
                    }
                    if (waitMillis > 0) {
                        long remaining = deadline - System.nanoTime();
                        if (remaining <= 0) {
                            throw new SocketTimeoutException("receive timed out");
                        }
                        waitMillis = (int) Math.max(1, JsseDtlsPeer.ceilMillis(remaining));
                    }
                }
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            if (len > sendLimit) {
                throw new TlsFatalAlert(AlertDescription.internal_error,
                    "datagram of " + len + " bytes exceeds the send limit of " + sendLimit);
            }
            socket.send(new DatagramPacket(buf, off, len));
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    // ==================================================================== helpers

    static int sendLimit(PeerOptions options) {
        return options.maximumPacketSize() > 0 ? options.maximumPacketSize() : DEFAULT_MAXIMUM_PACKET_SIZE;
    }

    static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }

    static int[] ids(List<String> names) {
        return names.stream().mapToInt(BcDtlsPeer::cipherSuiteId).toArray();
    }

    /** The suites a server holding {@code credential} can actually serve. */
    static int[] servableBy(Credential credential, int[] suites) {
        if (credential == null) {
            return suites;
        }
        boolean ec = "EC".equals(credential.keyAlgorithm());
        return Arrays.stream(suites).filter(id -> {
            String name = SUITE_NAMES.get(id);
            if (name == null) {
                return false;
            }
            return ec
                ? name.startsWith("TLS_ECDHE_ECDSA_")
                : name.startsWith("TLS_ECDHE_RSA_") || name.startsWith("TLS_DHE_RSA_");
        }).toArray();
    }

    static boolean contains(short[] values, short value) {
        for (short v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    static TlsCredentialedSigner signer(TlsContext context, JcaTlsCrypto crypto, Credential credential,
        Vector<?> peerSigAlgs) throws IOException {
        SignatureAndHashAlgorithm algorithm = chooseSignatureAlgorithm(credential, peerSigAlgs);
        if (algorithm == null) {
            return null;
        }
        TlsCertificate[] certs = new TlsCertificate[credential.chain().size()];
        for (int i = 0; i < certs.length; i++) {
            try {
                certs[i] = crypto.createCertificate(credential.chain().get(i).getEncoded());
            } catch (CertificateException e) {
                throw new IOException(e);
            }
        }
        return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, credential.key(),
            new Certificate(certs), algorithm);
    }

    /** The first of our preferences for this key that the peer offered (TLS 1.2 rules). */
    static SignatureAndHashAlgorithm chooseSignatureAlgorithm(Credential credential, Vector<?> offered) {
        Set<SignatureAndHashAlgorithm> prefs = new LinkedHashSet<>();
        short signature;
        if ("EC".equals(credential.keyAlgorithm())) {
            signature = SignatureAlgorithm.ecdsa;
            int bits = ((ECPublicKey) credential.leaf().getPublicKey()).getParams().getCurve().getField().getFieldSize();
            short curveHash = bits > 384 ? HashAlgorithm.sha512 : bits > 256 ? HashAlgorithm.sha384 : HashAlgorithm.sha256;
            prefs.add(SignatureAndHashAlgorithm.getInstance(curveHash, SignatureAlgorithm.ecdsa));
            prefs.add(SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
            prefs.add(SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa));
            prefs.add(SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha512, SignatureAlgorithm.ecdsa));
        } else if ("RSA".equals(credential.keyAlgorithm())) {
            signature = SignatureAlgorithm.rsa;
            prefs.add(SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.rsa));
            prefs.add(SignatureAndHashAlgorithm.rsa_pss_rsae_sha256);
            prefs.add(SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha384, SignatureAlgorithm.rsa));
            prefs.add(SignatureAndHashAlgorithm.rsa_pss_rsae_sha384);
            prefs.add(SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha512, SignatureAlgorithm.rsa));
            prefs.add(SignatureAndHashAlgorithm.rsa_pss_rsae_sha512);
        } else {
            throw new IllegalArgumentException("unsupported key algorithm " + credential.keyAlgorithm());
        }
        if (offered == null) {
            // RFC 5246 7.4.1.4.1: no signature_algorithms extension means {sha1, <key's algorithm>}.
            return SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha1, signature);
        }
        for (SignatureAndHashAlgorithm p : prefs) {
            if (offered.contains(p)) {
                return p;
            }
        }
        return null;
    }

    static List<X509Certificate> toX509(Certificate certificate) throws IOException {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>();
            for (TlsCertificate c : certificate.getCertificateList()) {
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(c.getEncoded())));
            }
            return List.copyOf(out);
        } catch (CertificateException e) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "unparseable certificate", e);
        }
    }

    /** PKIX validation of {@code chain} (leaf first) against {@code roots}; no revocation checking. */
    static void verifyChain(List<X509Certificate> chain, List<X509Certificate> roots)
        throws GeneralSecurityException {
        if (roots.isEmpty()) {
            throw new CertificateException("no trust roots configured");
        }
        if (chain.size() == 1 && roots.contains(chain.get(0))) {
            return; // the peer's certificate is itself a trust anchor
        }
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate root : roots) {
            anchors.add(new TrustAnchor(root, null));
        }
        List<X509Certificate> path = new ArrayList<>(chain);
        while (path.size() > 1 && roots.contains(path.get(path.size() - 1))) {
            path.remove(path.size() - 1);
        }
        CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
        PKIXParameters params = new PKIXParameters(anchors);
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(certPath, params);
    }

}
