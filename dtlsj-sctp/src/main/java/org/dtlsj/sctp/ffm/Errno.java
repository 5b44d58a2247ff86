package org.dtlsj.sctp.ffm;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * errno as the last native call on this thread left it, for both backends: downcall handles made
 * with {@link #CAPTURE} take {@link #state()} as their first argument. Linux values; usrsctp
 * reports the host's.
 */
public final class Errno {
    public static final int EPERM = 1, ENOENT = 2, EAGAIN = 11, ENOMEM = 12, EACCES = 13, EINVAL = 22, EPIPE = 32,
            EMSGSIZE = 90, ENOPROTOOPT = 92, EPROTONOSUPPORT = 93, ESOCKTNOSUPPORT = 94, EAFNOSUPPORT = 97,
            EADDRINUSE = 98, ECONNRESET = 104, ENOTCONN = 107, ETIMEDOUT = 110, ECONNREFUSED = 111, EINPROGRESS = 115;

    /** The linker option that saves errno after a call. */
    public static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");

    private static final StructLayout LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> STATE = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(LAYOUT));

    private Errno() {
    }

    /** The capture segment of this thread: pass it first to handles made with {@link #CAPTURE}. */
    public static MemorySegment state() {
        return STATE.get();
    }

    /** errno as the last capturing call on this thread left it. */
    public static int errno() {
        return (int) ERRNO.get(STATE.get(), 0L);
    }

    /** An IOException for a failed {@code what} in {@code stack} ("usrsctp", "kernel SCTP"), naming errno. */
    public static IOException failure(String stack, String what, int errno) {
        return new IOException(stack + ": " + what + " failed: " + name(errno) + " (errno " + errno + ")");
    }

    public static String name(int e) {
        return switch (e) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case EAGAIN -> "EAGAIN";
            case ENOMEM -> "ENOMEM";
            case EACCES -> "EACCES";
            case EINVAL -> "EINVAL";
            case EPIPE -> "EPIPE";
            case EMSGSIZE -> "EMSGSIZE";
            case ENOPROTOOPT -> "ENOPROTOOPT";
            case EPROTONOSUPPORT -> "EPROTONOSUPPORT";
            case ESOCKTNOSUPPORT -> "ESOCKTNOSUPPORT";
            case EAFNOSUPPORT -> "EAFNOSUPPORT";
            case EADDRINUSE -> "EADDRINUSE";
            case ECONNRESET -> "ECONNRESET";
            case ENOTCONN -> "ENOTCONN";
            case ETIMEDOUT -> "ETIMEDOUT";
            case ECONNREFUSED -> "ECONNREFUSED";
            case EINPROGRESS -> "EINPROGRESS";
            default -> "errno";
        };
    }
}
