package org.dtlsj.crypto;

import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.Signature;
import javax.crypto.KeyAgreement;

/**
 * JCA instances for the public-key work of a handshake (key pairs, key agreement, signatures)
 * from the provider a user chose with {@code DtlsConfig.Builder.publicKeyProvider}, or from the
 * JDK's provider list when there is none. An algorithm the chosen provider lacks comes from the
 * JDK's list instead, so a provider may be plugged in for the curves it does well and no others.
 */
public final class Jca {
    private Jca() {
    }

    public static Signature signature(String algorithm, Provider provider) throws NoSuchAlgorithmException {
        if (provider != null) {
            try {
                return Signature.getInstance(algorithm, provider);
            } catch (NoSuchAlgorithmException e) {
                // not offered there: the JDK's list
            }
        }
        return Signature.getInstance(algorithm);
    }

    public static KeyPairGenerator keyPairGenerator(String algorithm, Provider provider) throws NoSuchAlgorithmException {
        if (provider != null) {
            try {
                return KeyPairGenerator.getInstance(algorithm, provider);
            } catch (NoSuchAlgorithmException e) {
                // not offered there: the JDK's list
            }
        }
        return KeyPairGenerator.getInstance(algorithm);
    }

    public static KeyFactory keyFactory(String algorithm, Provider provider) throws NoSuchAlgorithmException {
        if (provider != null) {
            try {
                return KeyFactory.getInstance(algorithm, provider);
            } catch (NoSuchAlgorithmException e) {
                // not offered there: the JDK's list
            }
        }
        return KeyFactory.getInstance(algorithm);
    }

    public static KeyAgreement keyAgreement(String algorithm, Provider provider) throws NoSuchAlgorithmException {
        if (provider != null) {
            try {
                return KeyAgreement.getInstance(algorithm, provider);
            } catch (NoSuchAlgorithmException e) {
                // not offered there: the JDK's list
            }
        }
        return KeyAgreement.getInstance(algorithm);
    }

    /** A signature's operation, which may refuse a key the provider does not take. */
    @FunctionalInterface
    interface SignatureUse<T> {
        T apply(Signature s) throws java.security.GeneralSecurityException;
    }

    /**
     * Runs {@code use} on a signature from {@code provider}; if that provider refuses the key (a
     * key held in a token, say), again on one from the JDK's list.
     */
    static <T> T withSignature(String algorithm, Provider provider, SignatureUse<T> use) throws java.security.GeneralSecurityException {
        if (provider != null) {
            try {
                return use.apply(signature(algorithm, provider));
            } catch (InvalidKeyException e) {
                // this provider does not take the key: the JDK's list
            }
        }
        return use.apply(Signature.getInstance(algorithm));
    }
}
