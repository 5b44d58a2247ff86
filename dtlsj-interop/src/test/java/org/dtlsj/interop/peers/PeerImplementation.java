package org.dtlsj.interop.peers;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;

/** The other DTLS implementations available as test peers, so tests can be parameterised over them. */
public enum PeerImplementation {

    /** The JDK's SunJSSE {@code SSLEngine}: {@link JsseDtlsPeer}. */
    JSSE {
        @Override
        public DtlsTestServer startServer(PeerOptions options) throws IOException, GeneralSecurityException {
            return JsseDtlsPeer.startServer(options);
        }

        @Override
        public DtlsTestClient connect(InetSocketAddress server, PeerOptions options)
            throws IOException, GeneralSecurityException {
            return JsseDtlsPeer.connect(server, options);
        }
    },

    /** Bouncy Castle's {@code org.bouncycastle.tls} DTLS: {@link BcDtlsPeer}. */
    BOUNCY_CASTLE {
        @Override
        public DtlsTestServer startServer(PeerOptions options) throws IOException {
            return BcDtlsPeer.startServer(options);
        }

        @Override
        public DtlsTestClient connect(InetSocketAddress server, PeerOptions options) throws IOException {
            return BcDtlsPeer.connect(server, options);
        }
    };

    /** Starts an echo server on 127.0.0.1 (ephemeral port). */
    public abstract DtlsTestServer startServer(PeerOptions options) throws IOException, GeneralSecurityException;

    /** Connects and completes the handshake. */
    public abstract DtlsTestClient connect(InetSocketAddress server, PeerOptions options)
        throws IOException, GeneralSecurityException;
}
