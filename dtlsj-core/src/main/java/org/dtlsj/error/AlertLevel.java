package org.dtlsj.error;

/** {@code enum { warning(1), fatal(2), (255) } AlertLevel;} (RFC 5246 §7.2). */
public record AlertLevel(int value) {
    public static final AlertLevel WARNING = new AlertLevel(1);
    public static final AlertLevel FATAL = new AlertLevel(2);

    @Override
    public String toString() {
        return value == 1 ? "warning" : value == 2 ? "fatal" : "level(" + value + ")";
    }
}
