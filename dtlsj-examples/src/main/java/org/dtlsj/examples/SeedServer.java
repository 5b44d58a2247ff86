package org.dtlsj.examples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import org.dtlsj.openssl.Bio;
import org.dtlsj.openssl.BioAddr;
import org.dtlsj.openssl.BioClose;
import org.dtlsj.openssl.BioCtrl;
import org.dtlsj.openssl.DtlsMethod;
import org.dtlsj.openssl.FileType;
import org.dtlsj.openssl.Ssl;
import org.dtlsj.openssl.SslCtx;
import org.dtlsj.openssl.SslError;
import org.dtlsj.openssl.SslOptions;
import org.dtlsj.openssl.VerifyMode;
import org.dtlsj.openssl.X509StoreCtx;

/**
 * The seed's threaded server, line for line: a listening socket answers ClientHellos with
 * {@code listen} (stateless cookies), and each verified client gets its own connected socket and
 * thread. It echoes what it reads.
 *
 * <pre>java -cp dtlsj-core.jar:dtlsj-examples.jar org.dtlsj.examples.SeedServer PORT cert.pem key.pem</pre>
 *
 * OpenSSL's model needs a socket per client (the seed explains why); dtlsj's {@code DtlsServer}
 * serves any number of clients on one socket instead.
 */
public final class SeedServer implements Runnable {
    private static final byte[] SECRET = new byte[32];

    static {
        new SecureRandom().nextBytes(SECRET);
    }

    private final SslCtx ctx;
    private final InetSocketAddress serverAddr;
    private final DatagramChannel fd;
    private volatile boolean running = true;

    public SeedServer(InetSocketAddress bind, Path cert, Path key) throws IOException {
        /***** SERVER *****/
        ctx = SslCtx.newCtx(DtlsMethod.server());
        /***** BOTH *****/
        /* Load certificates and key */
        ctx.useCertificateChainFile(cert);
        ctx.usePrivateKeyFile(key, FileType.PEM);
        /* Server: Client has to authenticate (PEER asks for a certificate; a client may still send none) */
        ctx.setVerify(VerifyMode.PEER, SeedServer::verifyCert);
        ctx.setCookieGenerateCallback(SeedServer::generateCookie);
        ctx.setCookieVerifyCallback(SeedServer::verifyCookie);

        fd = DatagramChannel.open();
        fd.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        fd.setOption(StandardSocketOptions.SO_REUSEPORT, true);
        fd.bind(bind);
        serverAddr = (InetSocketAddress) fd.getLocalAddress();
    }

    public InetSocketAddress address() {
        return serverAddr;
    }

    /* Certificate verification. Returns true if trusted. */
    static boolean verifyCert(boolean ok, X509StoreCtx store) {
        return true; // this demo trusts any client certificate it is shown
    }

    /* Cookie = HMAC(secret, client address): any secret-keyed function of the address will do. */
    static byte[] generateCookie(Ssl ssl) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(SECRET);
            md.update(String.valueOf(ssl.getRbio().dgramGetPeer()).getBytes(StandardCharsets.UTF_8));
            return md.digest();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean verifyCookie(Ssl ssl, byte[] cookie) {
        return Arrays.equals(generateCookie(ssl), cookie);
    }

    @Override
    public void run() {
        try {
            while (running) {
                Bio bio = Bio.newDgram(fd, BioClose.NOCLOSE);
                Ssl ssl = ctx.newSsl();
                ssl.setBio(bio, bio);
                /* Enable cookie exchange */
                ssl.setOptions(SslOptions.COOKIE_EXCHANGE);
                /* Wait for incoming connections */
                BioAddr clientAddr = new BioAddr();
                while (running && ssl.listen(clientAddr) <= 0) {
                    // 0: no verified ClientHello yet
                }
                if (!running) break;
                /* Handle client connection */
                DatagramChannel clientFd = DatagramChannel.open();
                clientFd.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                clientFd.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                clientFd.bind(serverAddr);
                clientFd.connect(clientAddr.socketAddress());
                /* Set new fd and set BIO to connected */
                Bio cbio = ssl.getRbio();
                cbio.setChannel(clientFd, BioClose.NOCLOSE);
                cbio.ctrl(BioCtrl.DGRAM_SET_CONNECTED, 0, clientAddr.socketAddress());
                /* Finish handshake, in a thread of its own */
                Thread.ofPlatform().daemon(true).start(() -> serve(ssl, clientFd));
            }
        } catch (IOException e) {
            if (running) System.err.println("server: " + e);
        }
    }

    private static void serve(Ssl ssl, DatagramChannel clientFd) {
        try (clientFd) {
            if (ssl.accept() != 1) {
                System.err.println("server: handshake failed: " + ssl.getError(-1) + " " + ssl.lastErrorString());
                return;
            }
            byte[] buf = new byte[16384];
            while (true) {
                int n = ssl.read(buf, 0, buf.length);
                if (n > 0) {
                    ssl.write(buf, 0, n);
                    continue;
                }
                SslError err = ssl.getError(n);
                if (err == SslError.WANT_READ) continue; // socket timeout: just try again
                if (err == SslError.ZERO_RETURN) ssl.shutdown();
                return;
            }
        } catch (IOException e) {
            System.err.println("server: " + e);
        }
    }

    public void stop() {
        running = false;
        try {
            fd.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    public static void main(String[] args) throws Exception {
        SeedServer s = new SeedServer(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), Path.of(args[1]), Path.of(args[2]));
        System.out.println("ready " + s.address().getAddress().getHostAddress() + ":" + s.address().getPort());
        s.run();
    }
}
