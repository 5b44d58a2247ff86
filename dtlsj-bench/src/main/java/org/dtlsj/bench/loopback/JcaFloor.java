package org.dtlsj.bench.loopback;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JCA floor: the public-key work a full ECDHE-ECDSA handshake cannot avoid (two ephemeral key
 * pairs and two agreements, one ECDSA P-256 signature, one verification), and AES-128-GCM on
 * 1 KB records, timed on one thread with nothing else around them. No implementation built on
 * the same provider can do that work on one thread faster than the first, nor seal and open
 * faster than the second. (A client that runs independent operations on two cores, as dtlsj's
 * does with {@code parallelCrypto}, shortens one handshake's wall time, not its work.)
 */
final class JcaFloor {
    private JcaFloor() {
    }

    /**
     * Handshakes per second that the public-key operations alone allow, for {@code group}
     * ("secp256r1" or "x25519"); {@code provider} null for the JDK's default providers.
     */
    static double handshakes(String group, Provider provider, KeyPair ecdsa, double warmup, double seconds) throws Exception {
        boolean xdh = group.equals("x25519");
        KeyPairGenerator kpg = provider == null ? KeyPairGenerator.getInstance(xdh ? "XDH" : "EC")
                : KeyPairGenerator.getInstance(xdh ? "XDH" : "EC", provider);
        kpg.initialize(xdh ? NamedParameterSpec.X25519 : new ECGenParameterSpec("secp256r1"));
        String kaName = xdh ? "XDH" : "ECDH";
        Signature signer = provider == null ? Signature.getInstance("SHA256withECDSA") : Signature.getInstance("SHA256withECDSA", provider);
        Signature verifier = provider == null ? Signature.getInstance("SHA256withECDSA") : Signature.getInstance("SHA256withECDSA", provider);
        byte[] params = new byte[64 + 4 + 65]; // client and server random, ECParameters and the point, as signed in ServerKeyExchange
        new SecureRandom().nextBytes(params);
        Runnable one = () -> {
            try {
                KeyPair c = kpg.generateKeyPair();
                KeyPair s = kpg.generateKeyPair();
                agree(kaName, provider, c.getPrivate(), s.getPublic());
                agree(kaName, provider, s.getPrivate(), c.getPublic());
                signer.initSign(ecdsa.getPrivate());
                signer.update(params);
                byte[] sig = signer.sign();
                verifier.initVerify(ecdsa.getPublic());
                verifier.update(params);
                if (!verifier.verify(sig)) throw new IllegalStateException("signature did not verify");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        rate(one, warmup);
        return rate(one, seconds);
    }

    private static void agree(String name, Provider provider, PrivateKey own, PublicKey peer) throws Exception {
        KeyAgreement ka = provider == null ? KeyAgreement.getInstance(name) : KeyAgreement.getInstance(name, provider);
        ka.init(own);
        ka.doPhase(peer, true);
        ka.generateSecret();
    }

    /** AES-128-GCM: 1 KB records sealed and opened (one of each per record) per second. */
    static double aesGcmRecords(int size, double warmup, double seconds) throws Exception {
        SecretKeySpec key = new SecretKeySpec(new byte[16], "AES");
        Cipher enc = Cipher.getInstance("AES/GCM/NoPadding");
        Cipher dec = Cipher.getInstance("AES/GCM/NoPadding");
        byte[] plain = new byte[size];
        byte[] sealed = new byte[size + 16];
        byte[] opened = new byte[size];
        byte[] aad = new byte[13];
        byte[] nonce = new byte[12];
        long[] seq = {0};
        Runnable one = () -> {
            try {
                long n = ++seq[0];
                for (int i = 0; i < 8; i++) nonce[4 + i] = (byte) (n >>> (56 - 8 * i));
                GCMParameterSpec spec = new GCMParameterSpec(128, nonce);
                enc.init(Cipher.ENCRYPT_MODE, key, spec);
                enc.updateAAD(aad);
                int len = enc.doFinal(plain, 0, size, sealed, 0);
                dec.init(Cipher.DECRYPT_MODE, key, spec);
                dec.updateAAD(aad);
                dec.doFinal(sealed, 0, len, opened, 0);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        rate(one, warmup);
        return rate(one, seconds);
    }

    private static double rate(Runnable op, double seconds) {
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        long n = 0;
        do {
            op.run();
            n++;
        } while (System.nanoTime() < end);
        return n / ((System.nanoTime() - t0) / 1e9);
    }
}
