package org.dtlsj.testkit;

/** What the simulated network drives: something that takes datagrams and time and emits datagrams. */
public interface SimEndpoint {
    /** A datagram arrived at virtual time nowNanos. Must not throw for any bytes. */
    void receive(byte[] datagram, long nowNanos);

    /** The next datagram this endpoint wants to send, or null when none is queued. */
    byte[] pollDatagram();

    /** The virtual time of this endpoint's next timer, or Long.MAX_VALUE when none is armed. */
    long nextDeadlineNanos();

    /** Called when virtual time reached nextDeadlineNanos(). */
    void onTimer(long nowNanos);
}
