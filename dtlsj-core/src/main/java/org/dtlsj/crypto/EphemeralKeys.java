package org.dtlsj.crypto;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dtlsj.wire.NamedGroup;

/**
 * Ephemeral ECDH key pairs made ahead of need. A key pair does not depend on the peer, so a
 * transport that has nothing else to do (an event loop before it waits for datagrams, a client
 * waiting for the server's flight) can make the next one, and the handshake that needs it takes it
 * ready instead of spending a key generation on its critical path.
 *
 * <p>Each pair is handed out once and forgotten ({@link #take}): no two handshakes share one, as
 * RFC 8422 §5.4 and RFC 7748 §6 expect of ephemeral keys. At most one pair per group is kept
 * ({@link #MAX_READY_PER_GROUP}), only for groups a handshake of this configuration has used, and
 * a transport makes one only when it would otherwise wait, so under load nothing is made that
 * would not have been made anyway.
 */
public final class EphemeralKeys {
    /** The named bound: pairs kept ready per group. */
    public static final int MAX_READY_PER_GROUP = 1;

    private final SecureRandom random;
    private final Provider provider;
    private final boolean enabled;
    private final ConcurrentHashMap<NamedGroup, KeyExchange> ready = new ConcurrentHashMap<>();
    private final Set<NamedGroup> wanted = ConcurrentHashMap.newKeySet();
    /** One thread makes a pair at a time: loops that share this configuration never race to make the same one. */
    private final java.util.concurrent.atomic.AtomicBoolean making = new java.util.concurrent.atomic.AtomicBoolean();
    /** Handshakes that took a pair (or found none): each may leave its group without one. */
    private final java.util.concurrent.atomic.AtomicLong takes = new java.util.concurrent.atomic.AtomicLong();
    /**
     * The value of {@link #takes} when a {@link #prepare} last found every wanted group with a
     * pair. An event loop asks {@link #hasWork} on every turn: two reads, no walk over the sets.
     */
    private volatile long covered;

    /** @param enabled false: {@link #take} always generates, {@link #prepare} never does */
    public EphemeralKeys(SecureRandom random, Provider provider, boolean enabled) {
        this.random = random;
        this.provider = provider;
        this.enabled = enabled;
    }

    /** A fresh key pair for {@code group}: the one made ahead if there is one, else a new one. */
    public KeyExchange take(NamedGroup group) throws GeneralSecurityException {
        if (enabled) {
            wanted.add(group);
            KeyExchange k = ready.remove(group);
            takes.incrementAndGet();
            if (k != null) return k;
        }
        return KeyExchange.generate(group, random, provider);
    }

    /** Whether {@link #prepare} has something to make: a cheap look, for a loop deciding whether to ask. */
    public boolean hasWork() {
        return takes.get() != covered && !making.get();
    }

    /**
     * Makes one key pair for a wanted group that has none ready. Returns false when there was
     * nothing to make, so a caller loops on it only as long as it has work. A failure to generate
     * (a provider that lacks the curve) drops the group: the handshake will report it.
     */
    public boolean prepare() {
        if (!enabled || !making.compareAndSet(false, true)) return false;
        try {
            // Read first: a take() while this runs moves it on, so that one is not missed.
            long seen = takes.get();
            boolean made = false;
            for (NamedGroup g : wanted) {
                if (ready.containsKey(g)) continue;
                if (made) return true; // one pair per call; there is more to make
                try {
                    ready.putIfAbsent(g, KeyExchange.generate(g, random, provider));
                } catch (GeneralSecurityException | RuntimeException e) {
                    wanted.remove(g);
                }
                made = true;
            }
            covered = seen;
            return made;
        } finally {
            making.set(false);
        }
    }
}
