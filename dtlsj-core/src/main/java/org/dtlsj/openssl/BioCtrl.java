package org.dtlsj.openssl;

/** The {@code BIO_ctrl} commands of datagram BIOs. */
public enum BioCtrl {
    /** {@code BIO_CTRL_DGRAM_SET_CONNECTED}: the peer's {@code SocketAddress} (null: unconnected). */
    DGRAM_SET_CONNECTED,
    /** {@code BIO_CTRL_DGRAM_SET_PEER}. */
    DGRAM_SET_PEER,
    /** {@code BIO_CTRL_DGRAM_GET_PEER}: returns the peer in the argument array's first slot, if one is given. */
    DGRAM_GET_PEER,
    /** {@code BIO_CTRL_DGRAM_SET_RECV_TIMEOUT}: a {@code java.time.Duration}; zero or null for none. */
    DGRAM_SET_RECV_TIMEOUT,
    /** {@code BIO_CTRL_DGRAM_GET_RECV_TIMEOUT}: returns milliseconds. */
    DGRAM_GET_RECV_TIMEOUT,
    /** {@code BIO_CTRL_DGRAM_GET_RECV_TIMER_EXP}: 1 if the last read timed out. */
    DGRAM_GET_RECV_TIMER_EXP,
    /** {@code BIO_CTRL_DGRAM_QUERY_MTU}: the MTU the BIO knows (0 if none). */
    DGRAM_QUERY_MTU,
    /** {@code BIO_CTRL_DGRAM_SET_MTU}. */
    DGRAM_SET_MTU,
    /** {@code BIO_CTRL_DGRAM_GET_MTU}. */
    DGRAM_GET_MTU,
    /** {@code BIO_CTRL_PENDING}: bytes waiting to be read (memory BIOs). */
    PENDING
}
