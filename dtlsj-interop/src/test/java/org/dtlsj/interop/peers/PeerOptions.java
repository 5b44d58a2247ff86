package org.dtlsj.interop.peers;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Configuration shared by {@link JsseDtlsPeer} and {@link BcDtlsPeer}, so a test can swap one peer for the
 * other. Immutable; build with {@link #builder()}.
 *
 * @param cipherSuites          IANA cipher suite names, in preference order; empty means the implementation's
 *                              defaults
 * @param credential            the local key and chain (server: its certificate; client: offered when the
 *                              server asks for one); may be {@code null}
 * @param trustRoots            the roots the peer's chain must lead to (checked with PKIX); empty means
 *                              SunJSSE's default trust store, and for Bouncy Castle that every peer
 *                              certificate is rejected
 * @param clientAuth            servers only: whether to request / require a client certificate
 * @param maximumPacketSize     the largest datagram (UDP payload) to send, 0 for the default: SunJSSE's own
 *                              default (about 16 KiB) via {@code SSLParameters.setMaximumPacketSize}, and
 *                              {@value BcDtlsPeer#DEFAULT_MAXIMUM_PACKET_SIZE} bytes for Bouncy Castle
 * @param cookieExchange        Bouncy Castle servers only: answer the first ClientHello with a
 *                              HelloVerifyRequest ({@code DTLSVerifier}). SunJSSE servers always do the cookie
 *                              exchange for a full handshake and cannot be told not to, so JSSE ignores this.
 * @param enableRetransmissions SunJSSE only ({@code SSLParameters.setEnableRetransmissions}); Bouncy Castle
 *                              always retransmits
 * @param handshakeTimeout      bound on one handshake (both roles), and on the client's {@code connect}
 * @param heartbeatPolicy       Bouncy Castle only: the RFC 6520 HeartbeatMode it announces (1 answers requests,
 *                              2 does not), or 0 for its default
 * @param heartbeatIdleMillis   Bouncy Castle only: send a heartbeat after this much idle time (0: never); an
 *                              unanswered one ends the connection
 */
public record PeerOptions(
    List<String> cipherSuites,
    Credential credential,
    List<X509Certificate> trustRoots,
    ClientAuth clientAuth,
    int maximumPacketSize,
    boolean cookieExchange,
    boolean enableRetransmissions,
    Duration handshakeTimeout,
    int heartbeatPolicy,
    int heartbeatIdleMillis) {

    /** Whether a server asks for a client certificate. */
    public enum ClientAuth {
        /** No CertificateRequest. */
        NONE,
        /** CertificateRequest sent; an empty client Certificate is accepted. */
        WANT,
        /** CertificateRequest sent; the handshake fails without a valid client certificate. */
        NEED
    }

    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(20);

    public PeerOptions {
        cipherSuites = List.copyOf(cipherSuites);
        trustRoots = List.copyOf(trustRoots);
        Objects.requireNonNull(clientAuth, "clientAuth");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (maximumPacketSize < 0) {
            throw new IllegalArgumentException("maximumPacketSize < 0");
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.cipherSuites = new ArrayList<>(cipherSuites);
        b.credential = credential;
        b.trustRoots = new ArrayList<>(trustRoots);
        b.clientAuth = clientAuth;
        b.maximumPacketSize = maximumPacketSize;
        b.cookieExchange = cookieExchange;
        b.enableRetransmissions = enableRetransmissions;
        b.handshakeTimeout = handshakeTimeout;
        b.heartbeatPolicy = heartbeatPolicy;
        b.heartbeatIdleMillis = heartbeatIdleMillis;
        return b;
    }

    /** Mutable builder for {@link PeerOptions}. */
    public static final class Builder {
        private List<String> cipherSuites = new ArrayList<>();
        private Credential credential;
        private List<X509Certificate> trustRoots = new ArrayList<>();
        private ClientAuth clientAuth = ClientAuth.NONE;
        private int maximumPacketSize;
        private boolean cookieExchange;
        private boolean enableRetransmissions = true;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private int heartbeatPolicy;
        private int heartbeatIdleMillis;

        private Builder() {
        }

        /** IANA names, e.g. {@code TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}. */
        public Builder cipherSuites(String... names) {
            return cipherSuites(Arrays.asList(names));
        }

        public Builder cipherSuites(List<String> names) {
            this.cipherSuites = new ArrayList<>(names);
            return this;
        }

        /** IANA code points, e.g. {@code org.bouncycastle.tls.CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}. */
        public Builder cipherSuiteIds(int... ids) {
            List<String> names = new ArrayList<>();
            for (int id : ids) {
                names.add(BcDtlsPeer.cipherSuiteName(id));
            }
            return cipherSuites(names);
        }

        public Builder credential(Credential credential) {
            this.credential = credential;
            return this;
        }

        public Builder trustRoots(X509Certificate... roots) {
            return trustRoots(Arrays.asList(roots));
        }

        public Builder trustRoots(List<X509Certificate> roots) {
            this.trustRoots = new ArrayList<>(roots);
            return this;
        }

        public Builder clientAuth(ClientAuth clientAuth) {
            this.clientAuth = clientAuth;
            return this;
        }

        /** Shorthand: {@code NEED} if true, {@code NONE} if false. */
        public Builder needClientAuth(boolean need) {
            return clientAuth(need ? ClientAuth.NEED : ClientAuth.NONE);
        }

        public Builder maximumPacketSize(int bytes) {
            this.maximumPacketSize = bytes;
            return this;
        }

        public Builder cookieExchange(boolean cookieExchange) {
            this.cookieExchange = cookieExchange;
            return this;
        }

        public Builder enableRetransmissions(boolean enable) {
            this.enableRetransmissions = enable;
            return this;
        }

        public Builder handshakeTimeout(Duration timeout) {
            this.handshakeTimeout = timeout;
            return this;
        }

        /** Bouncy Castle: announce {@code policy} (RFC 6520 HeartbeatMode) and send a heartbeat after {@code idleMillis} idle (0: never). */
        public Builder heartbeat(int policy, int idleMillis) {
            this.heartbeatPolicy = policy;
            this.heartbeatIdleMillis = idleMillis;
            return this;
        }

        public PeerOptions build() {
            return new PeerOptions(cipherSuites, credential, trustRoots, clientAuth, maximumPacketSize,
                cookieExchange, enableRetransmissions, handshakeTimeout, heartbeatPolicy, heartbeatIdleMillis);
        }
    }
}
