/**
 * A deterministic in-process SCTP association ({@link org.dtlsj.testkit.sctp.SctpModel}) whose
 * two ends implement {@link org.dtlsj.sctp.SctpAssociation}, for tests of DTLS over SCTP that
 * need SCTP's semantics — ordering, PPID, AUTH key identifiers, sender dry, PR-SCTP abandonment,
 * shutdown — without a real stack, on every machine.
 */
package org.dtlsj.testkit.sctp;
