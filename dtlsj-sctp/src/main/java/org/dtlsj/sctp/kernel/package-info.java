/**
 * {@link org.dtlsj.sctp.SctpAssociation} over Linux kernel SCTP through libc and the FFM API:
 * {@link org.dtlsj.sctp.kernel.KernelSctp} (availability, listen, connect), {@link
 * org.dtlsj.sctp.kernel.KernelSctpListener} and {@link org.dtlsj.sctp.kernel.KernelSctpAssociation}.
 * Needs {@code sctp.ko} and, for RFC 6083, {@code net.sctp.auth_enable=1}.
 */
package org.dtlsj.sctp.kernel;
