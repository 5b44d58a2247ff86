package org.dtlsj.wire;

/** {@code enum { hello_request(0), client_hello(1), ... (255) } HandshakeType;} (RFC 5246 §7.4, RFC 6347 §4.3.2). */
public record HandshakeType(int value) {
    public static final HandshakeType HELLO_REQUEST = new HandshakeType(0);
    public static final HandshakeType CLIENT_HELLO = new HandshakeType(1);
    public static final HandshakeType SERVER_HELLO = new HandshakeType(2);
    public static final HandshakeType HELLO_VERIFY_REQUEST = new HandshakeType(3);
    public static final HandshakeType NEW_SESSION_TICKET = new HandshakeType(4);
    public static final HandshakeType CERTIFICATE = new HandshakeType(11);
    public static final HandshakeType SERVER_KEY_EXCHANGE = new HandshakeType(12);
    public static final HandshakeType CERTIFICATE_REQUEST = new HandshakeType(13);
    public static final HandshakeType SERVER_HELLO_DONE = new HandshakeType(14);
    public static final HandshakeType CERTIFICATE_VERIFY = new HandshakeType(15);
    public static final HandshakeType CLIENT_KEY_EXCHANGE = new HandshakeType(16);
    public static final HandshakeType FINISHED = new HandshakeType(20);

    public HandshakeType {
        if ((value & ~0xff) != 0) throw new IllegalArgumentException("handshake type out of range");
    }

    @Override
    public String toString() {
        return switch (value) {
            case 0 -> "HelloRequest";
            case 1 -> "ClientHello";
            case 2 -> "ServerHello";
            case 3 -> "HelloVerifyRequest";
            case 4 -> "NewSessionTicket";
            case 11 -> "Certificate";
            case 12 -> "ServerKeyExchange";
            case 13 -> "CertificateRequest";
            case 14 -> "ServerHelloDone";
            case 15 -> "CertificateVerify";
            case 16 -> "ClientKeyExchange";
            case 20 -> "Finished";
            default -> "HandshakeType(" + value + ")";
        };
    }
}
