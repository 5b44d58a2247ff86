package org.dtlsj.crypto;

import java.io.ByteArrayInputStream;
import java.net.IDN;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dtlsj.config.CertificateVerifier;
import org.dtlsj.error.DtlsException;
import org.dtlsj.error.Reason;

/**
 * Checks a peer's certificate chain: parse, PKIX path validation against the configured trust
 * anchors (the JDK's {@link CertPathValidator}, revocation off), host name (RFC 6125 rules for
 * DNS names and IP addresses), then the application's {@link CertificateVerifier}, which has the
 * last word as the seed's {@code verify_cert} does.
 */
public final class CertificateChecker {
    private CertificateChecker() {
    }

    /** Parses DER certificates, leaf first. */
    public static List<X509Certificate> parse(List<byte[]> der) throws DtlsException {
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            List<X509Certificate> out = new ArrayList<>(der.size());
            for (byte[] d : der) {
                out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(d)));
            }
            return out;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new DtlsException(Reason.BAD_CERTIFICATE, "peer certificate could not be parsed: " + e.getMessage(), e);
        }
    }

    /**
     * Validates {@code chain}. {@code hostName} is checked when non-null. {@code nowMillis} is the
     * wall-clock time for validity checks (the engine's monotonic clock is not a date).
     */
    public static void check(List<X509Certificate> chain, List<X509Certificate> anchors, String hostName,
                             CertificateVerifier verifier, long nowMillis) throws DtlsException {
        Reason failure = null;
        String error = null;
        try {
            validatePath(chain, anchors, nowMillis);
            if (hostName != null && !matchesHost(chain.get(0), hostName)) {
                failure = Reason.CERTIFICATE_HOSTNAME_MISMATCH;
                error = "certificate does not match host name " + hostName + " (" + chain.get(0).getSubjectX500Principal() + ")";
            }
        } catch (DtlsException e) {
            failure = e.reason();
            error = e.getMessage();
        }
        if (verifier != null) {
            boolean ok;
            try {
                ok = verifier.verify(failure == null, new CertificateVerifier.Context(chain, error, hostName));
            } catch (RuntimeException e) {
                throw new DtlsException(Reason.CERTIFICATE_REJECTED, "verify callback threw " + e, e);
            }
            if (!ok) {
                throw new DtlsException(failure != null ? failure : Reason.CERTIFICATE_REJECTED,
                        error != null ? error : "certificate rejected by the verify callback");
            }
            return;
        }
        if (failure != null) throw new DtlsException(failure, error);
    }

    private static void validatePath(List<X509Certificate> chain, List<X509Certificate> anchors, long nowMillis)
            throws DtlsException {
        if (chain.isEmpty()) throw new DtlsException(Reason.CERTIFICATE_REQUIRED, "peer sent no certificate");
        if (anchors.isEmpty()) {
            throw new DtlsException(Reason.CERTIFICATE_UNTRUSTED, "no trust anchors configured to verify the peer's certificate");
        }
        try {
            Set<TrustAnchor> ta = new HashSet<>();
            for (X509Certificate a : anchors) ta.add(new TrustAnchor(a, null));
            // A peer may include the root itself; PKIX wants the path without its anchor.
            List<X509Certificate> path = new ArrayList<>(chain);
            while (path.size() > 1 && anchors.contains(path.get(path.size() - 1))) path.remove(path.size() - 1);
            if (path.size() == 1 && anchors.contains(path.get(0))) {
                checkValidity(path.get(0), nowMillis);
                return;
            }
            CertPath cp = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters params = new PKIXParameters(ta);
            params.setRevocationEnabled(false);
            params.setDate(new Date(nowMillis));
            CertPathValidator.getInstance("PKIX").validate(cp, params);
        } catch (CertPathValidatorException e) {
            Throwable c = e.getCause();
            if (c instanceof CertificateExpiredException || c instanceof CertificateNotYetValidException
                    || e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                    || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                throw new DtlsException(Reason.CERTIFICATE_EXPIRED, "certificate outside its validity period: " + e.getMessage(), e);
            }
            throw new DtlsException(Reason.CERTIFICATE_UNTRUSTED, "certificate chain not trusted: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new DtlsException(Reason.CERTIFICATE_UNTRUSTED, "certificate chain not trusted: " + e.getMessage(), e);
        }
    }

    private static void checkValidity(X509Certificate c, long nowMillis) throws DtlsException {
        try {
            c.checkValidity(new Date(nowMillis));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new DtlsException(Reason.CERTIFICATE_EXPIRED, "certificate outside its validity period: " + e.getMessage(), e);
        }
    }

    /** RFC 6125 §6.4: subjectAltName dNSName (one left-most wildcard label) or iPAddress; CN only without SANs. */
    public static boolean matchesHost(X509Certificate cert, String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        boolean isIp = isIpLiteral(h);
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null && !sans.isEmpty()) {
                for (List<?> san : sans) {
                    int type = (Integer) san.get(0);
                    String value = String.valueOf(san.get(1));
                    if (isIp && type == 7 && sameIp(value, h)) return true;
                    if (!isIp && type == 2 && dnsMatches(value, h)) return true;
                }
                return false;
            }
        } catch (java.security.cert.CertificateParsingException e) {
            return false;
        }
        if (isIp) return false;
        String dn = cert.getSubjectX500Principal().getName();
        for (String part : dn.split(",")) {
            if (part.trim().toUpperCase(Locale.ROOT).startsWith("CN=")) {
                return dnsMatches(part.trim().substring(3), h);
            }
        }
        return false;
    }

    /** Digits and dots only (an IPv4 literal), or any colon (IPv6); no regular expression per handshake. */
    private static boolean isIpLiteral(String h) {
        if (h.indexOf(':') >= 0) return true;
        if (h.isEmpty()) return false;
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if ((c < '0' || c > '9') && c != '.') return false;
        }
        return true;
    }

    private static boolean sameIp(String a, String b) {
        try {
            return java.util.Arrays.equals(java.net.InetAddress.getByName(a).getAddress(),
                    java.net.InetAddress.getByName(b).getAddress());
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static boolean dnsMatches(String pattern, String host) {
        String p;
        try {
            p = IDN.toASCII(pattern).toLowerCase(Locale.ROOT);
            host = IDN.toASCII(host).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (p.endsWith(".")) p = p.substring(0, p.length() - 1);
        if (p.startsWith("*.")) {
            String suffix = p.substring(1);
            int dot = host.indexOf('.');
            // The wildcard covers exactly one label, and never a bare public suffix like "*.com".
            return dot > 0 && host.substring(dot).equals(suffix) && suffix.indexOf('.', 1) > 0;
        }
        return p.equals(host);
    }
}
