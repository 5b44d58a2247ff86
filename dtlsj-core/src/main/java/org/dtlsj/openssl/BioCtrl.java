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
    PENDING,
    /** {@code BIO_CTRL_DGRAM_SCTP_GET_SNDINFO}: the {@code SctpSndInfo} later writes use, into an {@code Object[]}'s first slot or an {@code AtomicReference}. */
    DGRAM_SCTP_GET_SNDINFO,
    /** {@code BIO_CTRL_DGRAM_SCTP_SET_SNDINFO}: the {@code SctpSndInfo} (stream, flags, PPID) for what {@code SSL_write} sends next. */
    DGRAM_SCTP_SET_SNDINFO,
    /** {@code BIO_CTRL_DGRAM_SCTP_GET_RCVINFO}: the {@code SctpRcvInfo} of the record {@code SSL_read} returned last. */
    DGRAM_SCTP_GET_RCVINFO,
    /** {@code BIO_CTRL_DGRAM_SCTP_SET_RCVINFO}: sets the {@code SctpRcvInfo} GET_RCVINFO reports. */
    DGRAM_SCTP_SET_RCVINFO,
    /** {@code BIO_CTRL_DGRAM_SCTP_GET_PRINFO}: the {@code SctpPrInfo} (PR-SCTP policy and value) later writes use. */
    DGRAM_SCTP_GET_PRINFO,
    /** {@code BIO_CTRL_DGRAM_SCTP_SET_PRINFO}: the {@code SctpPrInfo} for what {@code SSL_write} sends next. */
    DGRAM_SCTP_SET_PRINFO
}
