package org.dtlsj.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.dtlsj.crypto.OpenSslTool.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to {@link PemFiles} fails with an {@link IOException} or
 * {@link IllegalArgumentException} whose message names the file and the problem — never an
 * index or null-pointer error from deep inside a parser.
 */
class PemFilesErrorsTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** The DER inside the first block of {@code type} in a PEM file. */
    private static byte[] derOf(Path pemFile, String type) throws IOException {
        String text = Files.readString(pemFile);
        int from = text.indexOf("-----BEGIN " + type + "-----");
        int body = text.indexOf('\n', from) + 1;
        int end = text.indexOf("-----END " + type + "-----");
        return Base64.getMimeDecoder().decode(text.substring(body, end));
    }

    // ---- missing and empty files ----

    @Test
    void missingFileNamesThePath() {
        Path missing = dir.resolve("nope.pem");
        for (ThrowingRead r : List.<ThrowingRead>of(
                () -> PemFiles.readCertificates(missing),
                () -> PemFiles.readPrivateKey(missing),
                () -> PemFiles.readPkcs12(missing, "x".toCharArray()))) {
            Throwable t = catchThrowable(r::read);
            assertThat(t).isInstanceOf(NoSuchFileException.class);
            assertThat(t.getMessage()).contains(missing.toString());
        }
    }

    @Test
    void emptyFiles() throws IOException {
        Path empty = write("empty.pem", "");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(empty))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(empty.toString());
        assertThatThrownBy(() -> PemFiles.readCertificates(empty))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(empty.toString());
    }

    // ---- garbage ----

    @Test
    void garbageText() throws IOException {
        Path junk = write("junk.pem", "this is not a key\nnor a certificate\n");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(junk))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(junk.toString()).hasMessageContaining("PRIVATE KEY");
        assertThatThrownBy(() -> PemFiles.readCertificates(junk))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(junk.toString());
        assertThatThrownBy(() -> PemFiles.readPrivateKey("hello"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PRIVATE KEY");
    }

    @Test
    void garbageBinaryCertificate() throws IOException {
        byte[] junk = new byte[300];
        new Random(1).nextBytes(junk);
        junk[0] = 0x30; // looks like a SEQUENCE for the first byte
        Path f = Files.write(dir.resolve("junk.der"), junk);
        assertThatThrownBy(() -> PemFiles.readCertificates(f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(f.toString());
    }

    @Test
    void wellArmouredGarbage() throws IOException {
        byte[] junk = "definitely not DER".getBytes(StandardCharsets.US_ASCII);
        Path cert = write("c.pem", pem("CERTIFICATE", junk));
        assertThatThrownBy(() -> PemFiles.readCertificates(cert))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(cert.toString());
        for (String type : List.of("PRIVATE KEY", "EC PRIVATE KEY", "RSA PRIVATE KEY")) {
            Path key = write("k.pem", pem(type, junk));
            assertThatThrownBy(() -> PemFiles.readPrivateKey(key))
                    .as(type).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(key.toString()).hasMessageContaining(type);
        }
        Path bad64 = write("b.pem", "-----BEGIN PRIVATE KEY-----\n@@@@ ****\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(bad64))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad64.toString());
    }

    @Test
    void keyGivenAsCertificateAndTheOtherWayRound() throws Exception {
        OpenSslTool.assumeAvailable();
        run(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "k.pem", "-subj", "/CN=x", "-days", "1", "-out", "c.pem");
        assertThatThrownBy(() -> PemFiles.readCertificates(dir.resolve("k.pem")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k.pem").hasMessageContaining("CERTIFICATE");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(dir.resolve("c.pem")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("c.pem").hasMessageContaining("PRIVATE KEY");
    }

    // ---- truncation ----

    @Test
    void truncatedBase64() throws Exception {
        OpenSslTool.assumeAvailable();
        run(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "k.pem", "-subj", "/CN=x", "-days", "1", "-out", "c.pem");
        run(dir, "genrsa", "-traditional", "-out", "rsa1.pem", "2048");
        for (String name : List.of("k.pem", "c.pem", "rsa1.pem")) {
            String text = Files.readString(dir.resolve(name));
            List<String> lines = new ArrayList<>(text.lines().toList());
            String end = lines.get(lines.size() - 1);
            // Keep the BEGIN line and half the base64, cut mid-line (odd length: not a whole quantum).
            List<String> head = lines.subList(0, Math.max(2, lines.size() / 2));
            String cut = String.join("\n", head);
            cut = cut.substring(0, cut.length() - 3);
            Path f = write("cut-" + name, cut + "\n" + end + "\n");
            Throwable t = catchThrowable(() -> {
                if (name.equals("c.pem")) PemFiles.readCertificates(f);
                else PemFiles.readPrivateKey(f);
            });
            assertThat(t).as(name).isInstanceOf(IllegalArgumentException.class);
            assertThat(t.getMessage()).as(name).contains(f.toString());

            // Without its END line the block is not found at all.
            Path noEnd = write("noend-" + name, cut + "\n");
            Throwable t2 = catchThrowable(() -> {
                if (name.equals("c.pem")) PemFiles.readCertificates(noEnd);
                else PemFiles.readPrivateKey(noEnd);
            });
            assertThat(t2).as(name).isInstanceOf(IllegalArgumentException.class);
            assertThat(t2.getMessage()).as(name).contains(noEnd.toString());
        }
    }

    /** Every prefix and many byte flips of real keys: only IllegalArgumentException (or a key). */
    @Test
    void mangledDerNeverLeaksARuntimeError() throws Exception {
        OpenSslTool.assumeAvailable();
        run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "k8.pem");
        run(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "sec1.pem");
        run(dir, "genrsa", "-traditional", "-out", "rsa1.pem", "1024");
        record Sample(String type, byte[] der) {
        }
        List<Sample> samples = List.of(
                new Sample("PRIVATE KEY", derOf(dir.resolve("k8.pem"), "PRIVATE KEY")),
                new Sample("EC PRIVATE KEY", derOf(dir.resolve("sec1.pem"), "EC PRIVATE KEY")),
                new Sample("RSA PRIVATE KEY", derOf(dir.resolve("rsa1.pem"), "RSA PRIVATE KEY")));
        Random random = new Random(42);
        List<String> leaks = new ArrayList<>();
        for (Sample s : samples) {
            List<byte[]> variants = new ArrayList<>();
            for (int n = 0; n < s.der.length; n++) variants.add(java.util.Arrays.copyOf(s.der, n));
            for (int i = 0; i < 400; i++) {
                byte[] v = s.der.clone();
                int flips = 1 + random.nextInt(3);
                for (int f = 0; f < flips; f++) v[random.nextInt(Math.min(v.length, 40))] = (byte) random.nextInt(256);
                variants.add(v);
            }
            for (byte[] v : variants) {
                try {
                    PemFiles.readPrivateKey(pem(s.type, v));
                } catch (IllegalArgumentException expected) {
                    assertThat(expected.getMessage()).isNotBlank();
                } catch (RuntimeException leak) {
                    if (leaks.size() < 5) leaks.add(s.type + ": " + leak + " for " + java.util.HexFormat.of().formatHex(v));
                }
            }
        }
        assertThat(leaks).as("runtime errors other than IllegalArgumentException").isEmpty();
    }

    /** A PrivateKeyInfo whose AlgorithmIdentifier is an empty SEQUENCE. */
    @Test
    void pkcs8WithEmptyAlgorithmIdentifier() {
        byte[] der = Der.seq(Der.integer(java.math.BigInteger.ZERO), Der.seq(), Der.tlv(Der.OCTET_STRING, new byte[4]));
        assertThatThrownBy(() -> PemFiles.readPrivateKey(pem("PRIVATE KEY", der)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** An ECPrivateKey whose [0] parameters field is present but empty. */
    @Test
    void sec1WithEmptyParametersField() {
        byte[] der = Der.seq(Der.integer(java.math.BigInteger.ONE), Der.tlv(Der.OCTET_STRING, new byte[32]),
                Der.tlv(0xa0, new byte[0]));
        assertThatThrownBy(() -> PemFiles.readPrivateKey(pem("EC PRIVATE KEY", der)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- SEC1 parameters ----

    @Test
    void sec1WithoutCurveParametersSaysSo() throws Exception {
        OpenSslTool.assumeAvailable();
        run(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "sec1.pem");
        List<Der.Element> fields = Der.parse(derOf(dir.resolve("sec1.pem"), "EC PRIVATE KEY")).children();
        // ECPrivateKey without [0] parameters (and without [1] publicKey): version, privateKey.
        byte[] bare = Der.seq(Der.tlv(fields.get(0).tag(), fields.get(0).value()),
                Der.tlv(fields.get(1).tag(), fields.get(1).value()));
        Path f = write("bare.pem", pem("EC PRIVATE KEY", bare));
        assertThatThrownBy(() -> PemFiles.readPrivateKey(f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("curve");
    }

    @Test
    void sec1WithExplicitCurveParametersIsRefusedCleanly() throws Exception {
        OpenSslTool.assumeAvailable();
        run(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "sec1.pem");
        run(dir, "ec", "-in", "sec1.pem", "-param_enc", "explicit", "-out", "explicit.pem");
        Path f = dir.resolve("explicit.pem");
        assertThatThrownBy(() -> PemFiles.readPrivateKey(f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(f.toString());
    }

    // ---- encrypted keys ----

    @Test
    void encryptedPkcs8() throws Exception {
        OpenSslTool.assumeAvailable();
        run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes256",
                "-pass", "pass:secret", "-out", "enc.pem");
        assertThat(Files.readString(dir.resolve("enc.pem"))).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertEncryptedRefused(dir.resolve("enc.pem"));
    }

    @Test
    void encryptedTraditionalRsaAndEcWithProcTypeHeader() throws Exception {
        OpenSslTool.assumeAvailable();
        run(dir, "genrsa", "-traditional", "-out", "rsa1.pem", "1024");
        run(dir, "rsa", "-in", "rsa1.pem", "-traditional", "-aes128", "-passout", "pass:secret", "-out", "rsaenc.pem");
        run(dir, "ecparam", "-name", "prime256v1", "-genkey", "-out", "sec1.pem");
        run(dir, "ec", "-in", "sec1.pem", "-aes256", "-passout", "pass:secret", "-out", "ecenc.pem");
        for (String name : List.of("rsaenc.pem", "ecenc.pem")) {
            assertThat(Files.readString(dir.resolve(name))).contains("Proc-Type: 4,ENCRYPTED");
            assertEncryptedRefused(dir.resolve(name));
            String text = Files.readString(dir.resolve(name));
            assertThatThrownBy(() -> PemFiles.readPrivateKey(text))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("encrypted");
        }
    }

    @Test
    void encryptedTraditionalKeyWithCrlfLineEndings() throws Exception {
        OpenSslTool.assumeAvailable();
        run(dir, "genrsa", "-traditional", "-out", "rsa1.pem", "1024");
        run(dir, "rsa", "-in", "rsa1.pem", "-traditional", "-aes128", "-passout", "pass:secret", "-out", "rsaenc.pem");
        Path crlf = write("crlf.pem", Files.readString(dir.resolve("rsaenc.pem")).replace("\n", "\r\n"));
        assertEncryptedRefused(crlf);
    }

    private static void assertEncryptedRefused(Path f) {
        assertThatThrownBy(() -> PemFiles.readPrivateKey(f))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("encrypted")
                .hasMessageContaining("openssl pkey -in");
    }

    // ---- PKCS#12 ----

    @Test
    void pkcs12WrongPassword() throws Exception {
        OpenSslTool.assumeAvailable();
        run(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "k.pem", "-subj", "/CN=x", "-days", "1", "-out", "c.pem");
        run(dir, "pkcs12", "-export", "-inkey", "k.pem", "-in", "c.pem", "-passout", "pass:secret", "-out", "p.p12");
        Path p12 = dir.resolve("p.p12");
        Throwable wrong = catchThrowable(() -> PemFiles.readPkcs12(p12, "wrong".toCharArray()));
        assertThat(wrong).isInstanceOfAny(IOException.class, IllegalArgumentException.class);
        assertThat(wrong.getMessage()).contains(p12.toString()).containsIgnoringCase("password");
    }

    @Test
    void pkcs12Garbage() throws Exception {
        Path junk = write("junk.p12", "not a PKCS#12 file");
        Throwable bad = catchThrowable(() -> PemFiles.readPkcs12(junk, "secret".toCharArray()));
        assertThat(bad).isInstanceOfAny(IOException.class, IllegalArgumentException.class);
        assertThat(bad.getMessage()).contains(junk.toString());
    }

    @Test
    void pkcs12WithoutAKey() throws Exception {
        OpenSslTool.assumeAvailable();
        run(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "k.pem", "-subj", "/CN=x", "-days", "1", "-out", "c.pem");
        run(dir, "pkcs12", "-export", "-nokeys", "-in", "c.pem", "-passout", "pass:secret", "-out", "certs.p12");
        Path p12 = dir.resolve("certs.p12");
        assertThatThrownBy(() -> PemFiles.readPkcs12(p12, "secret".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(p12.toString()).hasMessageContaining("private key");
    }

    @FunctionalInterface
    private interface ThrowingRead {
        Object read() throws Exception;
    }
}
