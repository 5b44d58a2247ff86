package org.dtlsj.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dtlsj.error.AlertDescription;
import org.dtlsj.wire.extension.EcPointFormats;
import org.dtlsj.wire.extension.Extension;
import org.dtlsj.wire.extension.Extensions;
import org.dtlsj.wire.extension.ServerName;
import org.dtlsj.wire.extension.SignatureAlgorithms;
import org.dtlsj.wire.extension.SupportedGroups;
import org.dtlsj.wire.handshake.CertificateMessage;
import org.dtlsj.wire.handshake.CertificateRequest;
import org.dtlsj.wire.handshake.ClientHello;
import org.dtlsj.wire.handshake.EcdheClientKeyExchange;
import org.dtlsj.wire.handshake.EcdheServerKeyExchange;
import org.dtlsj.wire.handshake.Finished;
import org.dtlsj.wire.handshake.HandshakeHeader;
import org.dtlsj.wire.handshake.ServerHello;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The MUSTs of the RFCs about malformed input that the wire layer enforces, and the open wire
 * values of DESIGN.md habit 2. The invalid encodings are written by hand with {@link WireWriter}
 * (the records cannot be built with them, or encode them fine on purpose).
 */
class WireRfcRulesTest {

    @FunctionalInterface
    interface Decoder<T> {
        T decode(WireReader r) throws DecodeException;
    }

    private static <T> T decodeWhole(Decoder<T> d, byte[] b) throws DecodeException {
        WireReader r = new WireReader(b);
        T t = d.decode(r);
        r.expectEnd("struct");
        return t;
    }

    private static DecodeException decodeFails(Decoder<?> d, byte[] b) {
        Throwable t = null;
        try {
            decodeWhole(d, b);
        } catch (Throwable e) {
            t = e;
        }
        assertThat(t).as("decode of %s", HexFormat.hex(b)).isInstanceOf(DecodeException.class);
        return (DecodeException) t;
    }

    private static final class HexFormat {
        static String hex(byte[] b) {
            return java.util.HexFormat.of().formatHex(b);
        }
    }

    private static byte[] fill(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    /** A ClientHello written field by field, so each field can be made invalid. */
    private static byte[] clientHello(byte[] sid, byte[] cookie, byte[] suitesBody, byte[] comp, byte[] extBlock) {
        WireWriter w = new WireWriter();
        ProtocolVersion.DTLS_1_2.encode(w);
        w.bytes(fill(32, 0x11));
        w.u8Vector(sid);
        w.u8Vector(cookie);
        w.u16Vector(suitesBody);
        w.u8Vector(comp);
        if (extBlock != null) w.u16Vector(extBlock);
        return w.toByteArray();
    }

    private static final byte[] ONE_SUITE = {(byte) 0xC0, 0x2B};
    private static final byte[] NULL_COMPRESSION = {0};

    private static byte[] serverHello(byte[] sid, byte[] extBlock) {
        WireWriter w = new WireWriter();
        ProtocolVersion.DTLS_1_2.encode(w);
        w.bytes(fill(32, 0x22));
        w.u8Vector(sid);
        w.u16(0xC02B).u8(0);
        if (extBlock != null) w.u16Vector(extBlock);
        return w.toByteArray();
    }

    private static byte[] extensionBlock(int... typesAndLengths) {
        WireWriter w = new WireWriter();
        for (int i = 0; i < typesAndLengths.length; i += 2) {
            w.u16(typesAndLengths[i]).u16Vector(fill(typesAndLengths[i + 1], 0));
        }
        return w.toByteArray();
    }

    // ------------------------------------------------------------------ extensions

    @Nested
    class DuplicateExtensions {
        // RFC 5246 §7.4.1.4: "There MUST NOT be more than one extension of the same type."

        @Test
        void clientHelloWithTwoExtensionsOfOneTypeIsRejected() {
            byte[] ch = clientHello(new byte[0], new byte[0], ONE_SUITE, NULL_COMPRESSION,
                    extensionBlock(23, 0, 10, 4, 23, 0));
            decodeFails(ClientHello::decode, ch);
        }

        @Test
        void duplicateUnknownExtensionIsRejectedToo() {
            byte[] ch = clientHello(new byte[0], new byte[0], ONE_SUITE, NULL_COMPRESSION,
                    extensionBlock(0x7a7a, 1, 0x7a7a, 2));
            decodeFails(ClientHello::decode, ch);
        }

        @Test
        void adjacentDuplicateWithDifferentBodiesIsRejected() {
            WireWriter b = new WireWriter();
            Extension.of(ExtensionType.EC_POINT_FORMATS, EcPointFormats.UNCOMPRESSED_ONLY).encode(b);
            Extension.of(ExtensionType.EC_POINT_FORMATS, new EcPointFormats(new byte[] {0, 1})).encode(b);
            decodeFails(ClientHello::decode,
                    clientHello(new byte[0], new byte[0], ONE_SUITE, NULL_COMPRESSION, b.toByteArray()));
        }

        @Test
        void serverHelloWithDuplicateExtensionIsRejected() {
            decodeFails(ServerHello::decode, serverHello(new byte[0], extensionBlock(0xff01, 1, 23, 0, 0xff01, 1)));
        }

        @Test
        void extensionBlockAloneRejectsDuplicates() {
            WireWriter w = new WireWriter();
            w.u16Vector(extensionBlock(0, 0, 0, 0));
            decodeFails(Extensions::decodeTrailing, w.toByteArray());
        }

        @Test
        void distinctTypesAreAccepted() throws DecodeException {
            ClientHello ch = decodeWhole(ClientHello::decode, clientHello(new byte[0], new byte[0], ONE_SUITE,
                    NULL_COMPRESSION, extensionBlock(23, 0, 10, 4, 0xff01, 1)));
            assertThat(ch.extensions().list()).extracting(e -> e.type().value()).containsExactly(23, 10, 0xff01);
        }
    }

    @Test
    void absentAndEmptyExtensionBlocksStayDistinct() throws DecodeException {
        byte[] absent = clientHello(new byte[0], new byte[0], ONE_SUITE, NULL_COMPRESSION, null);
        byte[] empty = clientHello(new byte[0], new byte[0], ONE_SUITE, NULL_COMPRESSION, new byte[0]);
        ClientHello a = decodeWhole(ClientHello::decode, absent);
        ClientHello e = decodeWhole(ClientHello::decode, empty);
        assertThat(a.extensions()).isEqualTo(Extensions.NONE);
        assertThat(e.extensions().present()).isTrue();
        assertThat(e.extensions().list()).isEmpty();
        assertThat(WireWriter.encode(a)).isEqualTo(absent);
        assertThat(WireWriter.encode(e)).isEqualTo(empty);
    }

    @Test
    void oneStrayByteWhereTheExtensionBlockWouldStartIsRejected() {
        byte[] ch = clientHello(new byte[0], new byte[0], ONE_SUITE, NULL_COMPRESSION, null);
        byte[] longer = Arrays.copyOf(ch, ch.length + 1);
        decodeFails(ClientHello::decode, longer);
    }

    // ------------------------------------------------------------------ session_id

    @Nested
    class SessionId {
        // RFC 5246 §7.4.1.2: opaque SessionID<0..32>.

        @Test
        void clientHelloSessionIdOf33BytesIsRejected() {
            decodeFails(ClientHello::decode, clientHello(fill(33, 7), new byte[0], ONE_SUITE, NULL_COMPRESSION, null));
        }

        @Test
        void clientHelloSessionIdOf255BytesIsRejected() {
            decodeFails(ClientHello::decode, clientHello(fill(255, 7), new byte[0], ONE_SUITE, NULL_COMPRESSION, null));
        }

        @Test
        void clientHelloSessionIdOf32BytesIsAccepted() throws DecodeException {
            assertThat(decodeWhole(ClientHello::decode,
                    clientHello(fill(32, 7), new byte[0], ONE_SUITE, NULL_COMPRESSION, null)).sessionId()).hasSize(32);
        }

        @Test
        void serverHelloSessionIdOf33BytesIsRejected() {
            decodeFails(ServerHello::decode, serverHello(fill(33, 1), null));
        }

        @Test
        void serverHelloSessionIdOf32BytesIsAccepted() throws DecodeException {
            assertThat(decodeWhole(ServerHello::decode, serverHello(fill(32, 1), null)).sessionId()).hasSize(32);
        }
    }

    // ------------------------------------------------------------------ cipher_suites, compression

    @Nested
    class CipherSuitesAndCompression {
        // RFC 5246 §7.4.1.2: CipherSuite cipher_suites<2..2^16-2>; CompressionMethod compression_methods<1..2^8-1>.

        @Test
        void emptyCipherSuitesIsRejected() {
            decodeFails(ClientHello::decode, clientHello(new byte[0], new byte[0], new byte[0], NULL_COMPRESSION, null));
        }

        @ParameterizedTest(name = "{0} bytes")
        @ValueSource(ints = {1, 3, 5, 255})
        void oddLengthCipherSuitesIsRejected(int n) {
            decodeFails(ClientHello::decode, clientHello(new byte[0], new byte[0], fill(n, 0xC0), NULL_COMPRESSION, null));
        }

        @Test
        void emptyCompressionMethodsIsRejected() {
            decodeFails(ClientHello::decode, clientHello(new byte[0], new byte[0], ONE_SUITE, new byte[0], null));
        }

        @Test
        void emptyCompressionMethodsIsRejectedWithExtensionsToo() {
            decodeFails(ClientHello::decode, clientHello(new byte[0], new byte[0], ONE_SUITE, new byte[0],
                    extensionBlock(23, 0)));
        }
    }

    // ------------------------------------------------------------------ ServerKeyExchange

    private static byte[] serverKeyExchange(int curveType) {
        WireWriter w = new WireWriter();
        w.u8(curveType).u16(23).u8Vector(fill(65, 4));
        w.u16(0x0403).u16Vector(fill(70, 0x30));
        return w.toByteArray();
    }

    @ParameterizedTest(name = "ECCurveType {0}")
    @ValueSource(ints = {0, 1, 2, 4, 255})
    void curveTypeOtherThanNamedCurveIsIllegalParameter(int curveType) {
        // RFC 8422 §5.4: explicit_prime(1) and explicit_char2(2) are deprecated and only named_curve(3)
        // may be used; RFC 8422 §5.4 / RFC 5246 §7.2.2: a value that is out of place is illegal_parameter.
        DecodeException e = decodeFails(EcdheServerKeyExchange::decode, serverKeyExchange(curveType));
        assertThat(e.alert()).isEqualTo(AlertDescription.ILLEGAL_PARAMETER);
    }

    @Test
    void namedCurveIsAccepted() throws DecodeException {
        EcdheServerKeyExchange ske = decodeWhole(EcdheServerKeyExchange::decode, serverKeyExchange(3));
        assertThat(ske.group()).isEqualTo(NamedGroup.SECP256R1);
        assertThat(ske.publicPoint()).hasSize(65);
    }

    @Test
    void emptyEcPointsAreRejected() {
        // RFC 8422 §5.4: struct { opaque point <1..2^8-1>; } ECPoint;
        WireWriter w = new WireWriter();
        w.u8(3).u16(23).u8Vector(new byte[0]).u16(0x0403).u16Vector(fill(8, 1));
        decodeFails(EcdheServerKeyExchange::decode, w.toByteArray());
        decodeFails(EcdheClientKeyExchange::decode, new byte[] {0});
    }

    // ------------------------------------------------------------------ handshake header

    @Nested
    class HandshakeHeaderBounds {
        // RFC 6347 §4.2.3: a fragment covers [fragment_offset, fragment_offset + fragment_length) of a
        // message of `length` bytes; one that reaches past the end is malformed.

        private byte[] header(int length, int offset, int fragmentLength) {
            WireWriter w = new WireWriter();
            w.u8(11).u24(length).u16(1).u24(offset).u24(fragmentLength);
            return w.toByteArray();
        }

        @Test
        void fragmentPastTheMessageEndIsRejected() {
            decodeFails(HandshakeHeader::decode, header(100, 50, 51));
            decodeFails(HandshakeHeader::decode, header(100, 101, 0));
            decodeFails(HandshakeHeader::decode, header(100, 0, 101));
            decodeFails(HandshakeHeader::decode, header(0, 0, 1));
        }

        @Test
        void sumThatWouldOverflowAnIntIsStillRejected() {
            decodeFails(HandshakeHeader::decode, header(0xffffff, 0xffffff, 0xffffff));
            decodeFails(HandshakeHeader::decode, header(0xfffffe, 0xffffff, 0));
        }

        @Test
        void fragmentEndingAtTheMessageEndIsAccepted() throws DecodeException {
            HandshakeHeader h = decodeWhole(HandshakeHeader::decode, header(100, 50, 50));
            assertThat(h.fragmentEnd()).isEqualTo(100);
            assertThat(decodeWhole(HandshakeHeader::decode, header(100, 100, 0)).fragmentLength()).isZero();
            assertThat(decodeWhole(HandshakeHeader::decode, header(0, 0, 0)).isWhole()).isTrue();
            assertThat(decodeWhole(HandshakeHeader::decode, header(0xffffff, 0, 0xffffff)).isWhole()).isTrue();
        }

        @Test
        void wholeMessageHeaderWithLengthOneShorterIsRejected() {
            // The registry cannot corrupt these fields (they are not vector prefixes); this is the
            // equivalent check: lengthen the fragment or shorten the message of a whole-message header.
            decodeFails(HandshakeHeader::decode, header(99, 0, 100));
            decodeFails(HandshakeHeader::decode, header(100, 1, 100));
        }
    }

    // ------------------------------------------------------------------ Finished, CCS

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 11, 13, 32, 36})
    void finishedOfWrongLengthIsRejected(int n) {
        // RFC 5246 §7.4.9: verify_data_length is 12 for every cipher suite dtlsj implements.
        decodeFails(Finished::decode, fill(n, 0x5a));
    }

    @Test
    void finishedOfTwelveBytesIsAccepted() throws DecodeException {
        assertThat(decodeWhole(Finished::decode, fill(12, 0x5a)).verifyData()).isEqualTo(fill(12, 0x5a));
    }

    @ParameterizedTest(name = "value {0}")
    @ValueSource(ints = {0, 2, 0x14, 0xff})
    void changeCipherSpecOtherThanOneIsRejected(int v) {
        // RFC 5246 §7.1: enum { change_cipher_spec(1), (255) } type;
        decodeFails(ChangeCipherSpec::decode, new byte[] {(byte) v});
    }

    @Test
    void changeCipherSpecEmptyOrLongerIsRejected() {
        decodeFails(ChangeCipherSpec::decode, new byte[0]);
        decodeFails(ChangeCipherSpec::decode, new byte[] {1, 1});
    }

    // ------------------------------------------------------------------ other vector minimums

    @Test
    void otherVectorMinimumsAreEnforced() {
        // RFC 5246 §7.4.2: opaque ASN.1Cert<1..2^24-1>.
        WireWriter cert = new WireWriter();
        cert.u24Prefixed(l -> l.u24Prefixed(b -> { }));
        decodeFails(CertificateMessage::decode, cert.toByteArray());
        // RFC 5246 §7.4.4: certificate_types<1..2^8-1>, DistinguishedName<1..2^16-1>.
        WireWriter noTypes = new WireWriter();
        noTypes.u8Vector(new byte[0]).u16Vector(new byte[] {4, 3}).u16Vector(new byte[0]);
        decodeFails(CertificateRequest::decode, noTypes.toByteArray());
        WireWriter emptyDn = new WireWriter();
        emptyDn.u8Vector(new byte[] {64}).u16Vector(new byte[] {4, 3}).u16Prefixed(l -> l.u16Vector(new byte[0]));
        decodeFails(CertificateRequest::decode, emptyDn.toByteArray());
        // RFC 5246 §7.4.1.4.1: supported_signature_algorithms<2..2^16-2>.
        decodeFails(SignatureAlgorithms::decode, new byte[] {0, 0});
        decodeFails(SignatureAlgorithms::decode, new byte[] {0, 3, 4, 3, 5});
        // RFC 8422 §5.1.1: named_group_list<2..2^16-1>, of two-byte entries.
        decodeFails(SupportedGroups::decode, new byte[] {0, 0});
        decodeFails(SupportedGroups::decode, new byte[] {0, 1, 23});
        // RFC 8422 §5.1.2: ec_point_format_list<1..2^8-1>.
        decodeFails(EcPointFormats::decode, new byte[] {0});
        // RFC 6066 §3: server_name_list<1..2^16-1>, HostName<1..2^16-1>, at most one host_name.
        decodeFails(ServerName::decode, new byte[] {0, 0});
        decodeFails(ServerName::decode, new byte[] {0, 3, 0, 0, 0});
        decodeFails(ServerName::decode, new byte[] {0, 8, 0, 0, 1, 'a', 0, 0, 1, 'b'});
    }

    @Test
    void recordSizeLimitBelow64IsIllegalParameter() {
        // RFC 8449 §4: "An endpoint MUST treat receipt of a smaller value as a fatal error and
        // generate an illegal_parameter alert."
        assertThat(decodeFails(org.dtlsj.wire.extension.RecordSizeLimit::decode, new byte[] {0, 63}).alert())
                .isEqualTo(AlertDescription.ILLEGAL_PARAMETER);
        decodeFails(org.dtlsj.wire.extension.RecordSizeLimit::decode, new byte[] {0});
        decodeFails(org.dtlsj.wire.extension.RecordSizeLimit::decode, new byte[] {1, 0, 0});
    }

    @Test
    void serverNameIsOneHostNameInPrintableAscii() throws DecodeException {
        // A fuzzing finding (WireCodecFuzzTest#extensions): bytes outside ASCII decoded to '?' and
        // came back changed. RFC 6066 §3: HostName is "a byte string using ASCII encoding".
        decodeFails(ServerName::decode, new byte[] {0, 6, 0, 0, 3, 'a', (byte) 0xcb, (byte) 0xfd});
        decodeFails(ServerName::decode, new byte[] {0, 6, 0, 0, 3, 'a', 0, 'b'});
        decodeFails(ServerName::decode, new byte[] {0, 6, 0, 0, 3, 'a', ' ', 'b'});
        // An entry of another name_type, alone or after the host_name, as OpenSSL and BoringSSL refuse it.
        decodeFails(ServerName::decode, new byte[] {0, 4, 1, 0, 1, 'a'});
        decodeFails(ServerName::decode, new byte[] {0, 8, 0, 0, 1, 'a', 1, 0, 1, 'b'});
        assertThat(decodeWhole(ServerName::decode, new byte[] {0, 6, 0, 0, 3, 'a', '.', 'b'})).isEqualTo(new ServerName("a.b"));
        assertThatThrownBy(() -> new ServerName("bücher.example")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ServerName.isValidHostName("xn--bcher-kva.example")).isTrue();
    }

    // ------------------------------------------------------------------ open wire values (DESIGN.md habit 2)

    @Nested
    class OpenWireValues {

        @Test
        void unknownExtensionTypesSurviveARoundTrip() throws DecodeException {
            List<Extension> unknown = new ArrayList<>();
            int[] types = {0x0a0a, 0x1234, 0xfe00, 0xfffe, 0xffff, 57, 65037};
            for (int t : types) unknown.add(new Extension(new ExtensionType(t), fill(t % 7, t & 0xff)));
            ClientHello ch = new ClientHello(ProtocolVersion.DTLS_1_2, fill(32, 3), new byte[0], new byte[0],
                    List.of(new CipherSuiteId(0xC02B)), NULL_COMPRESSION, Extensions.of(unknown));
            byte[] enc = WireWriter.encode(ch);
            ClientHello back = decodeWhole(ClientHello::decode, enc);
            assertThat(back.extensions().list()).extracting(e -> e.type().value())
                    .containsExactly(Arrays.stream(types).boxed().toArray(Integer[]::new));
            for (int i = 0; i < types.length; i++) {
                assertThat(back.extensions().list().get(i).data()).isEqualTo(unknown.get(i).data());
            }
            assertThat(WireWriter.encode(back)).isEqualTo(enc);
            assertThat(new ExtensionType(0x1234).toString()).contains("4660");
        }

        @Test
        void unknownCipherSuiteIdsSurviveARoundTrip() throws DecodeException {
            List<CipherSuiteId> suites = List.of(new CipherSuiteId(0x0000), new CipherSuiteId(0x0a0a),
                    new CipherSuiteId(0xabcd), new CipherSuiteId(0xffff), CipherSuiteId.EMPTY_RENEGOTIATION_INFO_SCSV);
            ClientHello ch = new ClientHello(ProtocolVersion.DTLS_1_2, fill(32, 3), new byte[0], fill(8, 9), suites,
                    NULL_COMPRESSION, Extensions.NONE);
            byte[] enc = WireWriter.encode(ch);
            ClientHello back = decodeWhole(ClientHello::decode, enc);
            assertThat(back.cipherSuites()).isEqualTo(suites);
            assertThat(WireWriter.encode(back)).isEqualTo(enc);

            byte[] sh = serverHello(new byte[0], null);
            sh[2 + 32 + 1] = (byte) 0xee;
            sh[2 + 32 + 2] = (byte) 0xee;
            assertThat(decodeWhole(ServerHello::decode, sh).cipherSuite()).isEqualTo(new CipherSuiteId(0xeeee));
        }

        @Test
        void unknownNamedGroupsSurviveARoundTrip() throws DecodeException {
            List<NamedGroup> groups = List.of(new NamedGroup(0x0a0a), new NamedGroup(0x0100), NamedGroup.X25519,
                    new NamedGroup(0x11ec), new NamedGroup(0xffff));
            byte[] enc = WireWriter.encode(new SupportedGroups(groups));
            SupportedGroups back = decodeWhole(SupportedGroups::decode, enc);
            assertThat(back.groups()).isEqualTo(groups);
            assertThat(WireWriter.encode(back)).isEqualTo(enc);

            // A ServerKeyExchange naming a group we do not know still decodes: refusing it is the
            // handshake's decision (RFC 8422 §5.4), not the codec's.
            WireWriter w = new WireWriter();
            w.u8(3).u16(0x4242).u8Vector(fill(3, 1)).u16(0x0403).u16Vector(new byte[0]);
            EcdheServerKeyExchange ske = decodeWhole(EcdheServerKeyExchange::decode, w.toByteArray());
            assertThat(ske.group()).isEqualTo(new NamedGroup(0x4242));
            assertThat(WireWriter.encode(ske)).isEqualTo(w.toByteArray());
        }

        @Test
        void unknownSignatureSchemesVersionsAndTypesSurvive() throws DecodeException {
            byte[] sa = {0, 6, 0x02, 0x02, (byte) 0xfe, 0x01, 0x04, 0x03};
            SignatureAlgorithms algs = decodeWhole(SignatureAlgorithms::decode, sa);
            assertThat(algs.schemes()).containsExactly(new SignatureScheme(0x0202), new SignatureScheme(0xfe01),
                    SignatureScheme.ECDSA_SECP256R1_SHA256);
            assertThat(WireWriter.encode(algs)).isEqualTo(sa);

            byte[] rh = {(byte) 0x99, 3, 4, 0, 1, 0, 0, 0, 0, 0, 7, 0, 0};
            RecordHeader h = decodeWhole(RecordHeader::decode, rh);
            assertThat(h.type()).isEqualTo(new ContentType(0x99));
            assertThat(h.version()).isEqualTo(new ProtocolVersion(3, 4));
            assertThat(WireWriter.encode(h)).isEqualTo(rh);

            byte[] hh = {(byte) 0xab, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1};
            assertThat(decodeWhole(HandshakeHeader::decode, hh).type()).isEqualTo(new HandshakeType(0xab));
        }
    }

    @Test
    void lyingLengthsNeverEscapeAsRuntimeExceptions() {
        // A sub-reader is scoped to its prefix, so a too-large length is a DecodeException, not an
        // out-of-bounds read into the next field.
        assertThatThrownBy(() -> decodeWhole(ClientHello::decode,
                new byte[] {(byte) 254, (byte) 253, 0, 0})).isInstanceOf(DecodeException.class);
        byte[] ch = clientHello(new byte[0], new byte[0], ONE_SUITE, NULL_COMPRESSION, null);
        ch[2 + 32] = (byte) 0xff; // session_id length 255 in a hello far shorter than that
        decodeFails(ClientHello::decode, ch);
    }
}
