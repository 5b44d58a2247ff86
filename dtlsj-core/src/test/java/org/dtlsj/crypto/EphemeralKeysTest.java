package org.dtlsj.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.dtlsj.wire.NamedGroup;
import org.junit.jupiter.api.Test;

class EphemeralKeysTest {
    private static String hex(KeyExchange k) {
        return java.util.HexFormat.of().formatHex(k.publicValue());
    }

    @Test
    void nothingIsMadeForAGroupNoHandshakeUsed() {
        EphemeralKeys keys = new EphemeralKeys(new SecureRandom(), null, true);
        assertThat(keys.hasWork()).isFalse();
        assertThat(keys.prepare()).isFalse();
    }

    @Test
    void aPreparedPairGoesToOneHandshakeOnly() throws Exception {
        EphemeralKeys keys = new EphemeralKeys(new SecureRandom(), null, true);
        KeyExchange first = keys.take(NamedGroup.SECP256R1); // made on the spot; the group is now wanted
        assertThat(keys.hasWork()).isTrue();
        assertThat(keys.prepare()).isTrue();
        assertThat(keys.hasWork()).isFalse();
        assertThat(keys.prepare()).as("at most one ready per group").isFalse();

        Set<String> seen = new HashSet<>();
        seen.add(hex(first));
        for (int i = 0; i < 5; i++) {
            KeyExchange k = keys.take(NamedGroup.SECP256R1);
            assertThat(seen.add(hex(k))).as("a pair is never handed out twice").isTrue();
            keys.prepare();
        }
    }

    @Test
    void preparedPairsAgreeLikeFreshOnes() throws Exception {
        EphemeralKeys keys = new EphemeralKeys(new SecureRandom(), null, true);
        keys.take(NamedGroup.X25519);
        keys.prepare();
        KeyExchange prepared = keys.take(NamedGroup.X25519);
        KeyExchange peer = KeyExchange.generate(NamedGroup.X25519, new SecureRandom());
        assertThat(prepared.agree(peer.publicValue())).isEqualTo(peer.agree(prepared.publicValue()));
    }

    @Test
    void switchedOffItMakesEveryPairWhenAsked() throws Exception {
        EphemeralKeys keys = new EphemeralKeys(new SecureRandom(), null, false);
        keys.take(NamedGroup.SECP256R1);
        assertThat(keys.hasWork()).isFalse();
        assertThat(keys.prepare()).isFalse();
    }
}
