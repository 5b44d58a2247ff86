/**
 * What the FFM backends share: {@link org.dtlsj.sctp.ffm.SctpSocketOptions} (API: how sockets are
 * set up), and internals that are public only so both backend packages can use them — the
 * per-stack constants table ({@link org.dtlsj.sctp.ffm.SctpDialect}), the notification parser and
 * the bounded inbound queue.
 */
package org.dtlsj.sctp.ffm;
