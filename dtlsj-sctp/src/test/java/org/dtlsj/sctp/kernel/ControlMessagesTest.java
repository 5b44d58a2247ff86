package org.dtlsj.sctp.kernel;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.time.Duration;
import org.dtlsj.sctp.SctpPrInfo;
import org.dtlsj.sctp.SctpRcvInfo;
import org.dtlsj.sctp.SctpSndInfo;
import org.junit.jupiter.api.Test;

/** The kernel backend's control messages (RFC 6458 §5.3), checked without a kernel. */
class ControlMessagesTest {
    @Test
    void sndinfoAndPrinfoInTheKernelsNumbering() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = KernelSctpAssociation.sendControl(a,
                    new SctpSndInfo(3, SctpSndInfo.SCTP_UNORDERED, 0x01020304, 9), SctpPrInfo.rtx(2));
            assertThat(c.byteSize()).isEqualTo(56);
            assertThat(c.get(JAVA_LONG, 0)).isEqualTo(32); // CMSG_LEN(sizeof(struct sctp_sndinfo))
            assertThat(c.get(JAVA_INT, 8)).isEqualTo(132);
            assertThat(c.get(JAVA_INT, 12)).isEqualTo(KernelSctpAssociation.SCTP_SNDINFO);
            assertThat(c.get(JAVA_SHORT, 16)).isEqualTo((short) 3);
            assertThat(c.get(JAVA_SHORT, 18)).isEqualTo((short) 1); // linux SCTP_UNORDERED = 1 << 0
            assertThat(c.get(JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN), 20)).isEqualTo(0x01020304);
            assertThat(c.get(JAVA_INT, 24)).isEqualTo(9);
            assertThat(c.get(JAVA_LONG, 32)).isEqualTo(24);
            assertThat(c.get(JAVA_INT, 44)).isEqualTo(KernelSctpAssociation.SCTP_PRINFO);
            assertThat(c.get(JAVA_SHORT, 48)).isEqualTo((short) 0x20); // linux SCTP_PR_SCTP_RTX
            assertThat(c.get(JAVA_INT, 52)).isEqualTo(2);
            assertThat(KernelSctpAssociation.sendControl(a, SctpSndInfo.ordered(0, 0),
                    SctpPrInfo.ttl(Duration.ZERO)).get(JAVA_SHORT, 48)).isEqualTo((short) 0x10);
            assertThat(KernelSctpAssociation.sendControl(a, SctpSndInfo.ordered(0, 0), SctpPrInfo.RELIABLE)
                    .byteSize()).isEqualTo(32);
        }
    }

    @Test
    void rcvinfoIsFoundAfterAnotherControlMessage() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(128, 8);
            c.set(JAVA_LONG, 0, 20); // some other cmsg with 4 bytes of data, padded to 24
            c.set(JAVA_INT, 8, 0);
            c.set(JAVA_INT, 12, 99);
            c.set(JAVA_LONG, 24, 16 + 28);
            c.set(JAVA_INT, 32, 132);
            c.set(JAVA_INT, 36, KernelSctpAssociation.SCTP_RCVINFO);
            c.set(JAVA_SHORT, 40, (short) 7);
            c.set(JAVA_SHORT, 42, (short) 11);
            c.set(JAVA_SHORT, 44, (short) 1);
            c.set(JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN), 48, 47);
            c.set(JAVA_INT, 52, 1000);
            c.set(JAVA_INT, 56, 999);
            c.set(JAVA_INT, 60, 5);
            SctpRcvInfo i = KernelSctpAssociation.rcvInfo(c, 24 + 48);
            assertThat(i).isEqualTo(new SctpRcvInfo(7, 11, SctpSndInfo.SCTP_UNORDERED, 47, 1000, 999, 5));
            assertThat(KernelSctpAssociation.rcvInfo(c, 24)).isEqualTo(new SctpRcvInfo(0, 0, 0, 0, 0, 0, 0));
        }
    }
}
