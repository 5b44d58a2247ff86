package org.dtlsj.testkit;

/**
 * What the simulated link did with one datagram copy, reported to {@link SimNetwork.Listener#onSend}.
 * A datagram that is both corrupted and reordered reports {@link #CORRUPTED}; a duplicate is reported
 * as a separate {@link #DUPLICATED} event in addition to the original's fate.
 */
public enum Fate {
    /** In flight unchanged, with the normal delay (base + jitter). */
    DELIVERED,
    /** Dropped by random loss. */
    LOST,
    /** Dropped because it was larger than the link MTU. */
    MTU_DROPPED,
    /** In flight with 1-3 bits flipped. */
    CORRUPTED,
    /** An extra copy put in flight (the copy of an original reported separately). */
    DUPLICATED,
    /** In flight unchanged but with an extra random delay so it may overtake or be overtaken. */
    REORDERED
}
