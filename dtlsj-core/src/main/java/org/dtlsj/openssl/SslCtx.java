package org.dtlsj.openssl;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.config.ClientAuth;
import org.dtlsj.config.CookieSecrets;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.crypto.PemFiles;
import org.dtlsj.wire.ProtocolVersion;

/**
 * {@code SSL_CTX}: the protocol and parameters that every {@link Ssl} made from it uses —
 * certificates, trust, verification, cookie callbacks. A thin layer: each {@code Ssl} turns it
 * into an immutable {@link DtlsConfig} for dtlsj's engine when its handshake starts.
 *
 * <pre>{@code
 * SslCtx ctx = SslCtx.newCtx(DtlsMethod.server());
 * ctx.useCertificateChainFile(Path.of("cert.pem"));
 * ctx.usePrivateKeyFile(Path.of("key.pem"), FileType.PEM);
 * ctx.setVerify(VerifyMode.PEER, (ok, store) -> ok);
 * }</pre>
 */
public final class SslCtx {
    private final DtlsMethod method;
    private final SecureRandom random = new SecureRandom();
    private final CookieSecrets cookieSecrets = new CookieSecrets(random);
    private List<X509Certificate> chain = List.of();
    private PrivateKey key;
    private final List<X509Certificate> trusted = new ArrayList<>();
    private Set<VerifyMode> verify = EnumSet.of(VerifyMode.NONE);
    private VerifyCallback verifyCallback;
    private Function<Ssl, byte[]> cookieGenerate;
    private BiPredicate<Ssl, byte[]> cookieVerify;
    private List<CipherSuite> ciphers;
    private Consumer<String> keyLog;
    private ClientCertCallback clientCertCallback;
    private PskServerCallback pskServerCallback;
    private PskClientCallback pskClientCallback;
    private String pskIdentityHint;
    private List<String> alpn = List.of();
    /** The session cache and ticket keys all connections of this context share, as an SSL_CTX's. */
    private final org.dtlsj.session.ServerSessionCache sessionCache = new org.dtlsj.session.ServerSessionCache();
    private final org.dtlsj.session.TicketKeys ticketKeys = new org.dtlsj.session.TicketKeys(random);
    private String lastError;

    private SslCtx(DtlsMethod method) {
        this.method = method;
    }

    /** {@code SSL_CTX_new(method)}. */
    public static SslCtx newCtx(DtlsMethod method) {
        return new SslCtx(method);
    }

    public DtlsMethod method() {
        return method;
    }

    /** {@code SSL_new(ctx)}. */
    public Ssl newSsl() {
        return new Ssl(this);
    }

    /** {@code SSL_CTX_use_certificate_chain_file}: PEM, leaf first. 1 on success, 0 on failure ({@link #lastErrorString()}). */
    public int useCertificateChainFile(Path file) {
        try {
            chain = PemFiles.readCertificates(file);
            return 1;
        } catch (Exception e) {
            lastError = e.getMessage();
            return 0;
        }
    }

    /** {@code SSL_CTX_use_PrivateKey_file}. PEM keys: PKCS#8, SEC1 EC or PKCS#1 RSA. */
    public int usePrivateKeyFile(Path file, FileType type) {
        try {
            key = type == FileType.PEM ? PemFiles.readPrivateKey(file)
                    : PemFiles.readPrivateKey(PemFiles.pemOf("PRIVATE KEY", java.nio.file.Files.readAllBytes(file)));
            return 1;
        } catch (Exception e) {
            lastError = e.getMessage();
            return 0;
        }
    }

    /** {@code SSL_CTX_load_verify_locations(ctx, file, NULL)}: trusted roots, PEM. */
    public int loadVerifyLocations(Path caFile) {
        try {
            trusted.addAll(PemFiles.readCertificates(caFile));
            return 1;
        } catch (Exception e) {
            lastError = e.getMessage();
            return 0;
        }
    }

    /** {@code SSL_CTX_set_verify(ctx, mode, callback)}; the callback may be null. */
    public void setVerify(VerifyMode mode, VerifyCallback callback) {
        setVerify(EnumSet.of(mode), callback);
    }

    /** {@code SSL_CTX_set_verify} with combined flags, e.g. {@code EnumSet.of(PEER, FAIL_IF_NO_PEER_CERT)}. */
    public void setVerify(Set<VerifyMode> modes, VerifyCallback callback) {
        this.verify = modes.isEmpty() ? EnumSet.of(VerifyMode.NONE) : EnumSet.copyOf(modes);
        this.verifyCallback = callback;
    }

    /** {@code SSL_CTX_set_cookie_generate_cb}: makes the cookie for a HelloVerifyRequest (1 to 255 bytes). */
    public void setCookieGenerateCallback(Function<Ssl, byte[]> generate) {
        this.cookieGenerate = generate;
    }

    /** {@code SSL_CTX_set_cookie_verify_cb}: accepts or refuses a ClientHello's cookie. */
    public void setCookieVerifyCallback(BiPredicate<Ssl, byte[]> verify) {
        this.cookieVerify = verify;
    }

    /** {@code SSL_CTX_set_cipher_list}: OpenSSL or IANA names separated by ':' or ','. 1 if any is usable. */
    public int setCipherList(String list) {
        List<CipherSuite> out = new ArrayList<>();
        for (String n : list.split("[:,]")) {
            CipherSuite s = CipherSuite.byName(n);
            if (s != null) out.add(s);
        }
        if (out.isEmpty()) {
            lastError = "no cipher suite in \"" + list + "\" is supported";
            return 0;
        }
        ciphers = out;
        return 1;
    }

    /**
     * {@code SSL_CTX_set_client_cert_cb}: chooses the client certificate when the server asks.
     * Returning null makes {@code connect} return -1 with {@link SslError#WANT_X509_LOOKUP};
     * call {@code connect} again once the certificate is at hand.
     */
    public void setClientCertCallback(ClientCertCallback callback) {
        this.clientCertCallback = callback;
    }

    /** The client certificate callback: a choice, {@code Choice.NONE}, or null to be asked again later. */
    @FunctionalInterface
    public interface ClientCertCallback {
        org.dtlsj.config.ClientCertificateSelector.Choice select(Ssl ssl);
    }

    /**
     * {@code SSL_CTX_set_psk_server_callback}: the key for the identity a client names (RFC 4279),
     * or null for an unknown one. Enables the PSK suites.
     */
    public void setPskServerCallback(PskServerCallback callback) {
        this.pskServerCallback = callback;
    }

    /** {@code SSL_CTX_use_psk_identity_hint}. 1. */
    public int usePskIdentityHint(String hint) {
        this.pskIdentityHint = hint;
        return 1;
    }

    /** {@code SSL_CTX_set_psk_client_callback}: the identity and key for a server's hint (may be empty). Enables the PSK suites. */
    public void setPskClientCallback(PskClientCallback callback) {
        this.pskClientCallback = callback;
    }

    @FunctionalInterface
    public interface PskServerCallback {
        byte[] key(Ssl ssl, String identity);
    }

    @FunctionalInterface
    public interface PskClientCallback {
        org.dtlsj.config.PskProvider.Psk psk(Ssl ssl, String hint);
    }

    /**
     * {@code SSL_CTX_set_alpn_protos} (RFC 7301): a client offers these; a server (where OpenSSL
     * takes a callback) picks the first of them the client offers and refuses a client that offers
     * none with no_application_protocol. Returns 0 on success, as OpenSSL does.
     */
    public int setAlpnProtos(List<String> protocols) {
        try {
            if (!protocols.isEmpty()) new org.dtlsj.wire.extension.ApplicationProtocols(protocols);
        } catch (IllegalArgumentException e) {
            lastError = e.getMessage();
            return 1;
        }
        this.alpn = List.copyOf(protocols);
        return 0;
    }

    /** {@code SSL_CTX_set_keylog_callback}: receives NSS key log lines. */
    public void setKeylogCallback(Consumer<String> callback) {
        this.keyLog = callback;
    }

    /** The last failure of a call on this context, in words. */
    public String lastErrorString() {
        return lastError;
    }

    Function<Ssl, byte[]> cookieGenerate() {
        return cookieGenerate;
    }

    BiPredicate<Ssl, byte[]> cookieVerify() {
        return cookieVerify;
    }

    /** The engine configuration for one connection in {@code role}. */
    DtlsConfig config(boolean server, boolean cookieExchange, int mtu, String hostToCheck, Ssl owner) {
        if (!method.versions().contains(ProtocolVersion.DTLS_1_2)) {
            throw new IllegalStateException("DTLSv1 (DTLS 1.0) is not available in this build; RFC 8996 deprecates it."
                    + " Use DtlsMethod.server()/client() for DTLS 1.2");
        }
        DtlsConfig.Builder b = DtlsConfig.builder().random(random).cookieSecrets(cookieSecrets).cookieExchange(cookieExchange)
                .trustAnchors(trusted).keyLog(keyLog);
        if (mtu > 0) b.mtu(mtu);
        if (ciphers != null) b.cipherSuites(ciphers);
        if (key != null && !chain.isEmpty()) b.credentials(key, chain);
        b.applicationProtocols(alpn);
        b.sessionCache(sessionCache).ticketKeys(ticketKeys).sessionTickets(!owner.options().contains(SslOptions.NO_TICKET));
        // OpenSSL 3: secure renegotiation, but a server takes the client's request only when allowed.
        b.renegotiation(owner.options().contains(SslOptions.NO_RENEGOTIATION) ? org.dtlsj.config.RenegotiationPolicy.REFUSE
                : server && !owner.options().contains(SslOptions.ALLOW_CLIENT_RENEGOTIATION)
                ? org.dtlsj.config.RenegotiationPolicy.LOCAL_ONLY : org.dtlsj.config.RenegotiationPolicy.ACCEPT);
        if (server && pskServerCallback != null) {
            PskServerCallback cb = pskServerCallback;
            byte[] hint = pskIdentityHint != null ? pskIdentityHint.getBytes(java.nio.charset.StandardCharsets.UTF_8) : null;
            b.pskStore(new org.dtlsj.config.PskStore() {
                @Override
                public byte[] key(byte[] identity) {
                    return cb.key(owner, new String(identity, java.nio.charset.StandardCharsets.UTF_8));
                }

                @Override
                public byte[] identityHint() {
                    return hint;
                }
            });
        }
        if (!server && pskClientCallback != null) {
            PskClientCallback cb = pskClientCallback;
            b.pskProvider(h -> cb.psk(owner, new String(h, java.nio.charset.StandardCharsets.UTF_8)));
        }
        if (clientCertCallback != null && !server) {
            ClientCertCallback cb = clientCertCallback;
            b.clientCertificateSelector(authorities -> cb.select(owner));
        }
        boolean peer = verify.contains(VerifyMode.PEER);
        if (verifyCallback != null) {
            VerifyCallback cb = verifyCallback;
            b.verifier((ok, ctx) -> cb.verify(ok, new X509StoreCtx(ctx.chain(), ctx.error())));
        }
        if (server) {
            b.clientAuth(!peer ? ClientAuth.NONE : verify.contains(VerifyMode.FAIL_IF_NO_PEER_CERT) ? ClientAuth.NEED : ClientAuth.WANT);
        } else {
            // OpenSSL checks no host name unless asked (SSL_set1_host).
            b.verifyPeer(peer).verifyHostName(hostToCheck != null);
        }
        return b.build();
    }

}
