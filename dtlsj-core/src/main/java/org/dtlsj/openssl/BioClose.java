package org.dtlsj.openssl;

/** {@code BIO_NOCLOSE} / {@code BIO_CLOSE}: whether freeing the BIO closes its channel. */
public enum BioClose {
    NOCLOSE,
    CLOSE
}
