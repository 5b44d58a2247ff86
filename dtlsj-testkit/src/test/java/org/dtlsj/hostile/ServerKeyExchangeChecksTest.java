package org.dtlsj.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.List;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.wire.HandshakeType;
import org.dtlsj.wire.NamedGroup;
import org.dtlsj.crypto.KeyExchange;
import org.dtlsj.error.AlertDescription;
import org.dtlsj.error.Reason;
import org.dtlsj.testkit.hostile.HostilePeer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client checks the ServerKeyExchange before it uses it, whether the ECDHE agreement runs on its
 * own thread or beside it on a helper ({@link DtlsConfig.Builder#parallelCrypto}): a signature that
 * does not verify is decrypt_error (RFC 5246 §7.4.3, §7.2.2), and a point off the curve, though
 * signed, is illegal_parameter (RFC 8422 §5.4, §5.11), the secret never used.
 */
class ServerKeyExchangeChecksTest {
    private static HostileServerCatalogTest.Play play(boolean parallel) {
        DtlsConfig c = DtlsConfig.builder().trustAnchors(List.of(HostileServerCatalogTest.SERVER.root()))
                .groups(List.of(NamedGroup.SECP256R1)).parallelCrypto(parallel).build();
        return new HostileServerCatalogTest.Play(c, HostileServerCatalogTest.SERVER);
    }

    private static byte[] validPoint() throws Exception {
        return KeyExchange.generate(NamedGroup.SECP256R1, new SecureRandom()).publicValue();
    }

    @ParameterizedTest(name = "parallel crypto {0}")
    @ValueSource(booleans = {false, true})
    void aSignatureThatDoesNotVerifyIsDecryptError(boolean parallel) throws Exception {
        var p = play(parallel);
        HostilePeer.Received r = p.twice(p.s.serverHello(), p.s.certificate(),
                p.s.serverKeyExchange(NamedGroup.SECP256R1, validPoint(), true), p.s.serverHelloDone());
        p.assertFailed(Reason.BAD_SIGNATURE, AlertDescription.DECRYPT_ERROR, r);
    }

    @ParameterizedTest(name = "parallel crypto {0}")
    @ValueSource(booleans = {false, true})
    void aSignedPointOffTheCurveIsIllegalParameter(boolean parallel) throws Exception {
        var p = play(parallel);
        byte[] point = validPoint();
        point[point.length - 1] ^= 1; // y no longer matches x
        HostilePeer.Received r = p.twice(p.s.serverHello(), p.s.certificate(),
                p.s.serverKeyExchange(NamedGroup.SECP256R1, point, false), p.s.serverHelloDone());
        p.assertFailed(Reason.ILLEGAL_PARAMETER, AlertDescription.ILLEGAL_PARAMETER, r);
    }

    @ParameterizedTest(name = "parallel crypto {0}")
    @ValueSource(booleans = {false, true})
    void anHonestP256ServerKeyExchangeCompletesTheHandshake(boolean parallel) throws Exception {
        var p = play(parallel);
        HostilePeer.Received f5 = p.send(p.s.serverHello(), p.s.certificate(), p.s.serverKeyExchange(NamedGroup.SECP256R1),
                p.s.serverHelloDone());
        assertThat(f5.has(HandshakeType.CLIENT_KEY_EXCHANGE)).isTrue();
        assertThat(f5.has(HandshakeType.FINISHED)).as("the server's key agreed: its Finished check passed").isTrue();
        p.finish();
        assertThat(p.client.isConnected()).as(p.client.stateDescription()).isTrue();
    }
}
