package org.dtlsj.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dtlsj.error.AlertDescription;
import org.dtlsj.error.AlertLevel;
import org.dtlsj.wire.extension.EcPointFormats;
import org.dtlsj.wire.extension.Extension;
import org.dtlsj.wire.extension.Extensions;
import org.dtlsj.wire.extension.RenegotiationInfo;
import org.dtlsj.wire.extension.ServerName;
import org.dtlsj.wire.extension.SignatureAlgorithms;
import org.dtlsj.wire.extension.SupportedGroups;
import org.dtlsj.wire.handshake.CertificateMessage;
import org.dtlsj.wire.handshake.CertificateRequest;
import org.dtlsj.wire.handshake.CertificateVerify;
import org.dtlsj.wire.handshake.ClientHello;
import org.dtlsj.wire.handshake.EcdheClientKeyExchange;
import org.dtlsj.wire.handshake.EcdheServerKeyExchange;
import org.dtlsj.wire.handshake.NewSessionTicket;
import org.dtlsj.wire.handshake.PskClientKeyExchange;
import org.dtlsj.wire.handshake.PskServerKeyExchange;
import org.dtlsj.wire.handshake.Finished;
import org.dtlsj.wire.handshake.HandshakeHeader;
import org.dtlsj.wire.handshake.HelloRequest;
import org.dtlsj.wire.handshake.HelloVerifyRequest;
import org.dtlsj.wire.handshake.ServerHello;
import org.dtlsj.wire.handshake.ServerHelloDone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one registry test over every wire struct (DESIGN.md habit 1).
 *
 * <p>Every case is a realistic sample value, the decoder the engine would use (the struct's
 * {@code decode} followed by {@link WireReader#expectEnd}, because the engine always decodes a
 * struct from a reader scoped to exactly its bytes), and a {@link Layout} that walks the struct's
 * grammar (from the RFC, not from the encoder) to find where each vector length prefix sits and
 * which body length it must hold. For each case:
 * <ol>
 *   <li>the layout agrees with the encoding (so the offsets below are right, not guessed);</li>
 *   <li>encode, decode, encode gives identical bytes;</li>
 *   <li>every strict prefix fails with {@link DecodeException}, except prefixes the grammar
 *       itself makes valid, which each case lists with the reason;</li>
 *   <li>one trailing byte fails;</li>
 *   <li>each vector length prefix, increased or decreased by one, fails.</li>
 * </ol>
 * "Fails" always means a {@link DecodeException}: any other throwable (an
 * {@code ArrayIndexOutOfBoundsException}, an {@code IllegalArgumentException} from a record
 * constructor, ...) is a bug, since the bytes came from a peer.
 *
 * <p>Decoding always happens through a window in the middle of a larger array filled with junk,
 * so a decoder that reads outside its reader's window would be caught as well.
 */
class WireCodecRegistryTest {

    /** What the engine does with a struct's bytes: decode, and require that nothing is left. */
    @FunctionalInterface
    interface Decoder {
        Encodable decode(WireReader r) throws DecodeException;
    }

    @FunctionalInterface
    interface StructDecoder<T> {
        T decode(WireReader r) throws DecodeException;
    }

    /** {@code r -> { T t = X.decode(r); r.expectEnd("x"); return t; }} */
    static <T extends Encodable> Decoder whole(String what, StructDecoder<T> d) {
        return r -> {
            T t = d.decode(r);
            r.expectEnd(what);
            return t;
        };
    }

    /** A vector length prefix: where it sits, how many bytes wide it is, and the body length it holds. */
    record LengthField(String name, int offset, int width, int value) {
        long max() {
            return (1L << (8 * width)) - 1;
        }
    }

    /**
     * Walks a struct's grammar (RFC 5246 §4 presentation language) and records every vector length
     * prefix that the struct's decoder parses. Vectors whose body is opaque to the decoder (for
     * example the data of an extension inside a hello) are single {@link #vector} calls: the length
     * prefixes nested inside such bodies are not this struct's to check; the registry case of the
     * inner struct checks them.
     */
    static final class Layout {
        private int pos;
        private final List<LengthField> fields = new ArrayList<>();
        private final Deque<int[]> open = new ArrayDeque<>();
        private final Deque<String> openNames = new ArrayDeque<>();

        /** A fixed-size field (or run of fields) without a length prefix. */
        Layout fixed(int n) {
            pos += n;
            return this;
        }

        /** {@code opaque name<..>} with a {@code width}-byte prefix and an opaque body. */
        Layout vector(String name, int width, int bodyLength) {
            fields.add(new LengthField(name, pos, width, bodyLength));
            pos += width + bodyLength;
            return this;
        }

        /** Opens a vector whose body is made of further fields; {@link #close()} ends it. */
        Layout open(String name, int width) {
            open.push(new int[] {fields.size(), pos, width});
            openNames.push(name);
            fields.add(null);
            pos += width;
            return this;
        }

        Layout close() {
            int[] o = open.pop();
            String name = openNames.pop();
            fields.set(o[0], new LengthField(name, o[1], o[2], pos - o[1] - o[2]));
            return this;
        }

        /** {@code Extension extensions<0..2^16-1>} as it ends a hello (nothing at all when absent). */
        Layout extensions(Extensions ext) {
            if (!ext.present()) {
                return this;
            }
            open("extensions", 2);
            for (Extension e : ext.list()) {
                fixed(2).vector("extension_data(" + e.type() + ")", 2, e.data().length);
            }
            return close();
        }

        int length() {
            if (!open.isEmpty()) throw new IllegalStateException("unclosed vector " + openNames.peek());
            return pos;
        }

        List<LengthField> fields() {
            length();
            return List.copyOf(fields);
        }

        int offsetOf(String name) {
            return fields.stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow().offset();
        }
    }

    /**
     * One registry entry.
     *
     * @param validPrefixes strict prefix lengths that are themselves a valid encoding by the
     *        struct's grammar, each with the reason (the prefix test checks they decode, and to
     *        exactly those bytes)
     */
    record Case(String name, Class<?> struct, Encodable value, Decoder decoder, Layout layout,
                Map<Integer, String> validPrefixes) {
        byte[] encoding() {
            return WireWriter.encode(value);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static Case c(String name, Class<?> struct, Encodable value, Decoder decoder, Layout layout) {
        return new Case(name, struct, value, decoder, layout, Map.of());
    }

    // ------------------------------------------------------------------ sample values

    private static final SplittableRandom RANDOM = new SplittableRandom(0x0D71_5A11L);

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) RANDOM.nextInt(256);
        return b;
    }

    /** DER-ish bytes: a SEQUENCE header with a two-byte length, then random content. */
    private static byte[] der(int n) {
        byte[] b = bytes(n);
        b[0] = 0x30;
        b[1] = (byte) 0x82;
        b[2] = (byte) ((n - 4) >>> 8);
        b[3] = (byte) (n - 4);
        return b;
    }

    private static List<CipherSuiteId> suites(int... ids) {
        return Arrays.stream(ids).mapToObj(CipherSuiteId::new).toList();
    }

    private static Extensions clientExtensions() {
        return Extensions.of(List.of(
                Extension.of(ExtensionType.SERVER_NAME, new ServerName("dtls.example.org")),
                Extension.of(ExtensionType.SUPPORTED_GROUPS,
                        new SupportedGroups(List.of(NamedGroup.X25519, NamedGroup.SECP256R1, NamedGroup.SECP384R1))),
                Extension.of(ExtensionType.EC_POINT_FORMATS, EcPointFormats.UNCOMPRESSED_ONLY),
                Extension.of(ExtensionType.SIGNATURE_ALGORITHMS, new SignatureAlgorithms(List.of(
                        SignatureScheme.ECDSA_SECP256R1_SHA256, SignatureScheme.RSA_PSS_RSAE_SHA256,
                        SignatureScheme.RSA_PKCS1_SHA256))),
                Extension.empty(ExtensionType.EXTENDED_MASTER_SECRET),
                Extension.of(ExtensionType.RENEGOTIATION_INFO, RenegotiationInfo.INITIAL),
                // An extension type dtlsj does not know, GREASE-style (RFC 8701): it must survive.
                new Extension(new ExtensionType(0x7a7a), bytes(5))));
    }

    private static Extensions serverExtensions() {
        return Extensions.of(List.of(
                Extension.of(ExtensionType.RENEGOTIATION_INFO, RenegotiationInfo.INITIAL),
                Extension.empty(ExtensionType.EXTENDED_MASTER_SECRET),
                Extension.of(ExtensionType.EC_POINT_FORMATS, EcPointFormats.UNCOMPRESSED_ONLY)));
    }

    private static Case clientHello(String name, byte[] sid, byte[] cookie, List<CipherSuiteId> suites, byte[] comp,
                                    Extensions ext) {
        ClientHello ch = new ClientHello(ProtocolVersion.DTLS_1_2, bytes(32), sid, cookie, suites, comp, ext);
        Layout l = new Layout().fixed(2 + 32)
                .vector("session_id", 1, sid.length)
                .vector("cookie", 1, cookie.length)
                .vector("cipher_suites", 2, 2 * suites.size())
                .vector("compression_methods", 1, comp.length)
                .extensions(ext);
        Map<Integer, String> valid = new LinkedHashMap<>();
        if (ext.present()) {
            // RFC 5246 §7.4.1.2: the extension block of a ClientHello is optional ("the presence of
            // extensions can be detected by determining whether there are bytes following the
            // compression_methods"), so the prefix that ends right before it is a complete
            // ClientHello without extensions.
            valid.put(l.offsetOf("extensions"), "ClientHello without an extension block");
        }
        return new Case(name, ClientHello.class, ch, whole("ClientHello", ClientHello::decode), l, valid);
    }

    private static Case serverHello(String name, byte[] sid, int suite, Extensions ext) {
        ServerHello sh = new ServerHello(ProtocolVersion.DTLS_1_2, bytes(32), sid, new CipherSuiteId(suite), 0, ext);
        Layout l = new Layout().fixed(2 + 32).vector("session_id", 1, sid.length).fixed(2 + 1).extensions(ext);
        Map<Integer, String> valid = new LinkedHashMap<>();
        if (ext.present()) {
            // RFC 5246 §7.4.1.3: the ServerHello's extension block is optional too (same
            // "extensions_present" select as the ClientHello).
            valid.put(l.offsetOf("extensions"), "ServerHello without an extension block");
        }
        return new Case(name, ServerHello.class, sh, whole("ServerHello", ServerHello::decode), l, valid);
    }

    private static Case certificate(String name, List<byte[]> certs) {
        Layout l = new Layout().open("certificate_list", 3);
        for (int i = 0; i < certs.size(); i++) l.vector("ASN.1Cert[" + i + "]", 3, certs.get(i).length);
        l.close();
        return c(name, CertificateMessage.class, new CertificateMessage(certs),
                whole("Certificate", CertificateMessage::decode), l);
    }

    private static Case serverKeyExchange(String name, NamedGroup g, byte[] point, SignatureScheme s, byte[] sig) {
        Layout l = new Layout().fixed(1 + 2).vector("ECPoint.point", 1, point.length).fixed(2)
                .vector("signature", 2, sig.length);
        return c(name, EcdheServerKeyExchange.class, new EcdheServerKeyExchange(g, point, s, sig),
                whole("ServerKeyExchange", EcdheServerKeyExchange::decode), l);
    }

    private static Case certificateRequest(String name, byte[] types, List<SignatureScheme> algs, List<byte[]> cas) {
        Layout l = new Layout().vector("certificate_types", 1, types.length)
                .vector("supported_signature_algorithms", 2, 2 * algs.size())
                .open("certificate_authorities", 2);
        for (int i = 0; i < cas.size(); i++) l.vector("DistinguishedName[" + i + "]", 2, cas.get(i).length);
        l.close();
        return c(name, CertificateRequest.class, new CertificateRequest(types, new SignatureAlgorithms(algs), cas),
                whole("CertificateRequest", CertificateRequest::decode), l);
    }

    private static Case extension(String name, Extension e) {
        return c(name, Extension.class, e, whole("Extension", Extension::decode),
                new Layout().fixed(2).vector("extension_data", 2, e.data().length));
    }

    /** Built once, so every test method sees the same bytes (the values are immutable records). */
    private static final List<Case> CASES = buildCases();

    static List<Case> cases() {
        return CASES;
    }

    private static List<Case> buildCases() {
        List<Case> cases = new ArrayList<>();

        // --- record layer and simple structs: fixed size, no vectors
        for (ProtocolVersion v : List.of(ProtocolVersion.DTLS_1_2, ProtocolVersion.DTLS_1_0, new ProtocolVersion(3, 3))) {
            cases.add(c("ProtocolVersion " + v, ProtocolVersion.class, v, whole("ProtocolVersion", ProtocolVersion::decode),
                    new Layout().fixed(2)));
        }
        // RecordHeader.length counts the fragment that follows the header, outside this struct:
        // it is not a vector prefix here, so there is nothing for (d) to corrupt.
        cases.add(c("RecordHeader handshake epoch 0", RecordHeader.class,
                new RecordHeader(ContentType.HANDSHAKE, ProtocolVersion.DTLS_1_0, 0, 0, 167),
                whole("RecordHeader", RecordHeader::decode), new Layout().fixed(13)));
        cases.add(c("RecordHeader application_data max sequence", RecordHeader.class,
                new RecordHeader(ContentType.APPLICATION_DATA, ProtocolVersion.DTLS_1_2, 0xffff, RecordHeader.MAX_SEQUENCE, 16384 + 2048),
                whole("RecordHeader", RecordHeader::decode), new Layout().fixed(13)));
        cases.add(c("Alert fatal handshake_failure", Alert.class, Alert.fatal(AlertDescription.HANDSHAKE_FAILURE),
                whole("Alert", Alert::decode), new Layout().fixed(2)));
        cases.add(c("Alert warning close_notify", Alert.class, Alert.warning(AlertDescription.CLOSE_NOTIFY),
                whole("Alert", Alert::decode), new Layout().fixed(2)));
        cases.add(c("Alert unknown level and description", Alert.class,
                new Alert(new AlertLevel(7), new AlertDescription(0xee)), whole("Alert", Alert::decode), new Layout().fixed(2)));
        cases.add(c("ChangeCipherSpec", ChangeCipherSpec.class, new ChangeCipherSpec(),
                whole("ChangeCipherSpec", ChangeCipherSpec::decode), new Layout().fixed(1)));
        // HandshakeHeader's length / fragment_offset / fragment_length describe the body that
        // follows outside this struct, so they are not vector prefixes; their consistency rule
        // (offset + fragment_length <= length) is tested in WireRfcRulesTest.
        cases.add(c("HandshakeHeader whole ClientHello", HandshakeHeader.class,
                HandshakeHeader.whole(HandshakeType.CLIENT_HELLO, 155, 0),
                whole("HandshakeHeader", HandshakeHeader::decode), new Layout().fixed(12)));
        cases.add(c("HandshakeHeader middle fragment of a Certificate", HandshakeHeader.class,
                new HandshakeHeader(HandshakeType.CERTIFICATE, 0x012345, 3, 1200, 1100),
                whole("HandshakeHeader", HandshakeHeader::decode), new Layout().fixed(12)));
        cases.add(c("HandshakeHeader empty ServerHelloDone", HandshakeHeader.class,
                HandshakeHeader.whole(HandshakeType.SERVER_HELLO_DONE, 0, 4),
                whole("HandshakeHeader", HandshakeHeader::decode), new Layout().fixed(12)));

        // --- hellos
        List<CipherSuiteId> many = suites(0xC02B, 0xC02C, 0xCCA9, 0xC02F, 0xC030, 0xCCA8, 0x1a1a, 0x00ff);
        cases.add(clientHello("ClientHello initial, no cookie, extensions", new byte[0], new byte[0], many,
                new byte[] {0}, clientExtensions()));
        cases.add(clientHello("ClientHello with 32-byte cookie and session_id, extensions", bytes(32), bytes(32), many,
                new byte[] {0}, clientExtensions()));
        cases.add(clientHello("ClientHello 255-byte cookie, no extension block", new byte[0], bytes(255),
                suites(0xC02B), new byte[] {1, 0}, Extensions.NONE));
        cases.add(clientHello("ClientHello empty extension block", bytes(16), bytes(20), suites(0xC02B, 0x00ff),
                new byte[] {0}, Extensions.of(List.of())));
        cases.add(c("HelloVerifyRequest empty cookie", HelloVerifyRequest.class,
                new HelloVerifyRequest(ProtocolVersion.DTLS_1_0, new byte[0]),
                whole("HelloVerifyRequest", HelloVerifyRequest::decode), new Layout().fixed(2).vector("cookie", 1, 0)));
        cases.add(c("HelloVerifyRequest 32-byte cookie", HelloVerifyRequest.class,
                new HelloVerifyRequest(ProtocolVersion.DTLS_1_0, bytes(32)),
                whole("HelloVerifyRequest", HelloVerifyRequest::decode), new Layout().fixed(2).vector("cookie", 1, 32)));
        cases.add(c("HelloVerifyRequest 255-byte cookie", HelloVerifyRequest.class,
                new HelloVerifyRequest(ProtocolVersion.DTLS_1_2, bytes(255)),
                whole("HelloVerifyRequest", HelloVerifyRequest::decode), new Layout().fixed(2).vector("cookie", 1, 255)));
        cases.add(serverHello("ServerHello 32-byte session_id, extensions", bytes(32), 0xC02B, serverExtensions()));
        cases.add(serverHello("ServerHello empty session_id, extensions", new byte[0], 0xCCA8, serverExtensions()));
        cases.add(serverHello("ServerHello no extension block", bytes(32), 0xC02F, Extensions.NONE));
        cases.add(serverHello("ServerHello empty extension block", new byte[0], 0xC030, Extensions.of(List.of())));

        // --- server flight
        cases.add(certificate("Certificate empty list", List.of()));
        cases.add(certificate("Certificate one cert", List.of(der(517))));
        cases.add(certificate("Certificate two certs", List.of(der(812), der(1033))));
        cases.add(serverKeyExchange("ServerKeyExchange secp256r1 ECDSA", NamedGroup.SECP256R1, bytes(65),
                SignatureScheme.ECDSA_SECP256R1_SHA256, der(71)));
        cases.add(serverKeyExchange("ServerKeyExchange x25519 RSA-PSS", NamedGroup.X25519, bytes(32),
                SignatureScheme.RSA_PSS_RSAE_SHA256, bytes(256)));
        cases.add(serverKeyExchange("ServerKeyExchange unknown group, empty signature", new NamedGroup(0x0a0a), bytes(1),
                new SignatureScheme(0xfefe), new byte[0]));
        cases.add(certificateRequest("CertificateRequest no CAs", new byte[] {CertificateRequest.ECDSA_SIGN, CertificateRequest.RSA_SIGN},
                List.of(SignatureScheme.ECDSA_SECP256R1_SHA256, SignatureScheme.RSA_PKCS1_SHA256), List.of()));
        cases.add(certificateRequest("CertificateRequest two CAs", new byte[] {CertificateRequest.ECDSA_SIGN},
                List.of(SignatureScheme.ECDSA_SECP256R1_SHA256, SignatureScheme.ECDSA_SECP384R1_SHA384,
                        SignatureScheme.RSA_PSS_RSAE_SHA256, SignatureScheme.ED25519),
                List.of(der(90), der(120))));
        cases.add(c("ServerHelloDone", ServerHelloDone.class, new ServerHelloDone(),
                whole("ServerHelloDone", ServerHelloDone::decode), new Layout()));
        cases.add(c("HelloRequest", HelloRequest.class, new HelloRequest(),
                whole("HelloRequest", HelloRequest::decode), new Layout()));

        // --- client flight
        cases.add(c("ClientKeyExchange secp256r1 point", EcdheClientKeyExchange.class, new EcdheClientKeyExchange(bytes(65)),
                whole("ClientKeyExchange", EcdheClientKeyExchange::decode), new Layout().vector("point", 1, 65)));
        cases.add(c("ClientKeyExchange x25519 point", EcdheClientKeyExchange.class, new EcdheClientKeyExchange(bytes(32)),
                whole("ClientKeyExchange", EcdheClientKeyExchange::decode), new Layout().vector("point", 1, 32)));
        for (int t : new int[] {0, 1, 200}) {
            cases.add(c("NewSessionTicket " + t, NewSessionTicket.class, new NewSessionTicket(7200, bytes(t)),
                    whole("NewSessionTicket", NewSessionTicket::decode), new Layout().fixed(4).vector("ticket", 2, t)));
        }
        // RFC 4279 §2 and RFC 5489 §2.
        for (int hint : new int[] {0, 1, 128}) {
            cases.add(c("PSK ServerKeyExchange hint " + hint, PskServerKeyExchange.class, new PskServerKeyExchange(bytes(hint), null, null),
                    whole("ServerKeyExchange", PskServerKeyExchange::decodePsk), new Layout().vector("psk_identity_hint", 2, hint)));
            cases.add(c("ECDHE_PSK ServerKeyExchange hint " + hint, PskServerKeyExchange.class,
                    new PskServerKeyExchange(bytes(hint), NamedGroup.X25519, bytes(32)),
                    whole("ServerKeyExchange", PskServerKeyExchange::decodeEcdhePsk),
                    new Layout().vector("psk_identity_hint", 2, hint).fixed(3).vector("ECPoint.point", 1, 32)));
        }
        for (int id : new int[] {1, 128, 300}) {
            cases.add(c("PSK ClientKeyExchange identity " + id, PskClientKeyExchange.class, new PskClientKeyExchange(bytes(id), null),
                    whole("ClientKeyExchange", PskClientKeyExchange::decodePsk), new Layout().vector("psk_identity", 2, id)));
            cases.add(c("ECDHE_PSK ClientKeyExchange identity " + id, PskClientKeyExchange.class,
                    new PskClientKeyExchange(bytes(id), bytes(65)), whole("ClientKeyExchange", PskClientKeyExchange::decodeEcdhePsk),
                    new Layout().vector("psk_identity", 2, id).vector("point", 1, 65)));
        }
        cases.add(c("CertificateVerify ECDSA", CertificateVerify.class,
                new CertificateVerify(SignatureScheme.ECDSA_SECP256R1_SHA256, der(72)),
                whole("CertificateVerify", CertificateVerify::decode), new Layout().fixed(2).vector("signature", 2, 72)));
        cases.add(c("CertificateVerify empty signature", CertificateVerify.class,
                new CertificateVerify(SignatureScheme.RSA_PKCS1_SHA256, new byte[0]),
                whole("CertificateVerify", CertificateVerify::decode), new Layout().fixed(2).vector("signature", 2, 0)));
        // Finished is a fixed 12-byte verify_data (RFC 5246 §7.4.9) with no length prefix: every
        // strict prefix is a wrong-length Finished, which the decoder refuses.
        cases.add(c("Finished", Finished.class, new Finished(bytes(12)), whole("Finished", Finished::decode),
                new Layout().fixed(12)));

        // --- extensions
        cases.add(extension("Extension supported_groups", Extension.of(ExtensionType.SUPPORTED_GROUPS,
                new SupportedGroups(List.of(NamedGroup.SECP256R1)))));
        cases.add(extension("Extension empty extended_master_secret", Extension.empty(ExtensionType.EXTENDED_MASTER_SECRET)));
        cases.add(extension("Extension unknown type 0xffff", new Extension(new ExtensionType(0xffff), bytes(40))));
        for (Extensions ext : List.of(clientExtensions(), serverExtensions(), Extensions.of(List.of()))) {
            // RFC 5246 §7.4.1.2: the extension block ends a hello and is optional, so zero bytes are a
            // valid (absent) block: Extensions.NONE, which re-encodes to nothing.
            cases.add(new Case("Extensions block of " + ext.list().size(), Extensions.class, ext,
                    r -> {
                        Extensions e = Extensions.decodeTrailing(r);
                        r.expectEnd("extensions");
                        return e;
                    },
                    new Layout().extensions(ext), Map.of(0, "an absent extension block")));
        }
        cases.add(c("SupportedGroups", SupportedGroups.class,
                new SupportedGroups(List.of(NamedGroup.X25519, NamedGroup.SECP256R1, NamedGroup.SECP384R1,
                        NamedGroup.SECP521R1, new NamedGroup(0x0100), new NamedGroup(0xdada))),
                whole("supported_groups", SupportedGroups::decode), new Layout().vector("named_group_list", 2, 12)));
        cases.add(c("SignatureAlgorithms", SignatureAlgorithms.class,
                new SignatureAlgorithms(List.of(SignatureScheme.ECDSA_SECP256R1_SHA256, SignatureScheme.ECDSA_SECP384R1_SHA384,
                        SignatureScheme.RSA_PSS_RSAE_SHA256, SignatureScheme.RSA_PKCS1_SHA256, new SignatureScheme(0x0202))),
                whole("signature_algorithms", SignatureAlgorithms::decode),
                new Layout().vector("supported_signature_algorithms", 2, 10)));
        cases.add(c("EcPointFormats uncompressed", EcPointFormats.class, EcPointFormats.UNCOMPRESSED_ONLY,
                whole("ec_point_formats", EcPointFormats::decode), new Layout().vector("ec_point_format_list", 1, 1)));
        cases.add(c("EcPointFormats three formats", EcPointFormats.class, new EcPointFormats(new byte[] {0, 1, 2}),
                whole("ec_point_formats", EcPointFormats::decode), new Layout().vector("ec_point_format_list", 1, 3)));
        cases.add(c("RenegotiationInfo initial", RenegotiationInfo.class, RenegotiationInfo.INITIAL,
                whole("renegotiation_info", RenegotiationInfo::decode), new Layout().vector("renegotiated_connection", 1, 0)));
        cases.add(c("RenegotiationInfo server (both verify_data)", RenegotiationInfo.class, new RenegotiationInfo(bytes(24)),
                whole("renegotiation_info", RenegotiationInfo::decode), new Layout().vector("renegotiated_connection", 1, 24)));
        // RFC 7301 §3.1.
        cases.add(c("ApplicationProtocols two", org.dtlsj.wire.extension.ApplicationProtocols.class,
                new org.dtlsj.wire.extension.ApplicationProtocols(List.of("coap", "h2")),
                whole("ALPN", org.dtlsj.wire.extension.ApplicationProtocols::decode),
                new Layout().open("protocol_name_list", 2).vector("ProtocolName[0]", 1, 4).vector("ProtocolName[1]", 1, 2).close()));
        // RFC 7250 §3.
        cases.add(c("CertificateTypes list", org.dtlsj.wire.extension.CertificateTypes.class,
                new org.dtlsj.wire.extension.CertificateTypes(List.of(2, 0), false),
                whole("certificate types", org.dtlsj.wire.extension.CertificateTypes::decodeList), new Layout().vector("types", 1, 2)));
        cases.add(c("CertificateTypes chosen", org.dtlsj.wire.extension.CertificateTypes.class,
                org.dtlsj.wire.extension.CertificateTypes.chosen(2),
                whole("certificate type", org.dtlsj.wire.extension.CertificateTypes::decodeSingle), new Layout().fixed(1)));
        cases.add(c("RawPublicKeyCertificate", org.dtlsj.wire.handshake.RawPublicKeyCertificate.class,
                new org.dtlsj.wire.handshake.RawPublicKeyCertificate(bytes(91)),
                whole("Certificate", org.dtlsj.wire.handshake.RawPublicKeyCertificate::decode),
                new Layout().vector("ASN.1_subjectPublicKeyInfo", 3, 91)));
        for (int limit : new int[] {64, 256, 16384}) {
            cases.add(c("RecordSizeLimit " + limit, org.dtlsj.wire.extension.RecordSizeLimit.class,
                    new org.dtlsj.wire.extension.RecordSizeLimit(limit),
                    whole("record_size_limit", org.dtlsj.wire.extension.RecordSizeLimit::decode), new Layout().fixed(2)));
        }
        for (String host : List.of("dtls.example.org", "a", "x".repeat(253))) {
            cases.add(c("ServerName " + host.length() + " chars", ServerName.class, new ServerName(host),
                    whole("server_name", ServerName::decode),
                    new Layout().open("server_name_list", 2).fixed(1).vector("HostName", 2, host.length()).close()));
        }
        for (SignatureScheme s : List.of(SignatureScheme.ED25519, new SignatureScheme(0xabcd))) {
            cases.add(c("SignatureScheme " + s, SignatureScheme.class, s::encode,
                    r -> {
                        SignatureScheme d = SignatureScheme.decode(r);
                        r.expectEnd("SignatureScheme");
                        return d::encode;
                    }, new Layout().fixed(2)));
        }
        return cases;
    }

    // ------------------------------------------------------------------ harness

    private static final int PAD = 7;

    /** Decodes {@code enc[0, len)} through a window in the middle of junk; returns the failure or null. */
    private static Throwable failure(Decoder d, byte[] enc, int len) {
        try {
            decode(d, enc, len);
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    private static Encodable decode(Decoder d, byte[] enc, int len) throws DecodeException {
        byte[] buf = new byte[PAD + len + PAD];
        Arrays.fill(buf, (byte) 0xA5);
        System.arraycopy(enc, 0, buf, PAD, len);
        return d.decode(new WireReader(buf, PAD, len));
    }

    private static String hex(byte[] b, int len) {
        return HexFormat.of().formatHex(b, 0, Math.min(len, 64)) + (len > 64 ? "..." : "");
    }

    // ------------------------------------------------------------------ the tests

    @Test
    void everyWireStructHasACase() {
        Set<Class<?>> covered = cases().stream().map(Case::struct).collect(Collectors.toSet());
        assertThat(covered).containsAll(List.of(
                ProtocolVersion.class, RecordHeader.class, Alert.class, ChangeCipherSpec.class,
                HandshakeHeader.class, ClientHello.class, HelloVerifyRequest.class, ServerHello.class,
                CertificateMessage.class, EcdheServerKeyExchange.class, CertificateRequest.class,
                ServerHelloDone.class, EcdheClientKeyExchange.class, CertificateVerify.class, Finished.class,
                PskServerKeyExchange.class, PskClientKeyExchange.class, NewSessionTicket.class,
                org.dtlsj.wire.extension.RecordSizeLimit.class, org.dtlsj.wire.extension.CertificateTypes.class,
                org.dtlsj.wire.handshake.RawPublicKeyCertificate.class, org.dtlsj.wire.extension.ApplicationProtocols.class,
                HelloRequest.class, Extension.class, Extensions.class, SupportedGroups.class,
                SignatureAlgorithms.class, EcPointFormats.class, RenegotiationInfo.class, ServerName.class,
                SignatureScheme.class));
        assertThat(cases().stream().map(Case::name).collect(Collectors.toSet())).hasSize(cases().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void layoutMatchesEncoding(Case c) {
        byte[] enc = c.encoding();
        assertThat(enc).as("encoded length per the grammar").hasSize(c.layout().length());
        for (LengthField f : c.layout().fields()) {
            assertThat(readField(enc, f)).as("length field %s at offset %d", f.name(), f.offset()).isEqualTo(f.value());
        }
        // The layout must not list the same prefix twice.
        assertThat(new HashSet<>(c.layout().fields().stream().map(LengthField::offset).toList()))
                .hasSize(c.layout().fields().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void roundTripIsIdentical(Case c) throws DecodeException {
        byte[] enc = c.encoding();
        Encodable decoded = decode(c.decoder(), enc, enc.length);
        assertThat(WireWriter.encode(decoded)).as("encode(decode(encode(x)))").isEqualTo(enc);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyStrictPrefixFails(Case c) throws DecodeException {
        byte[] enc = c.encoding();
        for (int n = 0; n < enc.length; n++) {
            String why = c.validPrefixes().get(n);
            if (why != null) {
                Encodable d = decode(c.decoder(), enc, n);
                assertThat(WireWriter.encode(d)).as("prefix of %d bytes is valid as %s", n, why)
                        .isEqualTo(Arrays.copyOf(enc, n));
                continue;
            }
            Throwable t = failure(c.decoder(), enc, n);
            assertThat(t).as("prefix of %d of %d bytes: %s", n, enc.length, hex(enc, n)).isInstanceOf(DecodeException.class);
        }
        // Every listed exception must be a real strict prefix, so none is silently unused.
        assertThat(c.validPrefixes().keySet()).allMatch(n -> n >= 0 && n < enc.length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void oneTrailingByteFails(Case c) {
        byte[] enc = c.encoding();
        for (int trailing : new int[] {0x00, 0x01, 0xff}) {
            byte[] longer = Arrays.copyOf(enc, enc.length + 1);
            longer[enc.length] = (byte) trailing;
            assertThat(failure(c.decoder(), longer, longer.length))
                    .as("trailing byte 0x%02x", trailing).isInstanceOf(DecodeException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void corruptedLengthFieldsFail(Case c) {
        byte[] enc = c.encoding();
        List<String> problems = new ArrayList<>();
        for (LengthField f : c.layout().fields()) {
            for (int delta : new int[] {-1, +1}) {
                long v = (long) f.value() + delta;
                if (v < 0 || v > f.max()) continue;   // not representable in the prefix
                byte[] bad = enc.clone();
                writeField(bad, f, (int) v);
                Throwable t = failure(c.decoder(), bad, bad.length);
                if (!(t instanceof DecodeException)) {
                    problems.add(f.name() + "@" + f.offset() + " " + f.value() + (delta > 0 ? "+1" : "-1") + " -> "
                            + (t == null ? "decoded successfully" : t.toString()));
                }
            }
        }
        assertThat(problems).as("length fields that did not fail with DecodeException").isEmpty();
    }

    private static int readField(byte[] b, LengthField f) {
        int v = 0;
        for (int i = 0; i < f.width(); i++) v = (v << 8) | (b[f.offset() + i] & 0xff);
        return v;
    }

    private static void writeField(byte[] b, LengthField f, int v) {
        for (int i = f.width() - 1; i >= 0; i--) {
            b[f.offset() + i] = (byte) v;
            v >>>= 8;
        }
    }

    /** A cross-check that the harness itself would notice a non-DecodeException failure. */
    @Test
    void harnessReportsForeignExceptions() {
        Decoder broken = r -> {
            throw new IllegalStateException("boom");
        };
        assertThat(failure(broken, new byte[0], 0)).isNotInstanceOf(DecodeException.class);
        assertThat(Stream.of(failure(r -> new ChangeCipherSpec(), new byte[0], 0))).containsOnlyNulls();
    }
}
