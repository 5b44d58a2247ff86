package org.dtlsj.handshake;

import org.dtlsj.error.DtlsException;

/**
 * Waits for the peer's ChangeCipherSpec; the engine then switches the read epoch (RFC 6347
 * §4.1) and the next state expects Finished. A handshake message here — a Finished in the new
 * epoch can only be read after ChangeCipherSpec — is unexpected.
 */
public record ExpectChangeCipherSpec(HandshakeState next) implements HandshakeState {
    @Override
    public HandshakeState onMessage(HandshakeMessage m, HandshakeContext cx) throws DtlsException {
        throw HandshakeContext.unexpected(this, m);
    }

    @Override
    public boolean expectsChangeCipherSpec() {
        return true;
    }

    @Override
    public HandshakeState onChangeCipherSpec(HandshakeContext cx) {
        return next;
    }

    @Override
    public String toString() {
        return "expecting ChangeCipherSpec";
    }
}
