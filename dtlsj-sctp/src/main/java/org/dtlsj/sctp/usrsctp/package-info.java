/**
 * {@link org.dtlsj.sctp.SctpAssociation} over usrsctp (Debian's {@code libusrsctp2}), SCTP
 * encapsulated in UDP (RFC 6951), through the FFM API: {@link
 * org.dtlsj.sctp.usrsctp.UsrsctpStack} (one counted stack per JVM), {@link
 * org.dtlsj.sctp.usrsctp.UsrsctpListener} and {@link org.dtlsj.sctp.usrsctp.UsrsctpAssociation}.
 *
 * <pre>{@code
 * try (UsrsctpStack stack = UsrsctpStack.start();
 *      UsrsctpListener listener = stack.listen(5001, SctpSocketOptions.defaults())) {
 *     UsrsctpAssociation client = stack.connect(listener, SctpSocketOptions.defaults(), Duration.ofSeconds(5));
 *     UsrsctpAssociation server = listener.accept(Duration.ofSeconds(5));
 *     client.send(bytes, SctpSndInfo.ordered(0, ppid));
 *     SctpInbound in = server.poll(Duration.ofSeconds(5));   // COMM_UP, then the message
 * }
 * }</pre>
 */
package org.dtlsj.sctp.usrsctp;
