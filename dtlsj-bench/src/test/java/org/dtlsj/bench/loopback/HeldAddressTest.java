package org.dtlsj.bench.loopback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The million-connection run gives each client its own loopback address: a million of them, all distinct. */
class HeldAddressTest {
    @Test
    void aMillionHeldAddressesAreDistinctLoopbackAddresses() throws Exception {
        int n = 1_000_000;
        int[] seen = new int[n];
        for (int i = 0; i < n; i++) {
            byte[] a = Measure.heldAddress(i).getAddress();
            assertThat(a[0]).isEqualTo((byte) 127);
            assertThat(a[3]).as("never .0, the network's own address").isNotZero();
            seen[i] = ((a[0] & 0xff) << 24) | ((a[1] & 0xff) << 16) | ((a[2] & 0xff) << 8) | (a[3] & 0xff);
        }
        Arrays.sort(seen);
        for (int i = 1; i < n; i++) assertThat(seen[i]).as("address %d", i).isNotEqualTo(seen[i - 1]);
    }
}
