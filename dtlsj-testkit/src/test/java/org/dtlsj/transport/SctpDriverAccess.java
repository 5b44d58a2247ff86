package org.dtlsj.transport;

import org.dtlsj.sctp.SctpMessage;

/** Lets the engine's SCTP tests ask the driver's stream rule (RFC 6083 §4.4) directly. */
public final class SctpDriverAccess {
    private SctpDriverAccess() {
    }

    public static boolean misplaced(SctpMessage m) {
        return SctpDriver.misplaced(m);
    }
}
