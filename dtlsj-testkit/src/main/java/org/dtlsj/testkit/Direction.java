package org.dtlsj.testkit;

/** One direction of the simulated link between endpoint A and endpoint B. */
public enum Direction {
    /** Datagrams sent by A, received by B. */
    A_TO_B,
    /** Datagrams sent by B, received by A. */
    B_TO_A;

    /** The opposite direction. */
    public Direction reverse() {
        return this == A_TO_B ? B_TO_A : A_TO_B;
    }
}
