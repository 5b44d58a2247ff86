package org.dtlsj.wire.handshake;

import org.dtlsj.wire.Encodable;
import org.dtlsj.wire.HandshakeType;

/** The body of a handshake message: what follows the {@link HandshakeHeader}. */
public interface HandshakeBody extends Encodable {
    HandshakeType type();
}
