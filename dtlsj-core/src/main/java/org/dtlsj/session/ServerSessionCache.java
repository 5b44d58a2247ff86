package org.dtlsj.session;

import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Server: sessions by session ID (RFC 5246 §7.4.1.2), for clients that resume without tickets.
 * Bounded: past {@code capacity} the least recently used session goes, and a session is not
 * resumed after {@code lifetime}. Shared by every connection of a server; thread-safe.
 */
public final class ServerSessionCache {
    public static final int DEFAULT_CAPACITY = 20_000;
    /** RFC 5246 §F.1.4 suggests at most 24 hours; OpenSSL's default is 5 minutes, Scandium's 24 hours. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(2);

    private final int capacity;
    private final long lifetimeMillis;
    private final Map<String, SessionState> sessions;

    public ServerSessionCache(int capacity, Duration lifetime) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be positive");
        this.capacity = capacity;
        this.lifetimeMillis = lifetime.toMillis();
        this.sessions = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, SessionState> eldest) {
                return size() > ServerSessionCache.this.capacity;
            }
        };
    }

    public ServerSessionCache() {
        this(DEFAULT_CAPACITY, DEFAULT_LIFETIME);
    }

    public long lifetimeMillis() {
        return lifetimeMillis;
    }

    public synchronized void put(byte[] sessionId, SessionState s) {
        sessions.put(HexFormat.of().formatHex(sessionId), s);
    }

    /** The session, if known and not expired at {@code nowMillis}; an expired one is dropped. */
    public synchronized SessionState get(byte[] sessionId, long nowMillis) {
        String key = HexFormat.of().formatHex(sessionId);
        SessionState s = sessions.get(key);
        if (s != null && !s.isValidAt(nowMillis, lifetimeMillis)) {
            sessions.remove(key);
            return null;
        }
        return s;
    }

    public synchronized void remove(byte[] sessionId) {
        sessions.remove(HexFormat.of().formatHex(sessionId));
    }

    public synchronized int size() {
        return sessions.size();
    }
}
