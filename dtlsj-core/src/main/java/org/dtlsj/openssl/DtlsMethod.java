package org.dtlsj.openssl;

import java.util.List;
import org.dtlsj.wire.ProtocolVersion;

/** {@code SSL_METHOD}: which role and which DTLS versions a context is for. */
public final class DtlsMethod {
    /** The roles a method allows. */
    public enum Role { CLIENT, SERVER, ANY }

    private final Role role;
    private final List<ProtocolVersion> versions;

    private DtlsMethod(Role role, List<ProtocolVersion> versions) {
        this.role = role;
        this.versions = versions;
    }

    private static final List<ProtocolVersion> FLEXIBLE = List.of(ProtocolVersion.DTLS_1_2);
    private static final List<ProtocolVersion> V1_2 = List.of(ProtocolVersion.DTLS_1_2);
    private static final List<ProtocolVersion> V1 = List.of(ProtocolVersion.DTLS_1_0);

    /** {@code DTLS_method()}: either role, every enabled version. */
    public static DtlsMethod any() { return new DtlsMethod(Role.ANY, FLEXIBLE); }
    /** {@code DTLS_server_method()}. */
    public static DtlsMethod server() { return new DtlsMethod(Role.SERVER, FLEXIBLE); }
    /** {@code DTLS_client_method()}. */
    public static DtlsMethod client() { return new DtlsMethod(Role.CLIENT, FLEXIBLE); }
    /** {@code DTLSv1_2_method()}. */
    public static DtlsMethod v1_2() { return new DtlsMethod(Role.ANY, V1_2); }
    /** {@code DTLSv1_2_server_method()}. */
    public static DtlsMethod v1_2Server() { return new DtlsMethod(Role.SERVER, V1_2); }
    /** {@code DTLSv1_2_client_method()}. */
    public static DtlsMethod v1_2Client() { return new DtlsMethod(Role.CLIENT, V1_2); }
    /** {@code DTLSv1_method()}: DTLS 1.0, deprecated by RFC 8996 (handshakes fail until it is implemented). */
    public static DtlsMethod v1() { return new DtlsMethod(Role.ANY, V1); }
    /** {@code DTLSv1_server_method()}, as the seed uses it. */
    public static DtlsMethod v1Server() { return new DtlsMethod(Role.SERVER, V1); }
    /** {@code DTLSv1_client_method()}, as the seed uses it. */
    public static DtlsMethod v1Client() { return new DtlsMethod(Role.CLIENT, V1); }

    public Role role() {
        return role;
    }

    public List<ProtocolVersion> versions() {
        return versions;
    }
}
