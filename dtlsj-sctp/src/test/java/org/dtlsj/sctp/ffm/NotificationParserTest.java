package org.dtlsj.sctp.ffm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.dtlsj.sctp.SctpNotification;
import org.dtlsj.sctp.SctpNotification.AssocChange;
import org.dtlsj.sctp.SctpNotification.AssocState;
import org.dtlsj.sctp.SctpNotification.AuthIndication;
import org.dtlsj.sctp.SctpNotification.AuthKey;
import org.dtlsj.sctp.SctpSndInfo;
import org.junit.jupiter.api.Test;

/** RFC 6458 §6.1 structures in both stacks' numbering. */
class NotificationParserTest {
    private static ByteBuffer note(int type, int size) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
        b.putShort(0, (short) type).putInt(4, size);
        return b;
    }

    @Test
    void assocChangeInBothNumberings() {
        ByteBuffer u = note(0x0001, 20).putShort(8, (short) 0x0002).putShort(10, (short) 0).putShort(12, (short) 3)
                .putShort(14, (short) 4);
        assertThat(NotificationParser.parse(SctpDialect.USRSCTP, u.array()))
                .isEqualTo(new AssocChange(AssocState.COMM_LOST, 0, 3, 4));
        ByteBuffer k = note(0x8001, 20).putShort(8, (short) 0).putShort(12, (short) 10).putShort(14, (short) 10);
        assertThat(NotificationParser.parse(SctpDialect.LINUX, k.array()))
                .isEqualTo(new AssocChange(AssocState.COMM_UP, 0, 10, 10));
    }

    @Test
    void authEventsDifferInTheirIndicationNumbers() {
        ByteBuffer u = note(0x0008, 20).putShort(8, (short) 2).putInt(12, 3);
        assertThat(NotificationParser.parse(SctpDialect.USRSCTP, u.array()))
                .isEqualTo(new AuthKey(AuthIndication.FREE_KEY, 2));
        ByteBuffer k = note(0x8008, 20).putShort(8, (short) 2).putInt(12, 1);
        assertThat(NotificationParser.parse(SctpDialect.LINUX, k.array()))
                .isEqualTo(new AuthKey(AuthIndication.FREE_KEY, 2));
    }

    @Test
    void senderDryShutdownAndSendFailed() {
        assertThat(NotificationParser.parse(SctpDialect.USRSCTP, note(0x000a, 12).array()))
                .isEqualTo(new SctpNotification.SenderDry());
        assertThat(NotificationParser.parse(SctpDialect.LINUX, note(0x8005, 12).array()))
                .isEqualTo(new SctpNotification.Shutdown());
        ByteBuffer f = note(0x000e, 35).putShort(2, (short) 2).putInt(8, 0).putShort(12, (short) 4)
                .putShort(14, (short) 0x0400).putInt(20, 77);
        f.order(ByteOrder.BIG_ENDIAN).putInt(16, 99);
        f.put(32, (byte) 1).put(33, (byte) 2).put(34, (byte) 3);
        var sf = (SctpNotification.SendFailed) NotificationParser.parse(SctpDialect.USRSCTP, f.array());
        assertThat(sf.sentOnWire()).isTrue();
        assertThat(sf.info()).isEqualTo(new SctpSndInfo(4, SctpSndInfo.SCTP_UNORDERED, 99, 77));
        assertThat(sf.data()).containsExactly(1, 2, 3);
    }

    @Test
    void shortUnknownOrOddNotificationsAreSkipped() {
        assertThat(NotificationParser.parse(SctpDialect.USRSCTP, new byte[4])).isNull();
        assertThat(NotificationParser.parse(SctpDialect.USRSCTP, note(0x0002, 64).array())).isNull(); // address change
        assertThat(NotificationParser.parse(SctpDialect.USRSCTP, note(0x0001, 12).array())).isNull(); // truncated
        assertThat(NotificationParser.parse(SctpDialect.USRSCTP,
                note(0x0001, 20).putShort(8, (short) 77).array())).isNull(); // unknown state
    }
}
