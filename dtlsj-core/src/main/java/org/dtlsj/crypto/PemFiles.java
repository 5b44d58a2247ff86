package org.dtlsj.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads certificates and keys in the files people have: PEM (RFC 7468) certificate chains,
 * PKCS#8 private keys, SEC1 EC keys (RFC 5915, as {@code openssl ecparam -genkey} writes them),
 * PKCS#1 RSA keys (RFC 8017, {@code openssl genrsa -traditional}), and PKCS#12 stores.
 */
public final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\r?\\n(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
    private static final String EC_PUBLIC_KEY = "1.2.840.10045.2.1";

    private PemFiles() {
    }

    private record Block(String type, String headers, byte[] der) {
    }

    private static List<Block> blocks(String text, String source) {
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text.replace("\r\n", "\n"));
        while (m.find()) {
            String body = m.group(2);
            String headers = "";
            int blank = body.indexOf("\n\n");
            if (body.contains(":") && blank >= 0) {
                headers = body.substring(0, blank);
                body = body.substring(blank + 2);
            }
            try {
                out.add(new Block(m.group(1), headers, Base64.getMimeDecoder().decode(body)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ": bad base64 in a " + m.group(1) + " block");
            }
        }
        return out;
    }

    private static byte[] read(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
    }

    /** The certificates in a PEM file (or one DER certificate), in file order — leaf first for a chain. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        byte[] raw = read(file);
        String text = new String(raw, StandardCharsets.US_ASCII);
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>();
            if (!text.contains("-----BEGIN")) {
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(raw)));
                return out;
            }
            for (Block b : blocks(text, file.toString())) {
                if (b.type.equals("CERTIFICATE") || b.type.equals("X509 CERTIFICATE") || b.type.equals("TRUSTED CERTIFICATE")) {
                    out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der)));
                }
            }
            if (out.isEmpty()) throw new IllegalArgumentException(file + ": no CERTIFICATE block found");
            return out;
        } catch (CertificateException e) {
            throw new IllegalArgumentException(file + ": not a valid X.509 certificate: " + e.getMessage(), e);
        }
    }

    /**
     * The public keys in a PEM file: "PUBLIC KEY" blocks (SubjectPublicKeyInfo, as
     * {@code openssl pkey -pubout} writes) and the keys of any certificates; for raw public key
     * trust (RFC 7250).
     */
    public static List<java.security.PublicKey> readPublicKeys(Path file) throws IOException {
        String text = new String(read(file), StandardCharsets.US_ASCII);
        List<java.security.PublicKey> out = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(text, file.toString())) {
                if (b.type.equals("PUBLIC KEY")) {
                    out.add(RawPublicKeys.parse(b.der));
                } else if (b.type.equals("CERTIFICATE")) {
                    out.add(cf.generateCertificate(new ByteArrayInputStream(b.der)).getPublicKey());
                }
            }
        } catch (CertificateException | org.dtlsj.error.DtlsException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        if (out.isEmpty()) throw new IllegalArgumentException(file + ": no PUBLIC KEY or CERTIFICATE block found");
        return out;
    }

    /** "PUBLIC KEY" PEM: the SubjectPublicKeyInfo. */
    public static String toPem(java.security.PublicKey k) {
        return pem("PUBLIC KEY", k.getEncoded());
    }

    /** The private key in a PEM file. */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        return readPrivateKey(new String(read(file), StandardCharsets.US_ASCII), file.toString());
    }

    /** The private key in PEM text. */
    public static PrivateKey readPrivateKey(String pem) {
        return readPrivateKey(pem, "key");
    }

    private static PrivateKey readPrivateKey(String pem, String source) {
        for (Block b : blocks(pem, source)) {
            if (b.headers.contains("ENCRYPTED") || b.type.equals("ENCRYPTED PRIVATE KEY")) {
                throw new IllegalArgumentException(source + ": the private key is encrypted; decrypt it first, e.g. "
                        + "openssl pkey -in " + source + " -out plain-key.pem");
            }
            try {
                PrivateKey k = switch (b.type) {
                    case "PRIVATE KEY" -> pkcs8(b.der);
                    case "EC PRIVATE KEY" -> pkcs8(sec1ToPkcs8(b.der, source));
                    case "RSA PRIVATE KEY" -> pkcs8(Der.seq(Der.integer(java.math.BigInteger.ZERO),
                            Der.seq(Der.oid(RSA_ENCRYPTION), Der.tlv(Der.NULL, new byte[0])), Der.tlv(Der.OCTET_STRING, b.der)));
                    default -> null; // EC PARAMETERS and other blocks before the key
                };
                if (k != null) return k;
            } catch (GeneralSecurityException | IllegalArgumentException | IndexOutOfBoundsException e) {
                throw new IllegalArgumentException(source + ": cannot read the " + b.type + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalArgumentException(source + ": no PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY block found");
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        String oid = algorithmOid(der);
        String alg = switch (oid) {
            case RSA_ENCRYPTION -> "RSA";
            case EC_PUBLIC_KEY -> "EC";
            case "1.2.840.113549.1.1.10" -> "RSASSA-PSS";
            case "1.3.101.112" -> "Ed25519";
            case "1.3.101.113" -> "Ed448";
            default -> throw new GeneralSecurityException("unsupported key algorithm " + oid);
        };
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /** PrivateKeyInfo ::= SEQUENCE { version, AlgorithmIdentifier { algorithm OID, ... }, ... } */
    private static String algorithmOid(byte[] pkcs8) {
        List<Der.Element> top = Der.parse(pkcs8).children();
        if (top.size() < 3) throw new IllegalArgumentException("not a PKCS#8 PrivateKeyInfo");
        return decodeOid(top.get(1).children().get(0).value());
    }

    /** RFC 5915: ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] parameters, [1] publicKey }. */
    private static byte[] sec1ToPkcs8(byte[] sec1, String source) {
        byte[] curve = null;
        for (Der.Element e : Der.parse(sec1).children()) {
            if (e.tag() == 0xa0) curve = Der.parseAll(e.value()).get(0).value();
        }
        if (curve == null) {
            throw new IllegalArgumentException(source + ": the EC key names no curve; convert it with openssl pkey -in "
                    + source + " -out pkcs8-key.pem");
        }
        return Der.seq(Der.integer(java.math.BigInteger.ZERO),
                Der.seq(Der.oid(EC_PUBLIC_KEY), Der.tlv(Der.OID, curve)),
                Der.tlv(Der.OCTET_STRING, sec1));
    }

    private static String decodeOid(byte[] v) {
        if (v.length == 0) throw new IllegalArgumentException("empty OID");
        StringBuilder sb = new StringBuilder();
        sb.append(v[0] / 40).append('.').append(v[0] % 40);
        long acc = 0;
        for (int i = 1; i < v.length; i++) {
            acc = (acc << 7) | (v[i] & 0x7f);
            if ((v[i] & 0x80) == 0) {
                sb.append('.').append(acc);
                acc = 0;
            }
        }
        return sb.toString();
    }

    /** A key and its chain, as read from a PKCS#12 store. */
    public record KeyAndChain(PrivateKey key, List<X509Certificate> chain) {
        public KeyAndChain {
            chain = List.copyOf(chain);
        }
    }

    /** The first key entry of a PKCS#12 file, with its chain (leaf first). */
    public static KeyAndChain readPkcs12(Path file, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try {
                ks.load(in, password);
            } catch (IOException e) {
                if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
                    throw new IOException(file + ": cannot open the PKCS#12 file: wrong password", e);
                }
                throw new IOException(file + ": not a readable PKCS#12 file: " + e, e);
            }
            for (String alias : Collections.list(ks.aliases())) {
                if (!ks.isKeyEntry(alias)) continue;
                Key k = ks.getKey(alias, password);
                if (!(k instanceof PrivateKey pk)) continue;
                List<X509Certificate> chain = new ArrayList<>();
                for (Certificate c : ks.getCertificateChain(alias)) chain.add((X509Certificate) c);
                return new KeyAndChain(pk, chain);
            }
            throw new IllegalArgumentException(file + ": no private key entry in the PKCS#12 file");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + ": cannot read PKCS#12: " + e.getMessage(), e);
        }
    }

    public static String toPem(X509Certificate c) {
        try {
            return pem("CERTIFICATE", c.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** PKCS#8 "PRIVATE KEY" PEM. */
    public static String toPem(PrivateKey k) {
        return pem("PRIVATE KEY", k.getEncoded());
    }

    /**
     * PKCS#8 "PRIVATE KEY" PEM of a key pair. An EC key also carries its public key (the optional
     * {@code publicKey} of RFC 5915's ECPrivateKey), which the JDK leaves out and GnuTLS requires;
     * OpenSSL writes it too. Other key types are written as {@link #toPem(PrivateKey)} does.
     */
    public static String toPem(KeyPair pair) {
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        if (!"EC".equals(pair.getPrivate().getAlgorithm()) || !"EC".equals(pair.getPublic().getAlgorithm())) {
            return pem("PRIVATE KEY", pkcs8);
        }
        // PrivateKeyInfo: version, algorithm, privateKey OCTET STRING holding ECPrivateKey.
        List<Der.Element> info = Der.parse(pkcs8).children();
        List<Der.Element> ec = Der.parse(info.get(2).value()).children();
        byte[] d = ec.get(1).value();
        // SubjectPublicKeyInfo: algorithm, subjectPublicKey BIT STRING (0 unused bits, then the point).
        byte[] point = Der.parse(pair.getPublic().getEncoded()).children().get(1).value();
        byte[] ecPrivateKey = Der.seq(
                Der.integer(BigInteger.ONE),
                Der.tlv(Der.OCTET_STRING, d),
                Der.tlv(0xa1, Der.tlv(Der.BIT_STRING, point)));
        byte[] out = Der.seq(
                Der.tlv(info.get(0).tag(), info.get(0).value()),
                Der.tlv(info.get(1).tag(), info.get(1).value()),
                Der.tlv(Der.OCTET_STRING, ecPrivateKey));
        return pem("PRIVATE KEY", out);
    }

    /** PEM text for DER bytes of {@code type} (e.g. "PRIVATE KEY"). */
    public static String pemOf(String type, byte[] der) {
        return pem(type, der);
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
