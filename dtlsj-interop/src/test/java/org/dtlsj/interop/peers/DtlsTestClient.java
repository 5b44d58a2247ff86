package org.dtlsj.interop.peers;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * A connected DTLS 1.2 client from another implementation. Obtained after a completed handshake.
 * Not thread-safe: use from one thread.
 */
public interface DtlsTestClient extends AutoCloseable {

    /** Sends {@code data} as application data (one record per datagram; keep it below the packet size). */
    void send(byte[] data) throws IOException;

    /**
     * Returns the next application-data record's payload.
     *
     * @throws SocketTimeoutException if none arrives within {@code timeout}
     * @throws EOFException           if the server sent close_notify (the client has answered it)
     */
    byte[] receive(Duration timeout) throws IOException;

    /** The negotiated suite's IANA name, e.g. {@code TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}. */
    String cipherSuite();

    /** The server's certificate chain as sent, leaf first. */
    List<X509Certificate> peerCertificates();

    /** The client's local UDP port (on 127.0.0.1). */
    int localPort();

    /** Sends close_notify (unless the connection is already closed) and closes the socket. Idempotent. */
    @Override
    void close();
}
