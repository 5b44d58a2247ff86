package org.dtlsj.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.crypto.PemFiles;
import org.dtlsj.wire.NamedGroup;
import picocli.CommandLine.Option;

/** Options the server and the client share. */
final class CommonOptions {
    @Option(names = "--cert", paramLabel = "FILE", description = "Certificate chain, PEM (leaf first), or PKCS#12 with --key omitted.")
    Path cert;

    @Option(names = "--key", paramLabel = "FILE", description = "Private key, PEM (PKCS#8, SEC1 EC or PKCS#1 RSA).")
    Path key;

    @Option(names = "--pass", paramLabel = "PASSWORD", description = "Password of a PKCS#12 --cert file (default: empty).", defaultValue = "")
    String pass;

    @Option(names = "--cafile", paramLabel = "FILE", description = "Trusted root certificates, PEM.")
    Path cafile;

    @Option(names = "--mtu", paramLabel = "N", description = "Largest UDP payload sent (default ${DEFAULT-VALUE}).", defaultValue = "1200")
    int mtu;

    @Option(names = "--keylog", paramLabel = "FILE", description = "Append NSS key log lines (Wireshark can then decrypt). Anyone with this file can read the traffic.")
    Path keylog;

    @Option(names = "--trace", description = "Print every record and handshake message sent and received.")
    boolean trace;

    @Option(names = "--ciphers", paramLabel = "LIST", split = ",", description = "Cipher suites, IANA or OpenSSL names, in order of preference.")
    List<String> ciphers;

    @Option(names = "--heartbeat", paramLabel = "SECONDS", description = "Send a heartbeat (RFC 6520) every SECONDS and print its round-trip time.")
    Integer heartbeat;

    @Option(names = "--no-heartbeat-answer", description = "Announce peer_not_allowed_to_send: send heartbeats but do not answer the peer's.")
    boolean noHeartbeatAnswer;

    @Option(names = "--groups", paramLabel = "LIST", split = ",", description = "Key exchange groups, e.g. x25519,secp256r1.")
    List<String> groups;

    @Option(names = "--dtls", paramLabel = "VERSIONS", description = "1.2 (default), 1.0 or 1.0-1.2. DTLS 1.0 is for legacy peers (RFC 8996 deprecates it) and runs CBC suites only.")
    String dtls;

    @Option(names = "--no-renegotiation", description = "Refuse renegotiation (RFC 5746) from the peer and never start one.")
    boolean noRenegotiation;

    @Option(names = "--alpn", paramLabel = "LIST", split = ",", description = "Application protocols (RFC 7301), in order of preference, e.g. coap,h2.")
    List<String> alpn;

    @Option(names = "--psk", paramLabel = "IDENTITY:HEX", description = "Pre-shared key (RFC 4279): the identity (text) and the key in hex. Enables the PSK suites.")
    String psk;

    @Option(names = "--psk-hint", paramLabel = "TEXT", description = "Server: the PSK identity hint to send.")
    String pskHint;

    @Option(names = "--rpk", description = "Raw public keys (RFC 7250): present this side's key without a certificate"
            + " (from --key, with --cert or a PUBLIC KEY block in the key file; else a new P-256 key) and take the peer's.")
    boolean rpk;

    @Option(names = "--peer-key", paramLabel = "FILE", description = "Raw public keys to trust from peers (PEM PUBLIC KEY blocks or certificates).")
    Path peerKey;

    /** With --rpk: the key pair this side presents, made in {@link #apply}. */
    java.security.KeyPair rawKey;

    /** The key pair for --rpk: --key with the public key of --cert or of the key file, or a new P-256 pair. */
    private java.security.KeyPair rawKeyPair() throws IOException {
        if (key == null) {
            try {
                java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
                g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
                return g.generateKeyPair();
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        PrivateKey k = PemFiles.readPrivateKey(key);
        java.security.PublicKey pub;
        if (cert != null) {
            pub = PemFiles.readCertificates(cert).get(0).getPublicKey();
        } else {
            try {
                pub = PemFiles.readPublicKeys(key).get(0);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--rpk with --key needs --cert, or a PUBLIC KEY block in " + key
                        + " (openssl pkey -in KEY -pubout >> KEY)");
            }
        }
        return new java.security.KeyPair(pub, k);
    }

    /** A short name for a raw public key: SHA-256 of its SubjectPublicKeyInfo, as hex. */
    static String fingerprint(java.security.PublicKey k) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(k.getEncoded()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The identity and key of {@code --psk}. */
    static org.dtlsj.config.PskProvider.Psk parsePsk(String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) throw new IllegalArgumentException("--psk wants IDENTITY:HEX, e.g. client1:00112233445566778899aabbccddeeff");
        byte[] key;
        try {
            key = java.util.HexFormat.of().parseHex(spec.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--psk key is not hex: " + spec.substring(colon + 1));
        }
        return new org.dtlsj.config.PskProvider.Psk(spec.substring(0, colon).getBytes(StandardCharsets.UTF_8), key);
    }

    /** Every {@code --heartbeat} seconds, a heartbeat to {@code session}; one line per answer on {@code out}. */
    void startHeartbeats(org.dtlsj.api.DtlsSession session, PrintStream out) {
        if (heartbeat == null) return;
        long periodMs = heartbeat * 1000L;
        Thread.ofVirtual().start(() -> {
            try {
                while (session.isOpen()) {
                    Thread.sleep(periodMs);
                    if (!session.isOpen()) return;
                    session.heartbeat(16).whenComplete((rtt, err) -> {
                        synchronized (out) {
                            if (err == null) {
                                out.printf(java.util.Locale.ROOT, "heartbeat rtt=%.3f ms%n", rtt.toNanos() / 1e6);
                            } else if (session.isOpen()) {
                                System.err.println("heartbeat to " + session.peer() + " not sent: " + err.getMessage());
                            }
                            out.flush();
                        }
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Applies these options to {@code b}. */
    DtlsConfig.Builder apply(DtlsConfig.Builder b, PrintStream err, String role) throws IOException {
        b.mtu(mtu);
        // Heartbeats are offered by default (answering them costs nothing and keeps NAT bindings up).
        b.heartbeat(noHeartbeatAnswer ? org.dtlsj.wire.heartbeat.HeartbeatMode.PEER_NOT_ALLOWED_TO_SEND
                : org.dtlsj.wire.heartbeat.HeartbeatMode.PEER_ALLOWED_TO_SEND);
        if (cafile != null) b.trustAnchors(PemFiles.readCertificates(cafile));
        if (cert != null) {
            String n = cert.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            if (key == null && (n.endsWith(".p12") || n.endsWith(".pfx"))) {
                PemFiles.KeyAndChain kc = PemFiles.readPkcs12(cert, pass.toCharArray());
                b.credentials(kc.key(), kc.chain());
            } else {
                if (key == null) throw new IllegalArgumentException("--cert needs --key (or give a .p12/.pfx file)");
                List<X509Certificate> chain = PemFiles.readCertificates(cert);
                PrivateKey k = PemFiles.readPrivateKey(key);
                b.credentials(k, chain);
            }
        }
        if (ciphers != null) {
            List<CipherSuite> suites = new ArrayList<>();
            for (String c : ciphers) {
                CipherSuite s = CipherSuite.byName(c);
                if (s == null) throw new IllegalArgumentException("unknown or unsupported cipher suite: " + c);
                suites.add(s);
            }
            b.cipherSuites(suites);
        }
        if (groups != null) {
            List<NamedGroup> gs = new ArrayList<>();
            for (String g : groups) {
                NamedGroup n = NamedGroup.byName(g);
                if (n == null) throw new IllegalArgumentException("unknown group: " + g);
                gs.add(n);
            }
            b.groups(gs);
        }
        if (alpn != null) b.applicationProtocols(alpn);
        if (noRenegotiation) b.renegotiation(org.dtlsj.config.RenegotiationPolicy.REFUSE);
        if (dtls != null) {
            List<org.dtlsj.wire.ProtocolVersion> v = switch (dtls) {
                case "1.2" -> List.of(org.dtlsj.wire.ProtocolVersion.DTLS_1_2);
                case "1.0" -> List.of(org.dtlsj.wire.ProtocolVersion.DTLS_1_0);
                case "1.0-1.2", "1.2-1.0" -> List.of(org.dtlsj.wire.ProtocolVersion.DTLS_1_2, org.dtlsj.wire.ProtocolVersion.DTLS_1_0);
                default -> throw new IllegalArgumentException("--dtls wants 1.2, 1.0 or 1.0-1.2, not " + dtls);
            };
            b.versions(v);
            if (v.contains(org.dtlsj.wire.ProtocolVersion.DTLS_1_0) && ciphers == null) {
                // DTLS 1.0 has only the CBC suites: add them after the defaults.
                List<CipherSuite> suites = new ArrayList<>(b.build().cipherSuites());
                for (CipherSuite s : CipherSuite.values()) {
                    if (s.usableIn(org.dtlsj.wire.ProtocolVersion.DTLS_1_0) && !suites.contains(s)) suites.add(s);
                }
                b.cipherSuites(suites);
            }
        }
        if (rpk) {
            rawKey = rawKeyPair();
            b.rawPublicKeyCredentials(rawKey);
            if (peerKey != null) b.trustedRawPublicKeys(PemFiles.readPublicKeys(peerKey));
            else b.acceptRawPublicKeys(true);
        } else if (peerKey != null) {
            b.trustedRawPublicKeys(PemFiles.readPublicKeys(peerKey));
        }
        if (psk != null) {
            org.dtlsj.config.PskProvider.Psk p = parsePsk(psk);
            b.psk(p.identity(), p.key());
            if (pskHint != null) {
                org.dtlsj.config.PskStore one = org.dtlsj.config.PskStore.of(p.identity(), p.key());
                byte[] hint = pskHint.getBytes(StandardCharsets.UTF_8);
                b.pskStore(new org.dtlsj.config.PskStore() {
                    @Override
                    public byte[] key(byte[] identity) {
                        return one.key(identity);
                    }

                    @Override
                    public byte[] identityHint() {
                        return hint.clone();
                    }
                });
            }
        } else if (pskHint != null) {
            throw new IllegalArgumentException("--psk-hint needs --psk");
        }
        if (keylog != null) {
            err.println("WARNING: writing TLS secrets to " + keylog + " -- anyone with this file can decrypt the traffic");
            PrintWriter w = new PrintWriter(Files.newBufferedWriter(keylog, StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND), true);
            b.keyLog(line -> {
                synchronized (w) {
                    w.println(line);
                }
            });
        }
        if (trace) b.tracer(new TraceWriter(err, role));
        return b;
    }
}
