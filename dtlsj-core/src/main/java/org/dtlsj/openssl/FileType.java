package org.dtlsj.openssl;

/** {@code SSL_FILETYPE_PEM} / {@code SSL_FILETYPE_ASN1}. */
public enum FileType {
    PEM,
    ASN1
}
