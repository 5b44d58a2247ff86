package org.dtlsj.config;

import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.dtlsj.wire.NamedGroup;
import org.dtlsj.wire.ProtocolVersion;
import org.dtlsj.wire.SignatureScheme;

/**
 * Everything a connection is configured with, immutable and shareable between any number of
 * connections and threads. Build one with {@link #builder()}.
 *
 * <pre>{@code
 * DtlsConfig config = DtlsConfig.builder()
 *         .credentials(privateKey, certificateChain)
 *         .trustAnchors(List.of(rootCertificate))
 *         .build();
 * }</pre>
 */
public final class DtlsConfig {
    /** RFC 6347 §4.2.4.1: "an initial timer value of 1 second", doubled on each retransmission. */
    public static final Duration DEFAULT_INITIAL_RETRANSMIT = Duration.ofSeconds(1);
    /** RFC 6347 §4.2.4.1: doubling "up to no less than the RFC 6298 maximum of 60 seconds". */
    public static final Duration DEFAULT_MAX_RETRANSMIT = Duration.ofSeconds(60);
    /** Give up a handshake after this long: 1+2+4+8+16+32 s of timers is 63 s. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(63);
    /** Default UDP payload budget: fits IPv6's minimum MTU of 1280 with IP and UDP headers. */
    public static final int DEFAULT_MTU = 1200;
    /** RFC 6347 §4.1.2.6: "A minimum window size of 32 MUST be supported, but a window size of 64 is preferred". */
    public static final int DEFAULT_REPLAY_WINDOW = 64;

    private final List<ProtocolVersion> versions;
    private final List<CipherSuite> cipherSuites;
    private final List<NamedGroup> groups;
    private final List<SignatureScheme> signatureSchemes;
    private final PrivateKey privateKey;
    private final List<X509Certificate> certificateChain;
    private final List<X509Certificate> trustAnchors;
    private final CertificateVerifier verifier;
    private final boolean verifyPeer;
    private final boolean verifyHostName;
    private final ClientAuth clientAuth;
    private final boolean cookieExchange;
    private final CookieSecrets cookieSecrets;
    private final boolean requireExtendedMasterSecret;
    private final int mtu;
    private final Duration initialRetransmit;
    private final Duration maxRetransmit;
    private final Duration handshakeTimeout;
    private final int replayWindow;
    private final boolean replayProtection;
    private final boolean sctp;
    private final int sctpPpid;
    private final Limits limits;
    private final SecureRandom random;
    private final java.security.Provider publicKeyProvider;
    private final boolean prepareKeys;
    private final boolean parallelCrypto;
    private final org.dtlsj.crypto.EphemeralKeys ephemeralKeys;
    private final Consumer<String> keyLog;
    private final java.time.Clock wallClock;
    private final org.dtlsj.engine.Tracer tracer;
    private final ClientCertificateSelector clientCertificateSelector;
    private final org.dtlsj.wire.heartbeat.HeartbeatMode heartbeat;
    private final PskStore pskStore;
    private final PskProvider pskProvider;
    private final org.dtlsj.session.ServerSessionCache sessionCache;
    private final boolean sessionTickets;
    private final org.dtlsj.session.TicketKeys ticketKeys;
    private final int recordSizeLimit;
    private final ServerNameSelector serverNameSelector;
    private final java.security.PublicKey rawPublicKey;
    private final List<java.security.PublicKey> trustedRawPublicKeys;
    private final boolean acceptRawPublicKeys;
    private final List<String> applicationProtocols;
    private final boolean encryptThenMac;
    private final RenegotiationPolicy renegotiation;

    /**
     * The PSK suites enabled when a PSK is configured and the suite list was left at its default:
     * ECDHE-PSK first (forward secrecy), then plain PSK, with the CoAP suite (RFC 7252 §9.1.3.1).
     */
    public static final List<CipherSuite> DEFAULT_PSK_SUITES = List.of(
            CipherSuite.TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256,
            CipherSuite.TLS_PSK_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_PSK_WITH_AES_256_GCM_SHA384,
            CipherSuite.TLS_PSK_WITH_CHACHA20_POLY1305_SHA256, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8,
            CipherSuite.TLS_PSK_WITH_AES_128_CCM);

    private DtlsConfig(Builder b) {
        this.versions = List.copyOf(b.versions);
        this.cipherSuites = List.copyOf(b.cipherSuites);
        this.groups = List.copyOf(b.groups);
        this.signatureSchemes = List.copyOf(b.signatureSchemes);
        this.privateKey = b.privateKey;
        this.certificateChain = List.copyOf(b.certificateChain);
        this.trustAnchors = List.copyOf(b.trustAnchors);
        this.verifier = b.verifier;
        this.verifyPeer = b.verifyPeer;
        this.verifyHostName = b.verifyHostName;
        this.clientAuth = b.clientAuth;
        this.cookieExchange = b.cookieExchange;
        this.cookieSecrets = b.cookieSecrets != null ? b.cookieSecrets : new CookieSecrets(b.random);
        this.requireExtendedMasterSecret = b.requireExtendedMasterSecret;
        this.mtu = b.mtu;
        this.initialRetransmit = b.initialRetransmit;
        this.maxRetransmit = b.maxRetransmit;
        this.handshakeTimeout = b.handshakeTimeout;
        this.replayWindow = b.replayWindow;
        this.replayProtection = b.replayProtection && !b.sctp;
        this.sctp = b.sctp;
        this.sctpPpid = b.sctpPpid;
        this.limits = b.limits;
        this.random = b.random;
        this.publicKeyProvider = b.publicKeyProvider;
        this.prepareKeys = b.prepareKeys;
        this.parallelCrypto = b.parallelCrypto;
        this.ephemeralKeys = new org.dtlsj.crypto.EphemeralKeys(b.random, b.publicKeyProvider, b.prepareKeys);
        this.keyLog = b.keyLog;
        this.wallClock = b.wallClock;
        this.tracer = b.tracer;
        this.clientCertificateSelector = b.clientCertificateSelector;
        this.heartbeat = b.heartbeat;
        this.pskStore = b.pskStore;
        this.pskProvider = b.pskProvider;
        this.sessionCache = b.sessionCacheSet ? b.sessionCache : new org.dtlsj.session.ServerSessionCache();
        this.sessionTickets = b.sessionTickets;
        this.recordSizeLimit = b.recordSizeLimit;
        this.serverNameSelector = b.serverNameSelector;
        this.rawPublicKey = b.rawPublicKey;
        this.trustedRawPublicKeys = List.copyOf(b.trustedRawPublicKeys);
        this.acceptRawPublicKeys = b.acceptRawPublicKeys;
        this.applicationProtocols = List.copyOf(b.applicationProtocols);
        this.encryptThenMac = b.encryptThenMac;
        this.renegotiation = b.renegotiation;
        this.ticketKeys = b.ticketKeys != null ? b.ticketKeys : new org.dtlsj.session.TicketKeys(b.random);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.versions = new ArrayList<>(versions);
        b.cipherSuites = new ArrayList<>(cipherSuites);
        b.groups = new ArrayList<>(groups);
        b.signatureSchemes = new ArrayList<>(signatureSchemes);
        b.privateKey = privateKey;
        b.certificateChain = certificateChain;
        b.trustAnchors = trustAnchors;
        b.verifier = verifier;
        b.verifyPeer = verifyPeer;
        b.verifyHostName = verifyHostName;
        b.clientAuth = clientAuth;
        b.cookieExchange = cookieExchange;
        b.cookieSecrets = cookieSecrets;
        b.requireExtendedMasterSecret = requireExtendedMasterSecret;
        b.mtu = mtu;
        b.initialRetransmit = initialRetransmit;
        b.maxRetransmit = maxRetransmit;
        b.handshakeTimeout = handshakeTimeout;
        b.replayWindow = replayWindow;
        b.replayProtection = replayProtection;
        b.sctp = sctp;
        b.sctpPpid = sctpPpid;
        b.limits = limits;
        b.random = random;
        b.publicKeyProvider = publicKeyProvider;
        b.prepareKeys = prepareKeys;
        b.parallelCrypto = parallelCrypto;
        b.keyLog = keyLog;
        b.wallClock = wallClock;
        b.tracer = tracer;
        b.clientCertificateSelector = clientCertificateSelector;
        b.heartbeat = heartbeat;
        b.pskStore = pskStore;
        b.pskProvider = pskProvider;
        b.sessionCache = sessionCache;
        b.sessionCacheSet = true;
        b.sessionTickets = sessionTickets;
        b.ticketKeys = ticketKeys;
        b.recordSizeLimit = recordSizeLimit;
        b.serverNameSelector = serverNameSelector;
        b.rawPublicKey = rawPublicKey;
        b.trustedRawPublicKeys = trustedRawPublicKeys;
        b.acceptRawPublicKeys = acceptRawPublicKeys;
        b.applicationProtocols = applicationProtocols;
        b.encryptThenMac = encryptThenMac;
        b.renegotiation = renegotiation;
        b.cipherSuitesChosen = true;
        return b;
    }

    /** Enabled versions, most preferred first. */
    public List<ProtocolVersion> versions() { return versions; }
    public List<CipherSuite> cipherSuites() { return cipherSuites; }
    public List<NamedGroup> groups() { return groups; }
    public List<SignatureScheme> signatureSchemes() { return signatureSchemes; }
    public PrivateKey privateKey() { return privateKey; }
    public List<X509Certificate> certificateChain() { return certificateChain; }
    public boolean hasCredentials() { return privateKey != null && (!certificateChain.isEmpty() || rawPublicKey != null); }
    /** This side's public key to present as a raw public key (RFC 7250), or null. */
    public java.security.PublicKey rawPublicKey() { return rawPublicKey; }
    /** The raw public keys accepted from peers (RFC 7250); empty: raw public keys are not accepted. */
    public List<java.security.PublicKey> trustedRawPublicKeys() { return trustedRawPublicKeys; }
    /** Encrypt-then-MAC (RFC 7366) offered and accepted for CBC suites; on by default. */
    public boolean encryptThenMac() { return encryptThenMac; }
    /** Who may start a secure renegotiation (RFC 5746) on a connection. */
    public RenegotiationPolicy renegotiation() { return renegotiation; }
    /** ALPN (RFC 7301): the client's offer, or the server's preference; empty for none. */
    public List<String> applicationProtocols() { return applicationProtocols; }
    /** This side takes raw public keys from peers (RFC 7250): set with trusted keys, or explicitly. */
    public boolean acceptRawPublicKeys() { return acceptRawPublicKeys; }
    /** Server: the pre-shared keys (RFC 4279); null when PSK suites are not served. */
    public PskStore pskStore() { return pskStore; }
    /** Client: the pre-shared key to offer (RFC 4279); null when PSK suites are not offered. */
    public PskProvider pskProvider() { return pskProvider; }
    /** Server: sessions by ID for resumption (RFC 5246 §7.3); null when sessions are not kept. */
    public org.dtlsj.session.ServerSessionCache sessionCache() { return sessionCache; }
    /** Session tickets (RFC 5077): a client asks for them, a server issues and accepts them. On by default. */
    public boolean sessionTickets() { return sessionTickets; }
    /** Server: the keys that seal session tickets. */
    public org.dtlsj.session.TicketKeys ticketKeys() { return ticketKeys; }
    /** Server: picks credentials by the requested host name (RFC 6066); null answers every name alike. */
    public ServerNameSelector serverNameSelector() { return serverNameSelector; }
    /** The record_size_limit this side advertises (RFC 8449): the largest protected plaintext it accepts. */
    public int recordSizeLimit() { return recordSizeLimit; }
    public List<X509Certificate> trustAnchors() { return trustAnchors; }
    public CertificateVerifier verifier() { return verifier; }
    /** Whether a client verifies the server's chain (servers use {@link #clientAuth()}). */
    public boolean verifyPeer() { return verifyPeer; }
    public boolean verifyHostName() { return verifyHostName; }
    public ClientAuth clientAuth() { return clientAuth; }
    /** The cookie exchange runs: configured on, and not over SCTP, whose association setup already proves the address. */
    public boolean cookieExchange() { return cookieExchange && !sctp; }
    public CookieSecrets cookieSecrets() { return cookieSecrets; }
    public boolean requireExtendedMasterSecret() { return requireExtendedMasterSecret; }
    public int mtu() { return mtu; }
    public Duration initialRetransmit() { return initialRetransmit; }
    public Duration maxRetransmit() { return maxRetransmit; }
    public Duration handshakeTimeout() { return handshakeTimeout; }
    public int replayWindow() { return replayWindow; }
    /** False only over transports that detect replays themselves (RFC 6083 §3.3). */
    public boolean replayProtection() { return replayProtection; }
    /** DTLS over SCTP (RFC 6083): see {@link Builder#sctp}. */
    public boolean sctp() { return sctp; }
    /** Over SCTP, the payload protocol identifier of the handshake, alert and ChangeCipherSpec messages. */
    public int sctpPpid() { return sctpPpid; }
    public Limits limits() { return limits; }
    public SecureRandom random() { return random; }
    /** The JCA provider of the handshake's public-key work; null for the JDK's provider list. See {@link Builder#publicKeyProvider}. */
    public java.security.Provider publicKeyProvider() { return publicKeyProvider; }
    /** Ephemeral key pairs, made ahead of need by a transport with time on its hands; see {@link Builder#prepareEphemeralKeys}. */
    public org.dtlsj.crypto.EphemeralKeys ephemeralKeys() { return ephemeralKeys; }
    /** See {@link Builder#parallelCrypto}. */
    public boolean parallelCrypto() { return parallelCrypto; }
    /** Receives NSS key log lines ({@code CLIENT_RANDOM <hex> <hex>}); null when key logging is off. */
    public Consumer<String> keyLog() { return keyLog; }
    /** The calendar clock for certificate validity, the one clock the engine consults (timers use the caller's time). */
    public java.time.Clock wallClock() { return wallClock; }
    /** Watches records and handshake messages; null when tracing is off. */
    public org.dtlsj.engine.Tracer tracer() { return tracer; }
    /** Client: chooses the certificate for a CertificateRequest; null to use {@link #privateKey()} and {@link #certificateChain()}. */
    public ClientCertificateSelector clientCertificateSelector() { return clientCertificateSelector; }
    /** The heartbeat mode this side announces (RFC 6520 §2), or null when it does not offer heartbeats. */
    public org.dtlsj.wire.heartbeat.HeartbeatMode heartbeat() { return heartbeat; }

    /** Builds a {@link DtlsConfig}; every setter validates its argument at once. */
    public static final class Builder {
        private List<ProtocolVersion> versions = new ArrayList<>(List.of(ProtocolVersion.DTLS_1_2));
        private List<CipherSuite> cipherSuites = new ArrayList<>(List.of(
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                CipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, CipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256));
        private List<NamedGroup> groups = new ArrayList<>(List.of(NamedGroup.X25519, NamedGroup.SECP256R1, NamedGroup.SECP384R1));
        private List<SignatureScheme> signatureSchemes = new ArrayList<>(List.of(
                SignatureScheme.ECDSA_SECP256R1_SHA256, SignatureScheme.ECDSA_SECP384R1_SHA384, SignatureScheme.ECDSA_SECP521R1_SHA512,
                SignatureScheme.RSA_PSS_RSAE_SHA256, SignatureScheme.RSA_PSS_RSAE_SHA384, SignatureScheme.RSA_PSS_RSAE_SHA512,
                SignatureScheme.RSA_PKCS1_SHA256, SignatureScheme.RSA_PKCS1_SHA384, SignatureScheme.RSA_PKCS1_SHA512));
        private PrivateKey privateKey;
        private List<X509Certificate> certificateChain = List.of();
        private List<X509Certificate> trustAnchors = List.of();
        private CertificateVerifier verifier;
        private boolean verifyPeer = true;
        private boolean verifyHostName = true;
        private ClientAuth clientAuth = ClientAuth.NONE;
        private boolean cookieExchange = true;
        private CookieSecrets cookieSecrets;
        private boolean requireExtendedMasterSecret;
        private int mtu = DEFAULT_MTU;
        private Duration initialRetransmit = DEFAULT_INITIAL_RETRANSMIT;
        private Duration maxRetransmit = DEFAULT_MAX_RETRANSMIT;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private int replayWindow = DEFAULT_REPLAY_WINDOW;
        private boolean replayProtection = true;
        private boolean sctp;
        private int sctpPpid;
        private Limits limits = Limits.DEFAULT;
        private SecureRandom random = new SecureRandom();
        private java.security.Provider publicKeyProvider;
        private boolean prepareKeys = true;
        private boolean parallelCrypto = true;
        private Consumer<String> keyLog;
        private java.time.Clock wallClock = java.time.Clock.systemUTC();
        private org.dtlsj.engine.Tracer tracer;
        private ClientCertificateSelector clientCertificateSelector;
        private org.dtlsj.wire.heartbeat.HeartbeatMode heartbeat;
        private PskStore pskStore;
        private PskProvider pskProvider;
        private boolean cipherSuitesChosen;
        private org.dtlsj.session.ServerSessionCache sessionCache;
        private boolean sessionCacheSet;
        private boolean sessionTickets = true;
        private org.dtlsj.session.TicketKeys ticketKeys;
        private int recordSizeLimit = org.dtlsj.wire.extension.RecordSizeLimit.MAX_DTLS12;
        private ServerNameSelector serverNameSelector;
        private java.security.PublicKey rawPublicKey;
        private List<java.security.PublicKey> trustedRawPublicKeys = List.of();
        private boolean acceptRawPublicKeys;
        private List<String> applicationProtocols = List.of();
        private boolean encryptThenMac = true;
        private RenegotiationPolicy renegotiation = RenegotiationPolicy.ACCEPT;

        private Builder() {
        }

        public Builder versions(List<ProtocolVersion> v) {
            if (v.isEmpty()) throw new IllegalArgumentException("at least one version");
            for (ProtocolVersion p : v) {
                if (!p.equals(ProtocolVersion.DTLS_1_2) && !p.equals(ProtocolVersion.DTLS_1_0)) {
                    throw new IllegalArgumentException(p + " is not implemented; DTLSv1.2 and (for legacy peers) DTLSv1 are");
                }
            }
            this.versions = new ArrayList<>(v);
            return this;
        }

        public Builder cipherSuites(List<CipherSuite> suites) {
            if (suites.isEmpty()) throw new IllegalArgumentException("at least one cipher suite");
            this.cipherSuites = new ArrayList<>(suites);
            this.cipherSuitesChosen = true;
            return this;
        }

        public Builder groups(List<NamedGroup> g) {
            if (g.isEmpty()) throw new IllegalArgumentException("at least one group");
            for (NamedGroup n : g) {
                if (!org.dtlsj.crypto.KeyExchange.isSupported(n)) {
                    throw new IllegalArgumentException("group " + n + " is not supported");
                }
            }
            this.groups = new ArrayList<>(g);
            return this;
        }

        public Builder signatureSchemes(List<SignatureScheme> s) {
            if (s.isEmpty()) throw new IllegalArgumentException("at least one signature scheme");
            this.signatureSchemes = new ArrayList<>(s);
            return this;
        }

        /** This side's private key and certificate chain, leaf first. */
        public Builder credentials(PrivateKey key, List<X509Certificate> chain) {
            Objects.requireNonNull(key, "key");
            if (chain.isEmpty()) throw new IllegalArgumentException("empty certificate chain");
            this.privateKey = key;
            this.certificateChain = List.copyOf(chain);
            return this;
        }

        /**
         * This side's key pair, presented as a raw public key (RFC 7250) to peers that accept
         * one, instead of (or, with {@link #credentials} too, besides) a certificate chain.
         */
        public Builder rawPublicKeyCredentials(java.security.KeyPair pair) {
            this.privateKey = Objects.requireNonNull(pair.getPrivate(), "private key");
            this.rawPublicKey = Objects.requireNonNull(pair.getPublic(), "public key");
            return this;
        }

        /**
         * The raw public keys (RFC 7250) accepted from peers: the out-of-band trust a raw key
         * needs. With any, this side offers to take raw public keys, and a peer key not listed is
         * refused with unknown_ca.
         */
        public Builder trustedRawPublicKeys(java.util.Collection<java.security.PublicKey> keys) {
            this.trustedRawPublicKeys = List.copyOf(keys);
            this.acceptRawPublicKeys = !keys.isEmpty();
            return this;
        }

        /**
         * Takes raw public keys from peers even without trusted keys. A client still refuses
         * every key unless {@link #verifyPeer verifyPeer(false)} (testing); a server accepts any
         * client key, for an application that checks it itself from
         * {@code SessionInfo.peerRawPublicKey()} after the handshake.
         */
        public Builder acceptRawPublicKeys(boolean on) {
            this.acceptRawPublicKeys = on;
            return this;
        }

        /**
         * Application-Layer Protocol Negotiation (RFC 7301): a client offers these names in this
         * order; a server picks the first of its list that the client offers, and refuses a client
         * that offers none of them with no_application_protocol. Empty (the default) for none.
         */
        public Builder applicationProtocols(List<String> names) {
            if (!names.isEmpty()) new org.dtlsj.wire.extension.ApplicationProtocols(names); // validates
            this.applicationProtocols = List.copyOf(names);
            return this;
        }

        /**
         * Who may start a secure renegotiation (RFC 5746): {@link RenegotiationPolicy#ACCEPT} (the
         * default) either side; {@link RenegotiationPolicy#LOCAL_ONLY} this side only, refusing the
         * peer's request with a no_renegotiation warning; {@link RenegotiationPolicy#REFUSE} neither.
         * A peer without RFC 5746 support is never renegotiated with.
         */
        public Builder renegotiation(RenegotiationPolicy policy) {
            this.renegotiation = java.util.Objects.requireNonNull(policy);
            return this;
        }

        /**
         * Encrypt-then-MAC (RFC 7366) with CBC suites, on by default: offered by a client, taken by
         * a server. Off, CBC records are MAC-then-encrypt, opened in constant time.
         */
        public Builder encryptThenMac(boolean on) {
            this.encryptThenMac = on;
            return this;
        }

        /** The roots a peer's chain must lead to. */
        public Builder trustAnchors(List<X509Certificate> roots) {
            this.trustAnchors = List.copyOf(roots);
            return this;
        }

        /** The application's verify callback (the seed's {@code verify_cert}). */
        public Builder verifier(CertificateVerifier v) {
            this.verifier = v;
            return this;
        }

        /** Client: whether to verify the server's chain at all. Off only for tests and demos. */
        public Builder verifyPeer(boolean v) {
            this.verifyPeer = v;
            return this;
        }

        public Builder verifyHostName(boolean v) {
            this.verifyHostName = v;
            return this;
        }

        public Builder clientAuth(ClientAuth a) {
            this.clientAuth = Objects.requireNonNull(a);
            return this;
        }

        /** Server: send HelloVerifyRequest before any state exists (RFC 6347 §4.2.1). On by default. */
        public Builder cookieExchange(boolean on) {
            this.cookieExchange = on;
            return this;
        }

        /** Server: the cookie key, shared by every server that must verify the same cookies. */
        public Builder cookieSecrets(CookieSecrets s) {
            this.cookieSecrets = Objects.requireNonNull(s);
            return this;
        }

        /** Refuse peers that do not negotiate extended_master_secret (RFC 7627 §5.2, §5.3). */
        public Builder requireExtendedMasterSecret(boolean r) {
            this.requireExtendedMasterSecret = r;
            return this;
        }

        /** Largest UDP payload sent; handshake messages are fragmented to fit (RFC 6347 §4.1.1). */
        public Builder mtu(int bytes) {
            if (bytes < 256 || bytes > 65_507) throw new IllegalArgumentException("mtu out of range [256, 65507]: " + bytes);
            this.mtu = bytes;
            return this;
        }

        public Builder retransmission(Duration initial, Duration max) {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("need 0 < initial <= max");
            }
            this.initialRetransmit = initial;
            this.maxRetransmit = max;
            return this;
        }

        public Builder handshakeTimeout(Duration t) {
            if (t.isNegative() || t.isZero()) throw new IllegalArgumentException("handshake timeout must be positive");
            this.handshakeTimeout = t;
            return this;
        }

        /** RFC 6347 §4.1.2.6 window size, at least 32. */
        public Builder replayWindow(int size) {
            if (size < 32 || size > 1024) throw new IllegalArgumentException("replay window out of range [32, 1024]: " + size);
            this.replayWindow = size;
            return this;
        }

        /**
         * DTLS over SCTP (RFC 6083): one record per SCTP user message, up to 2^14 bytes of
         * plaintext (§3.2, §4.1); no replay window (§3.3), no path MTU discovery (§3.4), no
         * retransmission (§3.5) and no cookie exchange; handshake, alert and ChangeCipherSpec
         * records on stream 0, ordered (§4.4); the SCTP-AUTH key from the exporter switched as
         * §4.8 says, and sender-dry awaited before ChangeCipherSpec and close_notify (§4.7, §4.9).
         * The engine's output is then read with {@code DtlsConnection.pollSctp()}.
         */
        public Builder sctp(boolean on) {
            this.sctp = on;
            return this;
        }

        /** Over SCTP: the PPID for handshake, alert and ChangeCipherSpec records (RFC 6083 §4.3: the application's; 0 by default). */
        public Builder sctpPpid(int ppid) {
            this.sctpPpid = ppid;
            return this;
        }

        public Builder replayProtection(boolean on) {
            this.replayProtection = on;
            return this;
        }

        public Builder limits(Limits l) {
            this.limits = Objects.requireNonNull(l);
            return this;
        }

        public Builder random(SecureRandom r) {
            this.random = Objects.requireNonNull(r);
            return this;
        }

        /**
         * The JCA provider for the handshake's public-key work: ephemeral key pairs and key
         * agreement (ECDHE, X25519, X448) and the signatures made and checked in the handshake.
         * Null (the default) uses the JDK's provider list. An algorithm the provider lacks, or a
         * key it refuses, falls back to the JDK's list. The provider need not be installed with
         * {@link java.security.Security#addProvider}. Bouncy Castle's, for one, does P-256 about
         * three times as fast as the JDK's; certificate chains are still checked by the JDK's PKIX.
         */
        public Builder publicKeyProvider(java.security.Provider provider) {
            this.publicKeyProvider = provider;
            return this;
        }

        /**
         * Whether dtlsj's event loops and client threads make the next ephemeral ECDH key pair
         * while they would otherwise wait (default true): a handshake then takes it ready, and one
         * key generation leaves its critical path. Each pair is used by one handshake only; at
         * most one per group is kept ({@link org.dtlsj.crypto.EphemeralKeys}). False makes every
         * pair when its handshake needs it.
         */
        public Builder prepareEphemeralKeys(boolean on) {
            this.prepareKeys = on;
            return this;
        }

        /**
         * Whether a client's handshake has an idle helper thread verify the server's
         * ServerKeyExchange signature while it computes the ECDHE agreement over a NIST curve (default true; {@link
         * org.dtlsj.crypto.ParallelCrypto}): less wall time per handshake when a core is free, the
         * same work when none is. False keeps all of a handshake's work on the thread that drives it.
         */
        public Builder parallelCrypto(boolean on) {
            this.parallelCrypto = on;
            return this;
        }

        /** Writes NSS key log lines to {@code sink}. Anyone with the log can decrypt the traffic. */
        public Builder keyLog(Consumer<String> sink) {
            this.keyLog = sink;
            return this;
        }

        /** The calendar clock used to check certificate validity periods. */
        public Builder wallClock(java.time.Clock c) {
            this.wallClock = Objects.requireNonNull(c);
            return this;
        }

        /**
         * Offers the heartbeat extension (RFC 6520): {@code PEER_ALLOWED_TO_SEND} answers the peer's
         * requests, {@code PEER_NOT_ALLOWED_TO_SEND} only sends its own (a battery-powered device
         * that will not be woken). Null, the default, offers nothing.
         */
        public Builder heartbeat(org.dtlsj.wire.heartbeat.HeartbeatMode mode) {
            this.heartbeat = mode;
            return this;
        }

        /** Client: choose the certificate when the server asks (or pause the handshake to decide). */
        public Builder clientCertificateSelector(ClientCertificateSelector s) {
            this.clientCertificateSelector = s;
            return this;
        }

        /** Reports every record and handshake message (see {@link org.dtlsj.engine.Tracer}); null for none. */
        public Builder tracer(org.dtlsj.engine.Tracer t) {
            this.tracer = t;
            return this;
        }

        /**
         * Server: serves PSK suites with the keys of {@code store} (RFC 4279, RFC 5489). Unless the
         * suites are chosen explicitly, {@link #DEFAULT_PSK_SUITES} are enabled after the
         * certificate suites.
         */
        public Builder pskStore(PskStore store) {
            this.pskStore = store;
            return this;
        }

        /** Client: offers PSK suites with the key {@code provider} selects; see {@link #pskStore}. */
        public Builder pskProvider(PskProvider provider) {
            this.pskProvider = provider;
            return this;
        }

        /**
         * Server: the cache of sessions by ID (RFC 5246 §7.3); by default one of
         * {@link org.dtlsj.session.ServerSessionCache#DEFAULT_CAPACITY} sessions per configuration.
         * Null keeps no sessions: clients without tickets then always make full handshakes.
         */
        public Builder sessionCache(org.dtlsj.session.ServerSessionCache cache) {
            this.sessionCache = cache;
            this.sessionCacheSet = true;
            return this;
        }

        /**
         * The largest plaintext of a protected record this side accepts, advertised in
         * record_size_limit (RFC 8449): 64 to 2^14 (the default, which announces no limit but lets
         * the peer announce its own). A constrained device uses it to keep records small.
         */
        public Builder recordSizeLimit(int bytes) {
            if (bytes < org.dtlsj.wire.extension.RecordSizeLimit.MIN || bytes > org.dtlsj.wire.extension.RecordSizeLimit.MAX_DTLS12) {
                throw new IllegalArgumentException("record_size_limit must be 64 to 16384, not " + bytes);
            }
            this.recordSizeLimit = bytes;
            return this;
        }

        /**
         * Server: chooses the certificate by the host name the client asked for (server_name,
         * RFC 6066 §3), or turns unknown names away with unrecognized_name.
         */
        public Builder serverNameSelector(ServerNameSelector s) {
            this.serverNameSelector = s;
            return this;
        }

        /** Session tickets (RFC 5077), on by default: stateless resumption for the server. */
        public Builder sessionTickets(boolean on) {
            this.sessionTickets = on;
            return this;
        }

        /** Server: the keys that seal tickets; share one instance between servers that must accept each other's tickets. */
        public Builder ticketKeys(org.dtlsj.session.TicketKeys keys) {
            this.ticketKeys = keys;
            return this;
        }

        /** One identity and key, for either role: both {@link #pskStore} and {@link #pskProvider}. */
        public Builder psk(byte[] identity, byte[] key) {
            this.pskProvider = PskProvider.of(identity, key);
            this.pskStore = PskStore.of(identity, key);
            return this;
        }

        public DtlsConfig build() {
            if (!cipherSuitesChosen && (pskStore != null || pskProvider != null)) {
                for (CipherSuite s : DEFAULT_PSK_SUITES) if (!cipherSuites.contains(s)) cipherSuites.add(s);
            }
            if (keyLog != null) { // loud on purpose: a key log in production silently voids every connection's secrecy
                System.getLogger("org.dtlsj").log(System.Logger.Level.WARNING,
                        "dtlsj key logging is ON: every connection's secrets are written out, and anyone with them can decrypt the traffic");
            }
            return new DtlsConfig(this);
        }
    }
}
