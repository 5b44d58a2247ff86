package org.dtlsj.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** AES-CCM against the published vectors: RFC 3610 §8 (all 24 packets) and NIST SP 800-38C Appendix C. */
class AesCcmTest {
    static final HexFormat HEX = HexFormat.of();
    static final String K1 = "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf";
    static final String K2 = "d7828d13b2b0bdc325a76236df93cc6b";
    static final String NIST = "404142434445464748494a4b4c4d4e4f";

    /** name, key, nonce, aad, plaintext, ciphertext||tag, tag length. */
    static Stream<Arguments> vectors() {
        return Stream.of(
                v("RFC 3610 #1", K1, "00000003020100a0a1a2a3a4a5", "0001020304050607", "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e", "588c979a61c663d2f066d0c2c0f989806d5f6b61dac38417e8d12cfdf926e0", 8),
                v("RFC 3610 #2", K1, "00000004030201a0a1a2a3a4a5", "0001020304050607", "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "72c91a36e135f8cf291ca894085c87e3cc15c439c9e43a3ba091d56e10400916", 8),
                v("RFC 3610 #3", K1, "00000005040302a0a1a2a3a4a5", "0001020304050607", "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20", "51b1e5f44a197d1da46b0f8e2d282ae871e838bb64da8596574adaa76fbd9fb0c5", 8),
                v("RFC 3610 #4", K1, "00000006050403a0a1a2a3a4a5", "000102030405060708090a0b", "0c0d0e0f101112131415161718191a1b1c1d1e", "a28c6865939a9a79faaa5c4c2a9d4a91cdac8c96c861b9c9e61ef1", 8),
                v("RFC 3610 #5", K1, "00000007060504a0a1a2a3a4a5", "000102030405060708090a0b", "0c0d0e0f101112131415161718191a1b1c1d1e1f", "dcf1fb7b5d9e23fb9d4e131253658ad86ebdca3e51e83f077d9c2d93", 8),
                v("RFC 3610 #6", K1, "00000008070605a0a1a2a3a4a5", "000102030405060708090a0b", "0c0d0e0f101112131415161718191a1b1c1d1e1f20", "6fc1b011f006568b5171a42d953d469b2570a4bd87405a0443ac91cb94", 8),
                v("RFC 3610 #7", K1, "00000009080706a0a1a2a3a4a5", "0001020304050607", "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e", "0135d1b2c95f41d5d1d4fec185d166b8094e999dfed96c048c56602c97acbb7490", 10),
                v("RFC 3610 #8", K1, "0000000a090807a0a1a2a3a4a5", "0001020304050607", "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", "7b75399ac0831dd2f0bbd75879a2fd8f6cae6b6cd9b7db24c17b4433f434963f34b4", 10),
                v("RFC 3610 #9", K1, "0000000b0a0908a0a1a2a3a4a5", "0001020304050607", "08090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20", "82531a60cc24945a4b8279181ab5c84df21ce7f9b73f42e197ea9c07e56b5eb17e5f4e", 10),
                v("RFC 3610 #10", K1, "0000000c0b0a09a0a1a2a3a4a5", "000102030405060708090a0b", "0c0d0e0f101112131415161718191a1b1c1d1e", "07342594157785152b074098330abb141b947b566aa9406b4d999988dd", 10),
                v("RFC 3610 #11", K1, "0000000d0c0b0aa0a1a2a3a4a5", "000102030405060708090a0b", "0c0d0e0f101112131415161718191a1b1c1d1e1f", "676bb20380b0e301e8ab79590a396da78b834934f53aa2e9107a8b6c022c", 10),
                v("RFC 3610 #12", K1, "0000000e0d0c0ba0a1a2a3a4a5", "000102030405060708090a0b", "0c0d0e0f101112131415161718191a1b1c1d1e1f20", "c0ffa0d6f05bdb67f24d43a4338d2aa4bed7b20e43cd1aa31662e7ad65d6db", 10),
                v("RFC 3610 #13", K2, "00412b4ea9cdbe3c9696766cfa", "0be1a88bace018b1", "08e8cf97d820ea258460e96ad9cf5289054d895ceac47c", "4cb97f86a2a4689a877947ab8091ef5386a6ffbdd080f8e78cf7cb0cddd7b3", 8),
                v("RFC 3610 #14", K2, "0033568ef7b2633c9696766cfa", "63018f76dc8a1bcb", "9020ea6f91bdd85afa0039ba4baff9bfb79c7028949cd0ec", "4ccb1e7ca981befaa0726c55d378061298c85c92814abc33c52ee81d7d77c08a", 8),
                v("RFC 3610 #15", K2, "00f8b678094e3b3c9696766cfa", "77b60f011c03e1525899bcae", "e88b6a46c78d63e52eb8c546efb5de6f75e9cc0d", "5545ff1a085ee2efbf52b2e04bee1e2336c73e3f762c0c7744fe7e3c", 8),
                v("RFC 3610 #16", K2, "00d560912d3f703c9696766cfa", "cd9044d2b71fdb8120ea60c0", "6435acbafb11a82e2f071d7ca4a5ebd93a803ba87f", "009769ecabdf48625594c59251e6035722675e04c847099e5ae0704551", 8),
                v("RFC 3610 #17", K2, "0042fff8f1951c3c9696766cfa", "d85bc7e69f944fb8", "8a19b950bcf71a018e5e6701c91787659809d67dbedd18", "bc218daa947427b6db386a99ac1aef23ade0b52939cb6a637cf9bec2408897c6ba", 10),
                v("RFC 3610 #18", K2, "00920f40e56cdc3c9696766cfa", "74a0ebc9069f5b37", "1761433c37c5a35fc1f39f406302eb907c6163be38c98437", "5810e6fd25874022e80361a478e3e9cf484ab04f447efff6f0a477cc2fc9bf548944", 10),
                v("RFC 3610 #19", K2, "0027ca0c7120bc3c9696766cfa", "44a3aa3aae6475ca", "a434a8e58500c6e41530538862d686ea9e81301b5ae4226bfa", "f2beed7bc5098e83feb5b31608f8e29c38819a89c8e776f1544d4151a4ed3a8b87b9ce", 10),
                v("RFC 3610 #20", K2, "005b8ccbcd9af83c9696766cfa", "ec46bb63b02520c33c49fd70", "b96b49e21d621741632875db7f6c9243d2d7c2", "31d750a09da3ed7fddd49a2032aabf17ec8ebf7d22c8088c666be5c197", 10),
                v("RFC 3610 #21", K2, "003ebe94044b9a3c9696766cfa", "47a65ac78b3d594227e85e71", "e2fcfbb880442c731bf95167c8ffd7895e337076", "e882f1dbd38ce3eda7c23f04dd65071eb41342acdf7e00dccec7ae52987d", 10),
                v("RFC 3610 #22", K2, "008d493b30ae8b3c9696766cfa", "6e37a6ef546d955d34ab6059", "abf21c0b02feb88f856df4a37381bce3cc128517d4", "f32905b88a641b04b9c9ffb58cc390900f3da12ab16dce9e82efa16da62059", 10),
                v("SP 800-38C C.1", NIST, "10111213141516", "0001020304050607", "20212223", "7162015b4dac255d", 4),
                v("SP 800-38C C.2", NIST, "1011121314151617", "000102030405060708090a0b0c0d0e0f", "202122232425262728292a2b2c2d2e2f", "d2a1f0e051ea5f62081a7792073d593d1fc64fbfaccd", 6),
                v("SP 800-38C C.3", NIST, "101112131415161718191a1b", "000102030405060708090a0b0c0d0e0f10111213", "202122232425262728292a2b2c2d2e2f3031323334353637", "e3b201a9f5b71a7a9b1ceaeccd97e70b6176aad9a4428aa5484392fbc1b09951", 8),
                Arguments.of("SP 800-38C C.4 (64 KB of associated data)", NIST, "101112131415161718191a1b1c", HEX.formatHex(c4Aad()),
                        "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f",
                        "69915dad1e84c6376a68c2967e4dab615ae0fd1faec44cc484828529463ccf72b4ac6bec93e8598e7f0dadbcea5b", 14));
    }

    static Arguments v(String name, String key, String nonce, String aad, String plain, String sealed, int tag) {
        return Arguments.of(name, key, nonce, aad, plain, sealed, tag);
    }

    static byte[] c4Aad() {
        byte[] a = new byte[65536];
        for (int i = 0; i < a.length; i++) a[i] = (byte) i;
        return a;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void sealsAndOpensThePublishedVectors(String name, String key, String nonce, String aad, String plain, String sealed, int tag) {
        AesCcm ccm = new AesCcm(HEX.parseHex(key), tag);
        byte[] n = HEX.parseHex(nonce);
        byte[] a = HEX.parseHex(aad);
        byte[] p = HEX.parseHex(plain);
        byte[] out = new byte[p.length + tag];
        assertThat(ccm.seal(n, a, a.length, p, 0, p.length, out, 0)).isEqualTo(out.length);
        assertThat(HEX.formatHex(out)).isEqualTo(sealed);

        byte[] back = new byte[out.length];
        assertThat(ccm.open(n, a, a.length, out, 0, out.length, back, 0)).isEqualTo(p.length);
        assertThat(Arrays.copyOf(back, p.length)).isEqualTo(p);

        // In place, as the record layer does it.
        byte[] buf = Arrays.copyOf(p, p.length + tag);
        ccm.seal(n, a, a.length, buf, 0, p.length, buf, 0);
        assertThat(buf).isEqualTo(out);
        assertThat(ccm.open(n, a, a.length, buf, 0, buf.length, buf, 0)).isEqualTo(p.length);
        assertThat(Arrays.copyOf(buf, p.length)).isEqualTo(p);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void anyChangedBitFailsAndReleasesNothing(String name, String key, String nonce, String aad, String plain, String sealed, int tag) {
        AesCcm ccm = new AesCcm(HEX.parseHex(key), tag);
        byte[] n = HEX.parseHex(nonce);
        byte[] a = HEX.parseHex(aad);
        byte[] s = HEX.parseHex(sealed);
        for (int i = 0; i < s.length; i++) {
            byte[] bad = s.clone();
            bad[i] ^= (byte) (1 << (i % 8));
            byte[] out = new byte[s.length];
            assertThat(ccm.open(n, a, a.length, bad, 0, bad.length, out, 0)).as("bit in byte %d", i).isEqualTo(-1);
            assertThat(out).as("no plaintext released").containsOnly(0);
        }
        if (a.length > 0) {
            byte[] badAad = a.clone();
            badAad[0] ^= 1;
            assertThat(ccm.open(n, badAad, badAad.length, s, 0, s.length, new byte[s.length], 0)).isEqualTo(-1);
        }
        byte[] badNonce = n.clone();
        badNonce[badNonce.length - 1] ^= 1;
        assertThat(ccm.open(badNonce, a, a.length, s, 0, s.length, new byte[s.length], 0)).isEqualTo(-1);
        assertThat(ccm.open(n, a, a.length, s, 0, tag - 1, new byte[s.length], 0)).as("shorter than a tag").isEqualTo(-1);
    }

    @Test
    void refusesParametersCcmDoesNotDefine() {
        assertThatThrownBy(() -> new AesCcm(new byte[16], 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AesCcm(new byte[16], 18)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AesCcm(new byte[15], 8)).isInstanceOf(IllegalArgumentException.class);
        AesCcm ccm = new AesCcm(new byte[16], 8);
        assertThatThrownBy(() -> ccm.seal(new byte[6], new byte[0], 0, new byte[1], 0, 1, new byte[9], 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ccm.seal(new byte[14], new byte[0], 0, new byte[1], 0, 1, new byte[9], 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sealingAndOpeningAllocateNothingOnceWarm() {
        var bean = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        AesCcm ccm = new AesCcm(new byte[16], 8);
        byte[] nonce = new byte[12];
        byte[] aad = new byte[13];
        byte[] buf = new byte[1024 + 8];
        for (int i = 0; i < 20_000; i++) {
            nonce[11] = (byte) i;
            ccm.seal(nonce, aad, 13, buf, 0, 1024, buf, 0);
            ccm.open(nonce, aad, 13, buf, 0, 1032, buf, 0);
        }
        long tid = Thread.currentThread().threadId();
        long before = bean.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 10_000; i++) {
            nonce[11] = (byte) i;
            ccm.seal(nonce, aad, 13, buf, 0, 1024, buf, 0);
            ccm.open(nonce, aad, 13, buf, 0, 1032, buf, 0);
        }
        long perRecord = (bean.getThreadAllocatedBytes(tid) - before) / 20_000;
        assertThat(perRecord).as("bytes allocated per record").isZero();
    }
}
