package org.dtlsj.testkit;

/** Small arithmetic helpers shared by the simulator classes. */
final class SimMath {
    private SimMath() {}

    /** a + b for non-negative b, clamped to Long.MAX_VALUE instead of overflowing. */
    static long saturatingAdd(long a, long b) {
        long r = a + b;
        // Overflow happened iff both operands have the same sign and the result's sign differs.
        if (((a ^ r) & (b ^ r)) < 0) {
            return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return r;
    }
}
