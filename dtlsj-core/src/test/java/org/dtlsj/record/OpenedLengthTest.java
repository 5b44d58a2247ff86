package org.dtlsj.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Arrays;
import org.dtlsj.config.BulkCipher;
import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.ProtocolVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link RecordProtection#openedLength}: what a record opens to, known before opening for the
 * JDK's AEADs, so it can be opened into an array of exactly that size; unknown (-1) for CBC and
 * for too-short fragments.
 */
class OpenedLengthTest {
    static final ProtocolVersion V = ProtocolVersion.DTLS_1_2;

    static RecordProtection make(BulkCipher c) {
        byte[] key = new byte[c.keyLength];
        byte[] iv = new byte[c.fixedIvLength];
        byte[] mac = new byte[c.macLength];
        Arrays.fill(key, (byte) 7);
        Arrays.fill(iv, (byte) 9);
        return RecordProtection.of(c, key, iv, mac, true, new SecureRandom());
    }

    @ParameterizedTest
    @EnumSource(value = BulkCipher.class, names = {"AES_128_GCM", "AES_256_GCM", "CHACHA20_POLY1305"})
    void aRecordOpensIntoAnArrayOfExactlyTheAnnouncedSize(BulkCipher c) {
        RecordProtection w = make(c);
        RecordProtection r = make(c);
        for (int len : new int[] {0, 1, 100, 1400}) {
            byte[] plain = new byte[len];
            Arrays.fill(plain, (byte) 0x5a);
            byte[] rec = new byte[len + w.expansion()];
            long seq = len; // a new nonce for each record sealed
            int n = w.seal(ContentType.APPLICATION_DATA, V, 1, seq, plain, 0, len, rec, 0);
            int opened = r.openedLength(n);
            assertThat(opened).isEqualTo(len);
            byte[] out = new byte[opened];
            assertThat(r.open(ContentType.APPLICATION_DATA, V, 1, seq, rec, 0, n, out, 0)).isEqualTo(len);
            assertThat(out).isEqualTo(plain);
            rec[n - 1] ^= 1; // and a forged one still fails, into the exact array as into any
            assertThat(r.open(ContentType.APPLICATION_DATA, V, 1, seq, rec, 0, n, new byte[opened], 0)).isEqualTo(-1);
        }
        assertThat(r.openedLength(c.explicitNonceLength + c.tagLength - 1)).as("shorter than nonce and tag").isEqualTo(-1);
    }

    @ParameterizedTest
    @EnumSource(value = BulkCipher.class, names = {".*_CBC_.*", ".*_CCM.*"}, mode = EnumSource.Mode.MATCH_ANY)
    void cbcAndCcmLeaveItToOpening(BulkCipher c) {
        assertThat(make(c).openedLength(100)).isEqualTo(-1);
    }
}
