package org.dtlsj.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dtlsj.crypto.OpenSslTool.run;
import static org.dtlsj.crypto.OpenSslTool.signsAndVerifies;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link PemFiles} reads what {@code openssl} writes: PKCS#8 (RFC 5208/5958), SEC1 EC keys
 * (RFC 5915) with and without the "EC PARAMETERS" block, PKCS#1 RSA keys (RFC 8017 A.1.2),
 * PEM certificate chains (RFC 7468), DER certificates and PKCS#12 (RFC 7292) stores.
 */
class PemFilesTest {
    @TempDir
    Path dir;

    @BeforeEach
    void needOpenSsl() {
        OpenSslTool.assumeAvailable();
    }

    /** A self-signed certificate for {@code key} made by openssl, read back. */
    private X509Certificate certFor(String keyFile) throws Exception {
        String crt = keyFile + ".crt";
        run(dir, "req", "-x509", "-key", keyFile, "-subj", "/CN=test", "-days", "2", "-out", crt);
        List<X509Certificate> certs = PemFiles.readCertificates(dir.resolve(crt));
        assertThat(certs).hasSize(1);
        return certs.get(0);
    }

    @Test
    void pkcs8EcKeyMatchesItsCertificate() throws Exception {
        run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "k8.pem");
        PrivateKey key = PemFiles.readPrivateKey(dir.resolve("k8.pem"));
        assertThat(key.getAlgorithm()).isEqualTo("EC");
        assertThat(signsAndVerifies(key, certFor("k8.pem").getPublicKey())).isTrue();
    }

    @Test
    void pkcs8FromStringAsWellAsPath() throws Exception {
        run(dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "k8.pem");
        String text = Files.readString(dir.resolve("k8.pem"), StandardCharsets.US_ASCII);
        assertThat(PemFiles.readPrivateKey(text).getEncoded())
                .isEqualTo(PemFiles.readPrivateKey(dir.resolve("k8.pem")).getEncoded());
    }

    @Test
    void pkcs8Ed25519() throws Exception {
        run(dir, "genpkey", "-algorithm", "ED25519", "-out", "ed.pem");
        PrivateKey key = PemFiles.readPrivateKey(dir.resolve("ed.pem"));
        assertThat(key.getAlgorithm()).isIn("Ed25519", "EdDSA");
        assertThat(signsAndVerifies(key, certFor("ed.pem").getPublicKey())).isTrue();
    }

    @Test
    void pkcs8RsaAndRsaPss() throws Exception {
        run(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa8.pem");
        PrivateKey rsa = PemFiles.readPrivateKey(dir.resolve("rsa8.pem"));
        assertThat(rsa.getAlgorithm()).isEqualTo("RSA");
        assertThat(signsAndVerifies(rsa, certFor("rsa8.pem").getPublicKey())).isTrue();

        run(dir, "genpkey", "-algorithm", "RSA-PSS", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "pss.pem");
        PrivateKey pss = PemFiles.readPrivateKey(dir.resolve("pss.pem"));
        assertThat(pss.getAlgorithm()).isEqualTo("RSASSA-PSS");
        assertThat(signsAndVerifies(pss, certFor("pss.pem").getPublicKey())).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"prime256v1", "secp384r1", "secp521r1"})
    void sec1EcKeyAfterEcParametersBlock(String curve) throws Exception {
        run(dir, "ecparam", "-name", curve, "-genkey", "-out", "sec1.pem");
        String text = Files.readString(dir.resolve("sec1.pem"), StandardCharsets.US_ASCII);
        assertThat(text).startsWith("-----BEGIN EC PARAMETERS-----").contains("-----BEGIN EC PRIVATE KEY-----");

        PrivateKey key = PemFiles.readPrivateKey(dir.resolve("sec1.pem"));
        assertThat(key.getAlgorithm()).isEqualTo("EC");
        assertThat(signsAndVerifies(key, certFor("sec1.pem").getPublicKey())).isTrue();

        // Same scalar as openssl's own conversion to PKCS#8.
        run(dir, "pkey", "-in", "sec1.pem", "-out", "as8.pem");
        ECPrivateKey viaOpenSsl = (ECPrivateKey) PemFiles.readPrivateKey(dir.resolve("as8.pem"));
        assertThat(((ECPrivateKey) key).getS()).isEqualTo(viaOpenSsl.getS());
        assertThat(((ECPrivateKey) key).getParams().getOrder()).isEqualTo(viaOpenSsl.getParams().getOrder());
    }

    @Test
    void sec1EcKeyWithoutEcParametersBlock() throws Exception {
        run(dir, "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "sec1.pem");
        assertThat(Files.readString(dir.resolve("sec1.pem"))).startsWith("-----BEGIN EC PRIVATE KEY-----")
                .doesNotContain("EC PARAMETERS");
        PrivateKey key = PemFiles.readPrivateKey(dir.resolve("sec1.pem"));
        assertThat(signsAndVerifies(key, certFor("sec1.pem").getPublicKey())).isTrue();
    }

    @Test
    void pkcs1RsaKey() throws Exception {
        run(dir, "genrsa", "-traditional", "-out", "rsa1.pem", "2048");
        assertThat(Files.readString(dir.resolve("rsa1.pem"))).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        PrivateKey key = PemFiles.readPrivateKey(dir.resolve("rsa1.pem"));
        assertThat(key.getAlgorithm()).isEqualTo("RSA");
        assertThat(signsAndVerifies(key, certFor("rsa1.pem").getPublicKey())).isTrue();

        run(dir, "pkey", "-in", "rsa1.pem", "-out", "as8.pem");
        RSAPrivateCrtKey viaOpenSsl = (RSAPrivateCrtKey) PemFiles.readPrivateKey(dir.resolve("as8.pem"));
        assertThat(((RSAPrivateCrtKey) key).getModulus()).isEqualTo(viaOpenSsl.getModulus());
        assertThat(((RSAPrivateCrtKey) key).getPrivateExponent()).isEqualTo(viaOpenSsl.getPrivateExponent());
        // The wrapped PKCS#8 (rsaEncryption OID with NULL parameters) is byte-for-byte openssl's.
        assertThat(key.getEncoded()).isEqualTo(viaOpenSsl.getEncoded());
    }

    @Test
    void pkcs1RsaKeyConvertedWithOpensslRsaTraditional() throws Exception {
        run(dir, "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "rsa8.pem");
        run(dir, "rsa", "-in", "rsa8.pem", "-traditional", "-out", "rsa1.pem");
        assertThat(PemFiles.readPrivateKey(dir.resolve("rsa1.pem")).getEncoded())
                .isEqualTo(PemFiles.readPrivateKey(dir.resolve("rsa8.pem")).getEncoded());
    }

    @Test
    void keyFileWithCrlfLineEndings() throws Exception {
        run(dir, "ecparam", "-name", "prime256v1", "-genkey", "-out", "sec1.pem");
        String lf = Files.readString(dir.resolve("sec1.pem"));
        Files.writeString(dir.resolve("crlf.pem"), lf.replace("\n", "\r\n"));
        assertThat(PemFiles.readPrivateKey(dir.resolve("crlf.pem")).getEncoded())
                .isEqualTo(PemFiles.readPrivateKey(dir.resolve("sec1.pem")).getEncoded());
    }

    /** Makes ca.key/ca.pem (self-signed CA) and leaf.key/leaf.pem issued by it. */
    private void makeChain() throws Exception {
        run(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ca.key", "-subj", "/CN=Test CA", "-days", "2", "-out", "ca.pem",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign");
        run(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "leaf.key", "-subj", "/CN=leaf", "-out", "leaf.csr");
        run(dir, "x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-out", "leaf.pem");
    }

    @Test
    void chainFileLeafFirst() throws Exception {
        makeChain();
        Files.writeString(dir.resolve("chain.pem"),
                Files.readString(dir.resolve("leaf.pem")) + Files.readString(dir.resolve("ca.pem")));
        List<X509Certificate> chain = PemFiles.readCertificates(dir.resolve("chain.pem"));
        assertThat(chain).hasSize(2);
        assertThat(chain.get(0).getSubjectX500Principal().getName()).isEqualTo("CN=leaf");
        assertThat(chain.get(1).getSubjectX500Principal().getName()).isEqualTo("CN=Test CA");
        chain.get(0).verify(chain.get(1).getPublicKey());
        assertThat(signsAndVerifies(PemFiles.readPrivateKey(dir.resolve("leaf.key")), chain.get(0).getPublicKey()))
                .isTrue();
        assertThat(signsAndVerifies(PemFiles.readPrivateKey(dir.resolve("ca.key")), chain.get(0).getPublicKey()))
                .isFalse();
    }

    @Test
    void chainWithExplanatoryTextAndCrlf() throws Exception {
        makeChain();
        // "openssl x509 -text" puts a dump before the block; pkcs12 -nokeys puts "Bag Attributes".
        String leafWithText = run(dir, "x509", "-in", "leaf.pem", "-text");
        String caWithBag = "Bag Attributes\n    friendlyName: ca\nsubject=CN = Test CA\n\n" + Files.readString(dir.resolve("ca.pem"));
        Files.writeString(dir.resolve("chain.pem"), (leafWithText + caWithBag).replace("\n", "\r\n"));
        List<X509Certificate> chain = PemFiles.readCertificates(dir.resolve("chain.pem"));
        assertThat(chain).extracting(c -> c.getSubjectX500Principal().getName()).containsExactly("CN=leaf", "CN=Test CA");
    }

    @Test
    void derCertificateWithoutArmour() throws Exception {
        makeChain();
        run(dir, "x509", "-in", "leaf.pem", "-outform", "DER", "-out", "leaf.der");
        List<X509Certificate> certs = PemFiles.readCertificates(dir.resolve("leaf.der"));
        assertThat(certs).hasSize(1);
        assertThat(certs.get(0)).isEqualTo(PemFiles.readCertificates(dir.resolve("leaf.pem")).get(0));
    }

    @Test
    void pkcs12WithChain() throws Exception {
        makeChain();
        run(dir, "pkcs12", "-export", "-inkey", "leaf.key", "-in", "leaf.pem", "-certfile", "ca.pem",
                "-name", "leaf", "-passout", "pass:secret", "-out", "leaf.p12");
        PemFiles.KeyAndChain kc = PemFiles.readPkcs12(dir.resolve("leaf.p12"), "secret".toCharArray());
        assertThat(kc.chain()).extracting(c -> c.getSubjectX500Principal().getName()).containsExactly("CN=leaf", "CN=Test CA");
        assertThat(signsAndVerifies(kc.key(), kc.chain().get(0).getPublicKey())).isTrue();
        assertThat(kc.key().getEncoded()).isEqualTo(PemFiles.readPrivateKey(dir.resolve("leaf.key")).getEncoded());
    }

    @Test
    void pkcs12WithOlderTripleDesAndSha1Mac() throws Exception {
        makeChain();
        run(dir, "pkcs12", "-export", "-inkey", "leaf.key", "-in", "leaf.pem", "-certfile", "ca.pem",
                "-keypbe", "PBE-SHA1-3DES", "-certpbe", "PBE-SHA1-3DES", "-macalg", "sha1",
                "-passout", "pass:secret", "-out", "old.p12");
        PemFiles.KeyAndChain kc = PemFiles.readPkcs12(dir.resolve("old.p12"), "secret".toCharArray());
        assertThat(kc.chain()).hasSize(2);
        assertThat(signsAndVerifies(kc.key(), kc.chain().get(0).getPublicKey())).isTrue();
    }

    @Test
    void pemWritersRoundTripThroughOpenssl() throws Exception {
        var g = KeyPairGenerator.getInstance("EC");
        g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        PrivateKey key = g.generateKeyPair().getPrivate();
        String keyPem = PemFiles.toPem(key);
        assertThat(keyPem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(keyPem.lines().filter(l -> !l.startsWith("-----"))).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(64));
        Files.writeString(dir.resolve("mine.pem"), keyPem);
        // openssl accepts it and writes back the same PKCS#8 key.
        run(dir, "pkey", "-in", "mine.pem", "-out", "theirs.pem");
        assertThat(PemFiles.readPrivateKey(dir.resolve("theirs.pem")).getEncoded()).isEqualTo(key.getEncoded());
        assertThat(PemFiles.readPrivateKey(keyPem).getEncoded()).isEqualTo(key.getEncoded());

        makeChain();
        X509Certificate leaf = PemFiles.readCertificates(dir.resolve("leaf.pem")).get(0);
        String certPem = PemFiles.toPem(leaf);
        assertThat(certPem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        // openssl's own PEM for the certificate is the same text.
        assertThat(certPem).isEqualTo(Files.readString(dir.resolve("leaf.pem")));
    }

    /** EC key pairs are written with their public key (RFC 5915), which GnuTLS needs and OpenSSL also writes. */
    @Test
    void ecKeyPairsCarryTheirPublicKey() throws Exception {
        for (String curve : java.util.List.of("secp256r1", "secp384r1")) {
            var g = KeyPairGenerator.getInstance("EC");
            g.initialize(new java.security.spec.ECGenParameterSpec(curve));
            java.security.KeyPair pair = g.generateKeyPair();
            String pem = PemFiles.toPem(pair);
            Files.writeString(dir.resolve("pair.pem"), pem);
            // dtlsj reads back the same key, and it still signs for the public key.
            PrivateKey back = PemFiles.readPrivateKey(pem);
            assertThat(((java.security.interfaces.ECPrivateKey) back).getS())
                    .isEqualTo(((java.security.interfaces.ECPrivateKey) pair.getPrivate()).getS());
            assertThat(signsAndVerifies(back, pair.getPublic())).isTrue();
            // OpenSSL derives the public key from the file: it is the pair's.
            run(dir, "pkey", "-in", "pair.pem", "-pubout", "-out", "pub.pem");
            String pub = Files.readString(dir.resolve("pub.pem")).replaceAll("-----[A-Z ]+-----|\\s", "");
            assertThat(java.util.Base64.getDecoder().decode(pub)).isEqualTo(pair.getPublic().getEncoded());
            // The uncompressed point itself is in the file, in the [1] publicKey field.
            byte[] der = java.util.Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
            byte[] spki = pair.getPublic().getEncoded();
            byte[] point = java.util.Arrays.copyOfRange(spki, spki.length - (curve.equals("secp256r1") ? 65 : 97), spki.length);
            assertThat(java.util.HexFormat.of().formatHex(der)).contains("a1" + java.util.HexFormat.of().formatHex(
                    new byte[] {(byte) (point.length + 3), 0x03, (byte) (point.length + 1), 0x00}) + java.util.HexFormat.of().formatHex(point));
            // GnuTLS, which refuses the JDK's own encoding, reads it (where gnutls-bin is installed, as in CI).
            if (Files.isExecutable(Path.of("/usr/bin/certtool"))) {
                Process p = new ProcessBuilder("/usr/bin/certtool", "-k", "--infile", dir.resolve("pair.pem").toString())
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(p.waitFor()).as(out).isZero();
            }
        }
        // Other key types are written as before.
        var rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        java.security.KeyPair r = rsa.generateKeyPair();
        assertThat(PemFiles.toPem(r)).isEqualTo(PemFiles.toPem(r.getPrivate()));
    }
}
