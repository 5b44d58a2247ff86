package org.dtlsj.config;

import java.security.SecureRandom;
import java.time.Duration;

/**
 * The rotating key of the stateless HelloVerifyRequest cookie (RFC 6347 §4.2.1: "Cookie =
 * HMAC(Secret, Client-IP, Client-Parameters)" with a secret that changes). A cookie made under
 * the current or the previous secret verifies, so a cookie stays good for at least one rotation
 * period and at most two.
 *
 * <p>Time comes from the caller ({@code nowNanos}), like everywhere in the engine. One instance is
 * shared by all connections of a server, and may be shared by several servers (or hosts, given
 * the same seed) that must accept each other's cookies. Thread-safe.
 */
public final class CookieSecrets {
    /** Secret length: HMAC-SHA256 key of full strength. */
    public static final int SECRET_LENGTH = 32;
    public static final Duration DEFAULT_ROTATION = Duration.ofMinutes(2);

    /** Both secrets and the time the current one was made; replaced whole on rotation. */
    private record Generation(long epochId, byte[] current, byte[] previous, long madeAtNanos) {
    }

    private final SecureRandom random;
    private final long rotationNanos;
    private volatile Generation gen;

    public CookieSecrets(SecureRandom random) {
        this(random, DEFAULT_ROTATION);
    }

    public CookieSecrets(SecureRandom random, Duration rotation) {
        this.random = random;
        this.rotationNanos = rotation.toNanos();
    }

    private byte[] fresh() {
        byte[] s = new byte[SECRET_LENGTH];
        random.nextBytes(s);
        return s;
    }

    /** The secrets in force at {@code nowNanos}: [current, previous]; previous may equal current at start. */
    public synchronized Keys keys(long nowNanos) {
        Generation g = gen;
        if (g == null) {
            byte[] first = fresh();
            g = new Generation(0, first, first, nowNanos);
        } else if (nowNanos - g.madeAtNanos >= rotationNanos) {
            boolean skippedOne = nowNanos - g.madeAtNanos >= 2 * rotationNanos;
            byte[] previous = skippedOne ? fresh() : g.current;
            g = new Generation(g.epochId + 1, fresh(), previous, nowNanos);
        }
        gen = g;
        return new Keys(g.epochId, g.current, g.previous);
    }

    /**
     * The two secrets and the generation number of the current one; the low bit of the generation
     * goes into each cookie so that verification tries the right secret first.
     */
    public record Keys(long generation, byte[] current, byte[] previous) {
    }
}
