package org.dtlsj.handshake;

import org.dtlsj.error.DtlsException;
import org.dtlsj.error.Reason;

/**
 * A handshake state, named for what it expects next (DESIGN.md habit 4). A transition takes a
 * message, may fill the context's outbox, and returns the next state.
 */
public interface HandshakeState {
    HandshakeState onMessage(HandshakeMessage m, HandshakeContext cx) throws DtlsException;

    /** True in the states where the peer's ChangeCipherSpec is due. */
    default boolean expectsChangeCipherSpec() {
        return false;
    }

    /** The peer's ChangeCipherSpec arrived while {@link #expectsChangeCipherSpec()}. */
    default HandshakeState onChangeCipherSpec(HandshakeContext cx) throws DtlsException {
        throw new DtlsException(Reason.UNEXPECTED_MESSAGE, "unexpected ChangeCipherSpec while " + this);
    }

    /** The handshake is over; the connection carries application data. */
    record Complete() implements HandshakeState {
        @Override
        public HandshakeState onMessage(HandshakeMessage m, HandshakeContext cx) throws DtlsException {
            throw HandshakeContext.unexpected(this, m);
        }

        @Override
        public String toString() {
            return "connected";
        }
    }
}
