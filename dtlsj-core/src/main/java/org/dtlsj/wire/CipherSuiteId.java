package org.dtlsj.wire;

/** {@code uint8 CipherSuite[2];} as a wire value — open. The suites dtlsj implements are in {@code org.dtlsj.config.CipherSuite}. */
public record CipherSuiteId(int value) {
    /** RFC 5746 §3.3: TLS_EMPTY_RENEGOTIATION_INFO_SCSV. */
    public static final CipherSuiteId EMPTY_RENEGOTIATION_INFO_SCSV = new CipherSuiteId(0x00ff);

    public CipherSuiteId {
        if ((value & ~0xffff) != 0) throw new IllegalArgumentException("cipher suite out of range");
    }

    @Override
    public String toString() {
        return String.format("0x%04X", value);
    }
}
