package org.dtlsj.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Provider;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.wire.NamedGroup;
import org.dtlsj.testkit.EnginePair;
import org.dtlsj.testkit.LinkConditions;
import org.dtlsj.testkit.TestPki;
import org.junit.jupiter.api.Test;

/**
 * {@code DtlsConfig.Builder.publicKeyProvider}: the handshake's key pairs, agreements and
 * signatures come from the provider a user plugs in (here Bouncy Castle's, not installed in
 * {@link java.security.Security}), and what it lacks from the JDK's list.
 */
class PublicKeyProviderTest {
    /** Hands out another provider's services and notes which were asked for. */
    static final class Recording extends Provider {
        final Set<String> asked = ConcurrentHashMap.newKeySet();
        private final Provider inner;

        Recording(Provider inner, String name) {
            super(name, "1", "records the services asked of another provider");
            this.inner = inner;
        }

        @Override
        public synchronized Service getService(String type, String algorithm) {
            Service s = inner == null ? null : inner.getService(type, algorithm);
            if (s != null) asked.add(type + "." + algorithm);
            return s;
        }
    }

    private static boolean handshake(DtlsConfig client, DtlsConfig server) {
        EnginePair p = new EnginePair(client, server, LinkConditions.perfect(), LinkConditions.perfect(), 1);
        boolean done = p.handshake(10_000_000_000L);
        assertThat(p.client.connection().failure()).isNull();
        assertThat(p.server.connection().failure()).isNull();
        p.client.connection().send("over BC keys".getBytes(), p.net.now());
        p.net.runUntil(() -> !p.client.received().isEmpty(), 1_000_000_000L);
        return done && new String(p.client.received().get(0)).equals("over BC keys");
    }

    @Test
    void bouncyCastleDoesThePublicKeyWorkOfBothSides() {
        TestPki.Credential cred = TestPki.ecdsaP256();
        Recording serverBc = new Recording(new BouncyCastleProvider(), "server-bc");
        Recording clientBc = new Recording(new BouncyCastleProvider(), "client-bc");
        DtlsConfig server = DtlsConfig.builder().credentials(cred.key(), cred.chain()).groups(List.of(NamedGroup.SECP256R1))
                .publicKeyProvider(serverBc).build();
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(cred.root())).groups(List.of(NamedGroup.SECP256R1))
                .publicKeyProvider(clientBc).build();

        assertThat(handshake(client, server)).isTrue();
        assertThat(serverBc.asked).contains("KeyPairGenerator.EC", "KeyAgreement.ECDH", "Signature.SHA256withECDSA");
        assertThat(clientBc.asked).contains("KeyPairGenerator.EC", "KeyAgreement.ECDH", "Signature.SHA256withECDSA");
    }

    @Test
    void x25519WithBouncyCastle() {
        TestPki.Credential cred = TestPki.ecdsaP256();
        Recording bc = new Recording(new BouncyCastleProvider(), "bc");
        DtlsConfig server = DtlsConfig.builder().credentials(cred.key(), cred.chain()).publicKeyProvider(bc).build();
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(cred.root())).publicKeyProvider(bc).build();

        assertThat(handshake(client, server)).isTrue();
        assertThat(bc.asked).contains("KeyPairGenerator.XDH", "KeyAgreement.XDH");
    }

    @Test
    void whatTheProviderLacksComesFromTheJdk() {
        TestPki.Credential cred = TestPki.ecdsaP256();
        Recording empty = new Recording(null, "empty");
        DtlsConfig server = DtlsConfig.builder().credentials(cred.key(), cred.chain()).publicKeyProvider(empty).build();
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(cred.root())).publicKeyProvider(empty).build();

        assertThat(handshake(client, server)).isTrue();
        assertThat(empty.asked).isEmpty();
    }
}
