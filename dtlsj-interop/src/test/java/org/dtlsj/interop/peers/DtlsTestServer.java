package org.dtlsj.interop.peers;

import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * A DTLS 1.2 echo server from another implementation, listening on 127.0.0.1. A background thread serves
 * exactly one client: the sender of the first datagram. After the handshake it echoes every
 * application-data record back as one record, until the client sends close_notify or {@link #close()} is
 * called.
 */
public interface DtlsTestServer extends AutoCloseable {

    /** The UDP port on 127.0.0.1. */
    int port();

    /** {@code 127.0.0.1:port()}. */
    default InetSocketAddress address() {
        return new InetSocketAddress(JsseDtlsPeer.LOOPBACK, port());
    }

    /**
     * Waits for the handshake with the first client to complete.
     *
     * @throws TimeoutException   if it has not completed within {@code timeout}
     * @throws ExecutionException if the handshake failed (the cause is {@link #failure()}) or the server was
     *                            closed first
     */
    void awaitHandshake(Duration timeout) throws InterruptedException, TimeoutException, ExecutionException;

    /** The negotiated suite's IANA name, or {@code null} before the handshake completed. */
    String cipherSuite();

    /** The client's certificate chain as sent, leaf first; empty if none (or before the handshake). */
    List<X509Certificate> peerCertificates();

    /** Waits until the client's close_notify has been received; false if it was not within the timeout. */
    boolean awaitCloseNotify(Duration timeout) throws InterruptedException;

    /** Number of application records received for echoing so far (counted just before the echo is sent). */
    int echoedRecords();

    /** What made the server thread fail, or {@code null}. Not set for failures caused by {@link #close()}. */
    Throwable failure();

    /** Sends close_notify if a connection is up, stops the thread and closes the socket. Idempotent. */
    @Override
    void close();
}
