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
        return instance(algorithm, provider, Signature::getInstance, Signature::getInstance);
    }

    public static KeyPairGenerator keyPairGenerator(String algorithm, Provider provider) throws NoSuchAlgorithmException {
        return instance(algorithm, provider, KeyPairGenerator::getInstance, KeyPairGenerator::getInstance);
    }

    public static KeyFactory keyFactory(String algorithm, Provider provider) throws NoSuchAlgorithmException {
        return instance(algorithm, provider, KeyFactory::getInstance, KeyFactory::getInstance);
    }

    public static KeyAgreement keyAgreement(String algorithm, Provider provider) throws NoSuchAlgorithmException {
        return instance(algorithm, provider, KeyAgreement::getInstance, KeyAgreement::getInstance);
    }

    /** A JCA {@code getInstance} from one provider. */
    @FunctionalInterface
    private interface FromProvider<T> {
        T get(String algorithm, Provider provider) throws NoSuchAlgorithmException;
    }

    /** A JCA {@code getInstance} from the JDK's provider list. */
    @FunctionalInterface
    private interface FromList<T> {
        T get(String algorithm) throws NoSuchAlgorithmException;
    }

    private static <T> T instance(String algorithm, Provider provider, FromProvider<T> chosen, FromList<T> jdk)
            throws NoSuchAlgorithmException {
        if (provider != null) {
            try {
                return chosen.get(algorithm, provider);
            } catch (NoSuchAlgorithmException e) {
                // not offered there: the JDK's list
            }
        }
        return jdk.get(algorithm);
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
