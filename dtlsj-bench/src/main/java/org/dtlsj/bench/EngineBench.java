package org.dtlsj.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.dtlsj.config.CipherSuite;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.engine.DtlsConnection;
import org.dtlsj.engine.SessionInfo;
import org.dtlsj.testkit.TestPki;
import org.dtlsj.wire.NamedGroup;

/**
 * In-memory DTLS 1.2 benchmark of the dtlsj engine beside the JDK's SunJSSE {@code SSLEngine}.
 *
 * <p>Both stacks run client and server in one thread and hand datagrams straight from one side
 * to the other: no sockets, no loss, no timers firing. Figures:
 * <ol>
 *   <li>full handshakes per second (new client and server per handshake, cookie exchange on,
 *       ECDSA P-256 certificate verified with PKIX and the host name, suite
 *       TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256), key exchange with x25519 and with secp256r1;</li>
 *   <li>one-way application throughput with 1024-byte records: seal on the client, open on the
 *       server, one record per datagram.</li>
 * </ol>
 *
 * <p>Usage: {@code dtlsj-bench/run-bench [--quick]} (see {@link #USAGE}). Each figure is warmed up
 * until its rate settles, then measured in several rounds that alternate between dtlsj and SunJSSE;
 * the median round is reported with the range of rounds beside it.
 */
public final class EngineBench {
    static final String SUITE = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
    static final int RECORD = 1024;
    /** Same UDP payload budget for both stacks: dtlsj's default MTU. */
    static final int MTU = DtlsConfig.DEFAULT_MTU;

    /**
     * Timing of each figure: warm up for at least {@code minWarmup} seconds and until three
     * consecutive slices of {@code slice} seconds agree within 5% (the JIT has settled), at most
     * {@code maxWarmupHandshake} / {@code maxWarmupRecords} seconds; then {@code rounds} measured
     * rounds of {@code roundSeconds}, alternating between dtlsj and SunJSSE so that both see the
     * same background load.
     */
    record Plan(String name, double minWarmup, double maxWarmupHandshake, double maxWarmupRecords, double slice,
                int rounds, double roundSeconds) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: warm-up of %.1f-%.1f s per handshake figure, %.1f-%.1f s per record figure, dtlsj and"
                    + "%n          SunJSSE interleaved in %.2f s slices until each one's last 3 slices agree within 5%%; then %d measured"
                    + "%n          round%s x %.1f s per figure, dtlsj and SunJSSE alternating; the median round is reported, [min - max] beside it",
                    name, minWarmup, maxWarmupHandshake, minWarmup, maxWarmupRecords, slice, rounds, rounds == 1 ? "" : "s", roundSeconds);
        }
    }

    /**
     * The result of one figure, in operations per second: the median, least and greatest of the
     * measured rounds by the wall clock, the operations measured, and the median per CPU-second of
     * the benchmark thread (GC pauses added).
     */
    record Rate(double median, double min, double max, long ops, double cpuMedian) {
        static final Rate FAILED = new Rate(Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN);
        static final Rate SKIPPED = new Rate(Double.NaN, Double.NaN, Double.NaN, -1, Double.NaN);

        boolean ok() {
            return !Double.isNaN(median);
        }
    }

    /** One unit of work: a handshake, or a batch of records. Returns how many operations it did. */
    @FunctionalInterface
    interface Op {
        int run() throws Exception;
    }

    private final Plan plan;
    private final List<String> only;
    private final List<String> problems = new ArrayList<>();

    EngineBench(Plan plan, List<String> only) {
        this.plan = plan;
        this.only = only;
    }

    static final String USAGE = """
            usage: EngineBench [--quick] [--warmup=SECONDS] [--rounds=N] [--round=SECONDS] [--only=WORD,...]
              --quick      smoke run, about 15 s (default: full run, about 1-1.5 min)
              --warmup, --rounds, --round   override the timing of every figure
              --only       run only the figures whose key contains one of the words; keys:
                           dtlsj-hs-x25519 dtlsj-hs-p256 jsse-hs-x25519 jsse-hs-p256 dtlsj-1k jsse-1k""";

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Double warmup = null;
        Double round = null;
        Integer rounds = null;
        List<String> only = List.of();
        try {
            for (String a : args) {
                if (a.equals("--quick")) quick = true;
                else if (a.startsWith("--warmup=")) warmup = Double.parseDouble(a.substring(9));
                else if (a.startsWith("--round=")) round = Double.parseDouble(a.substring(8));
                else if (a.startsWith("--rounds=")) rounds = Integer.parseInt(a.substring(9));
                else if (a.startsWith("--only=")) only = List.of(a.substring(7).split(","));
                else if (a.equals("-h") || a.equals("--help")) {
                    System.out.println(USAGE);
                    return;
                } else throw new IllegalArgumentException("unknown argument: " + a);
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
        }
        Plan plan = quick ? new Plan("quick", 0.6, 1.2, 2.0, 0.25, 1, 0.8) : new Plan("full", 3.0, 6.0, 10.0, 0.5, 3, 2.0);
        if (warmup != null || round != null || rounds != null) {
            plan = new Plan(plan.name() + " (overridden)", warmup != null ? warmup : plan.minWarmup(),
                    warmup != null ? Math.max(warmup, plan.maxWarmupHandshake()) : plan.maxWarmupHandshake(),
                    warmup != null ? Math.max(warmup, plan.maxWarmupRecords()) : plan.maxWarmupRecords(), plan.slice(),
                    rounds != null ? rounds : plan.rounds(), round != null ? round : plan.roundSeconds());
        }
        int failures = new EngineBench(plan, only).run(args);
        System.exit(failures == 0 ? 0 : 1);
    }

    private boolean selected(String key) {
        if (only.isEmpty()) return true;
        for (String w : only) if (!w.isEmpty() && key.contains(w)) return true;
        return false;
    }

    int run(String[] args) throws Exception {
        long t0 = System.nanoTime();
        CpuSample cpu0 = CpuSample.now();
        printHeader(args);

        TestPki.Credential cred = TestPki.ecdsaP256();
        DtlsjSide dtlsj = new DtlsjSide(cred);
        JsseSide jsse = new JsseSide(cred);

        // ---- correctness check and message flow of one handshake of each stack
        System.out.println();
        System.out.println("First handshake of each stack (x25519); message flow as seen on the wire:");
        String dFlow = firstHandshake("dtlsj", () -> dtlsj.describeHandshake(NamedGroup.X25519));
        String jFlow = firstHandshake("SunJSSE", () -> jsse.describeHandshake(JsseSide.X25519_FIRST));
        System.out.println("  dtlsj  : " + dFlow);
        System.out.println("  SunJSSE: " + jFlow);
        System.out.println("  HelloVerifyRequest (cookie exchange): dtlsj " + (dFlow.contains("HelloVerifyRequest") ? "yes" : "NO")
                + ", SunJSSE " + (jFlow.contains("HelloVerifyRequest") ? "yes" : "NO"));
        System.out.println();

        // ---- the figures, in pairs whose measured rounds alternate
        Map<String, Rate> r = new LinkedHashMap<>();
        measurePair(r, false,
                new Figure("dtlsj-hs-x25519", "dtlsj   handshakes, x25519   ", () -> () -> dtlsj.handshake(dtlsj.x25519)),
                new Figure("jsse-hs-x25519", "SunJSSE handshakes, x25519   ", () -> () -> jsse.handshake(JsseSide.X25519_FIRST)));
        measurePair(r, false,
                new Figure("dtlsj-hs-p256", "dtlsj   handshakes, secp256r1", () -> () -> dtlsj.handshake(dtlsj.p256)),
                new Figure("jsse-hs-p256", "SunJSSE handshakes, secp256r1", () -> () -> jsse.handshake(JsseSide.P256_ONLY)));
        measurePair(r, true,
                new Figure("dtlsj-1k", "dtlsj   1 KB records         ", dtlsj::newPipe),
                new Figure("jsse-1k", "SunJSSE 1 KB records         ", jsse::newPipe));
        System.out.println("  handshake datagrams (both directions, incl. HelloVerifyRequest round trip): dtlsj "
                + dtlsj.datagramRange() + ", SunJSSE " + jsse.datagramRange());

        printTable(r);
        printNotes(jFlow, CpuSample.now().othersShare(cpu0));
        if (!problems.isEmpty()) {
            System.out.println();
            System.out.println("PROBLEMS:");
            for (String p : problems) System.out.println("  " + p.replace("\n", "\n  "));
        }
        System.out.printf(Locale.ROOT, "%ntotal run time %.1f s; load avg at end: %s%n", (System.nanoTime() - t0) / 1e9, loadAverage());
        return problems.size();
    }

    // ------------------------------------------------------------------ output

    private void printHeader(String[] args) {
        Runtime.Version v = Runtime.version();
        System.out.println("dtlsj EngineBench: in-memory DTLS 1.2, dtlsj engine vs JDK SunJSSE SSLEngine (DTLSv1.2)");
        String cmd = System.getProperty("dtlsj.bench.command");
        System.out.println("command : " + (cmd != null ? cmd : "EngineBench " + String.join(" ", args)));
        System.out.println("java cmd: " + ProcessHandle.current().info().commandLine().map(EngineBench::shortenClasspath).orElse("?"));
        System.out.printf(Locale.ROOT, "JDK     : %s (%s %s, %s), %s %s, %d CPUs, GC %s, max heap %d MB%n",
                v, System.getProperty("java.vm.vendor"), System.getProperty("java.vm.name"), System.getProperty("java.home"),
                System.getProperty("os.name"), System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).collect(Collectors.joining("/")),
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("setup   : one thread, client and server engines in the same JVM, datagrams handed over directly;");
        System.out.println("          " + SUITE + ", ECDSA P-256 leaf under a P-256 root (server auth only, client checks");
        System.out.println("          chain + host name 'localhost'); max datagram " + MTU + " bytes for both stacks;");
        System.out.println("          groups: x25519 column offers x25519,secp256r1,secp384r1 (dtlsj's default; x25519 is");
        System.out.println("          negotiated), secp256r1 column offers secp256r1 only; cookie exchange on (both defaults);");
        System.out.println("          new client+server engine per handshake, no session resumption;");
        System.out.println("          1 KB figure: client seals 1024-byte records, server opens them (one record per datagram)");
        System.out.println("timing  : " + plan);
        System.out.println("load avg: " + loadAverage() + " at start");
    }

    private void printNotes(String jsseFlow, double others) {
        System.out.println();
        System.out.println("Notes:");
        if (!Double.isNaN(others)) {
            System.out.printf(Locale.ROOT, "  - other processes used %.0f%% of the machine's CPU time during the run%s%n", 100 * others,
                    others > 0.10 ? " -- the figures are disturbed; rerun on a quiet machine for stable numbers"
                            : " (alternating rounds share any disturbance between the two stacks)");
        }
        if (jsseFlow.indexOf("NewSessionTicket") != jsseFlow.lastIndexOf("NewSessionTicket")) {
            System.out.println("  - SunJSSE sends its last flight (NewSessionTicket, ChangeCipherSpec, Finished) twice by design");
            System.out.println("    (SSLEngineImpl: \"mitigated by sending the last flight twice\"), issues a session ticket by default,");
            System.out.println("    and puts each handshake message in its own datagram; this is its default cost and is included.");
        }
        System.out.println("  - handshakes/s counts complete handshakes (client and server work, both on this one thread);");
        System.out.println("    records/s counts records sealed by the client and opened and checked by the server.");
    }

    /** Busy CPU time of the whole machine (from /proc/stat) and of this process, to see what others used. */
    record CpuSample(long wallNanos, double machineBusySeconds, double processSeconds) {
        static CpuSample now() {
            double busy = Double.NaN;
            try {
                String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long b = 0;
                // user nice system idle iowait irq softirq steal: all but idle and iowait are busy; USER_HZ is 100
                for (int i : new int[] {1, 2, 3, 6, 7, 8}) b += Long.parseLong(f[i]);
                busy = b / 100.0;
            } catch (Exception | Error e) {
                // not Linux
            }
            double proc = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() / 1e9 : Double.NaN;
            return new CpuSample(System.nanoTime(), busy, proc);
        }

        /** Share of the machine's capacity used by other processes since {@code start}. */
        double othersShare(CpuSample start) {
            double wall = (wallNanos - start.wallNanos) / 1e9;
            double others = (machineBusySeconds - start.machineBusySeconds) - (processSeconds - start.processSeconds);
            return Math.max(0, others / (wall * Runtime.getRuntime().availableProcessors()));
        }
    }

    private static String loadAverage() {
        try {
            String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception | Error e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static String shortenClasspath(String cmdLine) {
        return cmdLine.replaceAll("(-cp|-classpath|--class-path) (\\S{60})\\S+", "$1 $2...");
    }

    private String firstHandshake(String who, java.util.concurrent.Callable<String> c) {
        try {
            return c.call();
        } catch (Throwable e) {
            problems.add(who + " first handshake failed: " + stackTrace(e));
            return "FAILED: " + e;
        }
    }

    private void printTable(Map<String, Rate> r) {
        System.out.println();
        System.out.println("RESULTS (wall-clock rates, median of rounds; MB = 10^6 bytes of application payload)");
        printTable(r, false);
        System.out.println();
        System.out.println("Same figures per CPU-second of the benchmark thread, GC pauses added (background JIT and other");
        System.out.println("processes left out), which load on the machine disturbs much less than the wall-clock rates:");
        printTable(r, true);
    }

    private void printTable(Map<String, Rate> r, boolean cpu) {
        String[] head1 = {"", "handshakes/s", "handshakes/s", "MB/s", "records/s"};
        String[] head2 = {"", "x25519", "secp256r1", "@1KB", "@1KB"};
        if (cpu) {
            head1 = new String[] {"", "handshakes/cpu-s", "handshakes/cpu-s", "MB/cpu-s", "records/cpu-s"};
        }
        Rate[] d = {r.get("dtlsj-hs-x25519"), r.get("dtlsj-hs-p256"), r.get("dtlsj-1k"), r.get("dtlsj-1k")};
        Rate[] j = {r.get("jsse-hs-x25519"), r.get("jsse-hs-p256"), r.get("jsse-1k"), r.get("jsse-1k")};
        String[] dRow = new String[5];
        String[] jRow = new String[5];
        String[] ratio = new String[5];
        dRow[0] = "dtlsj";
        jRow[0] = "SunJSSE";
        ratio[0] = "ratio dtlsj/SunJSSE";
        for (int i = 0; i < 4; i++) {
            boolean mb = i == 2;
            dRow[i + 1] = fmt(d[i], mb, cpu);
            jRow[i + 1] = fmt(j[i], mb, cpu);
            double dv = cpu ? d[i].cpuMedian() : d[i].median();
            double jv = cpu ? j[i].cpuMedian() : j[i].median();
            ratio[i + 1] = !Double.isNaN(dv) && !Double.isNaN(jv) ? String.format(Locale.ROOT, "%.2fx", dv / jv) : "n/a";
        }
        String[][] rows = {head1, head2, dRow, jRow, ratio};
        int[] w = new int[5];
        for (String[] row : rows) for (int i = 0; i < 5; i++) w[i] = Math.max(w[i], row[i].length());
        w[0] = Math.max(w[0], 20);
        for (int i = 1; i < 5; i++) w[i] = Math.max(w[i], 16);
        StringBuilder rule = new StringBuilder();
        for (int k = 0; k < rows.length; k++) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                String f = i == 0 ? "%-" + w[i] + "s" : "  %" + w[i] + "s";
                sb.append(String.format(Locale.ROOT, f, rows[k][i]));
            }
            if (k == 0) rule.append("-".repeat(sb.length()));
            System.out.println(sb);
            if (k == 1 || k == 3) System.out.println(rule);
        }
    }

    private static String fmt(Rate r, boolean megabytes, boolean cpu) {
        if (r == Rate.SKIPPED) return "-";
        if (!r.ok()) return "FAILED";
        double v = cpu ? r.cpuMedian() : r.median();
        if (Double.isNaN(v)) return "n/a";
        return megabytes
                ? String.format(Locale.ROOT, "%.1f", v * RECORD / 1e6)
                : String.format(Locale.ROOT, "%,.0f", v);
    }

    // ------------------------------------------------------------------ measurement

    /** One figure: its key (for --only and the table), label, and how to make its operation. */
    static final class Figure {
        final String key;
        final String label;
        final java.util.concurrent.Callable<Op> setup;
        Op op;
        double[] rates;
        double[] cpuRates;
        long ops;
        Throwable failure;

        Figure(String key, String label, java.util.concurrent.Callable<Op> setup) {
            this.key = key;
            this.label = label;
            this.setup = setup;
        }
    }

    /**
     * Sets up and warms up each selected figure, then runs their measured rounds alternately;
     * puts each figure's rate (or FAILED / SKIPPED) into {@code out} under its key.
     */
    private void measurePair(Map<String, Rate> out, boolean records, Figure... figures) {
        List<Figure> live = new ArrayList<>();
        for (Figure f : figures) {
            if (!selected(f.key)) {
                out.put(f.key, Rate.SKIPPED);
                continue;
            }
            try {
                f.op = f.setup.call();
                f.rates = new double[plan.rounds()];
                f.cpuRates = new double[plan.rounds()];
                live.add(f);
            } catch (Throwable e) {
                System.out.print("  " + f.label + " ... ");
                fail(f, e);
            }
        }
        // Warm up the figures of a pair together, slice by slice, so that the JIT sees both stacks
        // (they share the JDK's AES-GCM and EC code) before anything is measured.
        double warmed = warmUp(live, records ? plan.maxWarmupRecords() : plan.maxWarmupHandshake());
        if (!live.isEmpty()) {
            System.out.printf(Locale.ROOT, "  %s: warmed up in %.1f s%n",
                    live.stream().map(f -> f.label.strip()).collect(Collectors.joining(" + ")), warmed);
        }
        for (int round = 0; round < plan.rounds(); round++) {
            for (Figure f : live) {
                if (f.failure != null) continue;
                try {
                    long[] res = runFor(f.op, plan.roundSeconds());
                    f.rates[round] = res[0] / (res[1] / 1e9);
                    f.cpuRates[round] = res[2] > 0 ? res[0] / (res[2] / 1e9) : Double.NaN;
                    f.ops += res[0];
                } catch (Throwable e) {
                    System.out.print("  " + f.label + " ... ");
                    fail(f, e);
                }
            }
        }
        for (Figure f : figures) {
            if (!selected(f.key)) continue;
            if (f.failure != null || f.rates == null) {
                out.put(f.key, Rate.FAILED);
                continue;
            }
            double[] sorted = f.rates.clone();
            Arrays.sort(sorted);
            double[] cpuSorted = f.cpuRates.clone();
            Arrays.sort(cpuSorted);
            Rate rate = new Rate(sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1], f.ops, cpuSorted[cpuSorted.length / 2]);
            out.put(f.key, rate);
            System.out.printf(Locale.ROOT, "  %s %,12.1f /s  [%,.1f - %,.1f]  (%,d %s measured; %,.1f per CPU-second)%n", f.label,
                    rate.median(), rate.min(), rate.max(), rate.ops(), records ? "records" : "handshakes", rate.cpuMedian());
        }
    }

    private void fail(Figure f, Throwable e) {
        f.failure = e;
        System.out.println("FAILED: " + e);
        problems.add(f.label.strip() + ": " + stackTrace(e));
    }

    /**
     * Runs the figures' operations in turn, one slice each, until every figure's last three slices
     * agree within 5% (after the minimum warm-up) or {@code maxSeconds} have passed; returns the
     * seconds it took. A figure that throws is failed and dropped.
     */
    private double warmUp(List<Figure> figures, double maxSeconds) {
        long start = System.nanoTime();
        List<List<Double>> slices = new ArrayList<>();
        for (int i = 0; i < figures.size(); i++) slices.add(new ArrayList<>());
        while (figures.stream().anyMatch(f -> f.failure == null)) {
            boolean settled = true;
            for (int i = 0; i < figures.size(); i++) {
                Figure f = figures.get(i);
                if (f.failure != null) continue;
                try {
                    long[] res = runFor(f.op, plan.slice());
                    slices.get(i).add(res[0] / (res[1] / 1e9));
                } catch (Throwable e) {
                    System.out.print("  " + f.label + " ... ");
                    fail(f, e);
                    continue;
                }
                List<Double> sl = slices.get(i);
                if (sl.size() < 3) {
                    settled = false;
                } else {
                    List<Double> last = sl.subList(sl.size() - 3, sl.size());
                    settled &= java.util.Collections.max(last) <= java.util.Collections.min(last) * 1.05;
                }
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (elapsed >= maxSeconds * figures.size() || (settled && elapsed >= plan.minWarmup() * figures.size())) return elapsed;
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Returns {operations, elapsed nanos, cost nanos}: the cost is the CPU time of the benchmark
     * thread plus the GC pauses in that time (background JIT compilation and other processes
     * are left out), or -1 when the JVM cannot measure thread CPU time.
     */
    private static long[] runFor(Op op, double seconds) throws Exception {
        long cost0 = costNanos();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long ops = 0;
        long now;
        do {
            ops += op.run();
            now = System.nanoTime();
        } while (now - end < 0);
        long cost1 = costNanos();
        return new long[] {ops, now - start, cost0 < 0 || cost1 < 0 ? -1 : cost1 - cost0};
    }

    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static long costNanos() {
        long cpu = THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
        if (cpu < 0) return -1;
        long gcMillis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) gcMillis += Math.max(0, gc.getCollectionTime());
        return cpu + gcMillis * 1_000_000;
    }

    static String stackTrace(Throwable e) {
        java.io.StringWriter w = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(w));
        return w.toString().strip();
    }

    // ------------------------------------------------------------------ shared helpers

    /** Records the datagrams of one handshake as "C>S ClientHello | S>C HelloVerifyRequest | ...". */
    static final class Trace {
        final List<String> parts = new ArrayList<>();

        void add(boolean fromClient, byte[] d, int off, int len) {
            parts.add((fromClient ? "C>S " : "S>C ") + describeDatagram(d, off, len));
        }

        @Override
        public String toString() {
            return String.join(" | ", parts);
        }
    }

    /** Names the records of a datagram; plaintext handshake messages by type, encrypted ones as such. */
    static String describeDatagram(byte[] d, int off, int len) {
        List<String> names = new ArrayList<>();
        int p = off;
        int end = off + len;
        while (end - p >= 13) {
            int type = d[p] & 0xff;
            int epoch = ((d[p + 3] & 0xff) << 8) | (d[p + 4] & 0xff);
            int length = ((d[p + 11] & 0xff) << 8) | (d[p + 12] & 0xff);
            int body = p + 13;
            if (length > end - body) {
                names.add("<truncated record>");
                break;
            }
            switch (type) {
                case 20 -> names.add("ChangeCipherSpec");
                case 21 -> names.add(epoch == 0 ? "Alert(" + (d[body] & 0xff) + "," + (d[body + 1] & 0xff) + ")" : "Alert(encrypted)");
                case 23 -> names.add("ApplicationData");
                case 22 -> {
                    if (epoch != 0) {
                        names.add("Finished(encrypted)");
                    } else {
                        int q = body;
                        while (body + length - q >= 12) {
                            int ht = d[q] & 0xff;
                            int fragOff = ((d[q + 6] & 0xff) << 16) | ((d[q + 7] & 0xff) << 8) | (d[q + 8] & 0xff);
                            int fragLen = ((d[q + 9] & 0xff) << 16) | ((d[q + 10] & 0xff) << 8) | (d[q + 11] & 0xff);
                            String n = handshakeName(ht);
                            if (ht == 12 && fragOff == 0 && fragLen >= 3 && (d[q + 12] & 0xff) == 3) {
                                int g = ((d[q + 13] & 0xff) << 8) | (d[q + 14] & 0xff);
                                n += "(" + groupName(g) + ")";
                            }
                            if (fragOff != 0) n += "(fragment)";
                            names.add(n);
                            q += 12 + fragLen;
                        }
                    }
                }
                default -> names.add("ContentType" + type);
            }
            p = body + length;
        }
        return String.join(" ", names);
    }

    static String handshakeName(int t) {
        return switch (t) {
            case 0 -> "HelloRequest";
            case 1 -> "ClientHello";
            case 2 -> "ServerHello";
            case 3 -> "HelloVerifyRequest";
            case 4 -> "NewSessionTicket";
            case 11 -> "Certificate";
            case 12 -> "ServerKeyExchange";
            case 13 -> "CertificateRequest";
            case 14 -> "ServerHelloDone";
            case 15 -> "CertificateVerify";
            case 16 -> "ClientKeyExchange";
            case 20 -> "Finished";
            default -> "Handshake" + t;
        };
    }

    static String groupName(int g) {
        return switch (g) {
            case 23 -> "secp256r1";
            case 24 -> "secp384r1";
            case 29 -> "x25519";
            default -> "group" + g;
        };
    }

    /** Tracks the number of datagrams per handshake. */
    static final class DatagramCount {
        int min = Integer.MAX_VALUE;
        int max = 0;

        void add(int n) {
            min = Math.min(min, n);
            max = Math.max(max, n);
        }

        @Override
        public String toString() {
            return max == 0 ? "n/a" : min == max ? String.valueOf(min) : min + ".." + max;
        }
    }

    /** A fake peer address per handshake, as a server keyed on (address, port) would see. */
    static byte[] peerAddress(int n) {
        return new byte[] {127, 0, 0, 1, (byte) (n >>> 8), (byte) n};
    }


    static void stamp(byte[] b, long n) {
        for (int i = 0; i < 8; i++) b[i] = (byte) (n >>> (56 - 8 * i));
    }
}
