/**
 * The SCTP association layer DTLS over SCTP (RFC 6083) runs on: {@link
 * org.dtlsj.sctp.SctpAssociation} and the structures of the SCTP sockets API it speaks in
 * (RFC 6458): {@link org.dtlsj.sctp.SctpSndInfo}, {@link org.dtlsj.sctp.SctpRcvInfo}, {@link
 * org.dtlsj.sctp.SctpPrInfo}, {@link org.dtlsj.sctp.SctpMessage} and {@link
 * org.dtlsj.sctp.SctpNotification}. Pure Java; the backends that reach a real SCTP stack live in
 * dtlsj-sctp (usrsctp and Linux kernel SCTP through the FFM API), and a deterministic in-process
 * model in dtlsj-testkit.
 */
package org.dtlsj.sctp;
