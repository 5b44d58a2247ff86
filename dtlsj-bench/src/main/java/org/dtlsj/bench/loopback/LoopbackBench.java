package org.dtlsj.bench.loopback;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.dtlsj.bench.loopback.Measure.Echo;
import org.dtlsj.bench.loopback.Measure.Idle;
import org.dtlsj.bench.loopback.Measure.Rate;
import org.dtlsj.bench.loopback.Stack.Connection;
import org.dtlsj.bench.loopback.Stack.EchoServer;
import org.dtlsj.bench.loopback.Stack.Setup;
import org.dtlsj.testkit.TestPki;

/**
 * {@code dtlsj bench}: dtlsj beside SunJSSE, Bouncy Castle and Scandium in one run, over loopback
 * UDP, each implementation as client and server of itself, in the reference configuration of
 * {@link Setup} (ECDHE-ECDSA P-256, AES-128-GCM, cookie exchange on); dtlsj also with X25519.
 * Prints one table (ratios against the best peer and against the ceilings: the JCA floor for
 * handshakes, plain UDP for echo) and writes an SVG chart. See dtlsj-bench/README.md.
 */
public final class LoopbackBench {
    /**
     * How long each figure runs, and how big the crowds are. {@code handshakeWarmup}: before any
     * figure, every implementation makes handshakes for that long, one after the other. The JIT
     * takes some five seconds of handshakes to compile the elliptic-curve code of any of them
     * (measured: every stack's rate rises for that long, then holds), and the stacks share the
     * JDK's EC code: without this, whichever ran first would pay for the compiling of all.
     */
    record Plan(String name, double warmup, double handshakeWarmup, double seconds, int clients, int window, int idle, boolean jmh) {
    }

    static final Plan FULL = new Plan("full", 1.0, 6.0, 2.0, 16, 32, 2_000, true);
    static final Plan QUICK = new Plan("quick", 0.5, 4.0, 1.0, 8, 32, 300, false);
    /** For the smoke test: every figure runs, with the smallest counts that still exercise it. */
    static final Plan SMOKE = new Plan("smoke", 0.0, 0.0, 0.05, 2, 4, 3, false);

    static final int[] SIZES = {100, 1000, 1400};

    static final String USAGE = """
            usage: dtlsj bench [--quick] [--stacks=LIST] [--chart=FILE] [--idle=N] [--clients=N] [--seconds=S] [--no-jmh] [--million[=N]]
              --quick        about a minute: shorter figures, 300 idle connections, no JMH
              --stacks=LIST  dtlsj,jsse,bc,scandium (default all; dtlsj always runs)
              --chart=FILE   SVG chart to write (default dtlsj-bench.svg)
              --idle=N       idle connections held per implementation (default 2000; up to 100000)
              --clients=N    concurrent clients in the server capacity figure (default 16)
              --seconds=S    measured seconds per figure (default 2)
              --no-jmh       skip the JMH record-path suite
              --million[=N]  only this: a dtlsj server holds N (default 1000000) idle connections
                             (PSK handshakes over UDP) in the bench's 4 GB heap; some minutes""";

    public static void main(String[] args) throws Exception {
        Plan plan = FULL;
        List<String> stacks = List.of("dtlsj", "jsse", "bc", "scandium");
        Path chart = Path.of("dtlsj-bench.svg");
        Integer idle = null;
        Integer clients = null;
        Double seconds = null;
        Boolean jmh = null;
        Integer million = null;
        String part = null;
        try {
            for (String a : args) {
                if (a.startsWith("--part=")) part = a.substring(7);
                else if (a.equals("--full")) plan = FULL;
                else if (a.equals("--million")) million = 1_000_000;
                else if (a.startsWith("--million=")) million = Integer.parseInt(a.substring(10));
                else if (a.equals("--quick")) plan = QUICK;
                else if (a.equals("--smoke")) plan = SMOKE;
                else if (a.startsWith("--stacks=")) stacks = List.of(a.substring(9).toLowerCase(Locale.ROOT).split(","));
                else if (a.startsWith("--chart=")) chart = Path.of(a.substring(8));
                else if (a.startsWith("--idle=")) idle = Integer.parseInt(a.substring(7));
                else if (a.startsWith("--clients=")) clients = Integer.parseInt(a.substring(10));
                else if (a.startsWith("--seconds=")) seconds = Double.parseDouble(a.substring(10));
                else if (a.equals("--no-jmh")) jmh = false;
                else if (a.equals("--jmh")) jmh = true;
                else if (a.equals("-h") || a.equals("--help")) {
                    System.out.println(USAGE);
                    return;
                } else throw new IllegalArgumentException("unknown argument: " + a);
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
        }
        if (million != null) System.exit(MillionIdle.run(million));
        plan = new Plan(plan.name(), plan.warmup(), plan.handshakeWarmup(), seconds != null ? seconds : plan.seconds(),
                clients != null ? clients : plan.clients(), plan.window(), idle != null ? idle : plan.idle(),
                jmh != null ? jmh : plan.jmh());
        if (part != null) {
            // A part of a run, in a JVM of its own (Parts): its figures go to standard output.
            // Only the part's own classes: a JVM that has loaded another stack's (Bouncy Castle's
            // EC keys, say) runs the JDK's EC code slower (measured: the P-256 floor 581 -> 443).
            LoopbackBench b = new LoopbackBench(plan, List.of());
            b.runPart(part);
            Parts.write(b.results(), System.out);
            System.exit(0);
        }
        Results res = new LoopbackBench(plan, select(stacks), !plan.name().equals(SMOKE.name())).run();
        Report.printTable(res, System.out);
        Report.writeSvg(res, chart, "dtlsj bench (" + plan.name() + "), loopback UDP, " + Runtime.getRuntime().availableProcessors()
                + " cores, JDK " + Runtime.version());
        System.out.println();
        for (String n : res.notes) System.out.println("note: " + n);
        System.out.println("chart: " + chart.toAbsolutePath());
        if (!res.problems.isEmpty()) {
            System.out.println("PROBLEMS:");
            for (String p : res.problems) System.out.println("  " + p);
        }
        System.exit(res.problems.isEmpty() ? 0 : 1);
    }

    /** The stacks by their option names; dtlsj always first. */
    static List<Stack> select(List<String> names) {
        List<Stack> out = new ArrayList<>();
        out.add(new DtlsjStack(Results.DTLSJ));
        for (String n : names) {
            switch (n.trim()) {
                case "dtlsj", "" -> { }
                case "jsse", "sunjsse" -> out.add(new JsseStack());
                case "bc", "bouncycastle" -> out.add(new BcStack());
                case "scandium", "californium" -> out.add(new ScandiumStack());
                default -> throw new IllegalArgumentException("unknown implementation: " + n + " (dtlsj, jsse, bc, scandium)");
            }
        }
        return out;
    }

    private final Plan plan;
    private final List<Stack> stacks;
    private final TestPki.Credential credential = TestPki.ecdsaP256();
    private final Results res = new Results();

    /** Each part in a JVM of its own ({@link Parts}); false: all in this one (the smoke test). */
    private final boolean fork;

    LoopbackBench(Plan plan, List<Stack> stacks) {
        this(plan, stacks, false);
    }

    LoopbackBench(Plan plan, List<Stack> stacks, boolean fork) {
        this.plan = plan;
        this.stacks = stacks;
        this.fork = fork;
    }

    Results results() {
        return res;
    }

    private void log(String s) {
        System.err.println("  " + s);
    }

    Results run() throws Exception {
        System.out.printf(Locale.ROOT, "dtlsj bench (%s): %s, DTLS 1.2, cookie exchange on, loopback UDP, MTU %d, JDK %s, %d cores%n",
                plan.name(), Setup.SUITE, Setup.DEFAULT_MTU, Runtime.version(), Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "  %.1f s warm-up + %.1f s per figure (after %.1f s of handshakes by each implementation); %d concurrent clients; echo window %d; %d idle connections%n%n",
                plan.warmup(), plan.seconds(), plan.handshakeWarmup(), plan.clients(), plan.window(), plan.idle());
        Setup p256 = new Setup(credential, "secp256r1", Setup.DEFAULT_MTU);
        Setup x25519 = new Setup(credential, "x25519", Setup.DEFAULT_MTU);
        for (Stack s : stacks) res.columns.add(s.name());
        res.columns.addAll(1, List.of(Results.DTLSJ_X25519, Results.DTLSJ_BC, Results.DTLSJ_2_LOOPS));

        for (String part : parts()) {
            if (fork) Parts.runForked(part, plan, res);
            else runPart(part);
        }
        // Last: JMH forks its own JVMs, but its runner leaves work in this one that slowed the parts
        // after it by a fifth (measured: dtlsj's sequential handshakes 418/s before it, 328/s after).
        if (plan.jmh()) JmhSuite.run(res, plan.name().equals("full"));
        finish();
        res.notes.add("handshake rows: new client socket per handshake, full handshake, certificate chain verified; "
                + "ceiling = JCA floor (2 ECDHE + 1 sign + 1 verify on one thread, SunEC), times the cores for concurrent clients");
        res.notes.add("dtlsj/best above 1x means dtlsj is better (faster, or fewer bytes for heap)");
        res.notes.add(String.format(Locale.ROOT, "idle heap: GC'd heap growth on the server per connection after one echo and %.1f s of quiet",
                Measure.IDLE_NANOS / 1e9));
        return res;
    }

    /**
     * What the run is made of: the JCA floor, each implementation (and dtlsj's variants), plain
     * UDP. Each runs in a JVM of its own ({@link Parts}): the stacks share the JDK's EC code, and
     * once a JVM has compiled it for X25519 or another provider's calls, the P-256 paths run at
     * half speed for seconds (measured: the P-256 floor fell from 580 to 274 handshakes/s right
     * after 3 s of X25519, and took 8 s to come back), so in one JVM the order would decide.
     */
    List<String> parts() {
        List<String> parts = new ArrayList<>();
        parts.add(FLOOR);
        for (Stack s : stacks) {
            parts.add(s.name());
            if (s instanceof DtlsjStack) parts.addAll(List.of(Results.DTLSJ_X25519, Results.DTLSJ_BC, Results.DTLSJ_2_LOOPS));
        }
        parts.add(UDP);
        return parts;
    }

    static final String FLOOR = "JCA floor";
    static final String UDP = "plain UDP";

    /** Measures one part in this JVM: its own warm-up first (see {@link Plan}), then its figures. */
    void runPart(String part) {
        Setup p256 = new Setup(credential, "secp256r1", Setup.DEFAULT_MTU);
        Setup x25519 = new Setup(credential, "x25519", Setup.DEFAULT_MTU);
        switch (part) {
            case FLOOR -> floor();
            case UDP -> plainUdp(p256);
            default -> {
                Stack stack = stackFor(part);
                Setup setup = part.equals(Results.DTLSJ_X25519) ? x25519 : p256;
                boolean variant = part.equals(Results.DTLSJ_X25519) || part.equals(Results.DTLSJ_BC) || part.equals(Results.DTLSJ_2_LOOPS);
                if (plan.handshakeWarmup() > 0) {
                    log(part + ": warm-up");
                    try (EchoServer server = stack.startServer(setup)) {
                        Measure.sequentialHandshakes(stack, setup, server.address(), 0, plan.handshakeWarmup());
                    } catch (Exception e) {
                        res.problems.add(part + " warm-up: " + e);
                    }
                }
                stackFigures(stack, part, setup, !variant);
            }
        }
    }

    private Stack stackFor(String part) {
        return switch (part) {
            case Results.DTLSJ_X25519 -> new DtlsjStack(Results.DTLSJ_X25519);
            case Results.DTLSJ_BC -> new DtlsjStack(Results.DTLSJ_BC, new BouncyCastleProvider(), 1);
            case Results.DTLSJ_2_LOOPS -> new DtlsjStack(Results.DTLSJ_2_LOOPS, null, 2);
            case Results.DTLSJ -> new DtlsjStack(Results.DTLSJ);
            case "SunJSSE" -> new JsseStack();
            case "BouncyCastle" -> new BcStack();
            case "Scandium" -> new ScandiumStack();
            default -> throw new IllegalArgumentException("no part " + part);
        };
    }

    private void floor() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair ecdsa = g.generateKeyPair();
            log("JCA floor");
            // In a fresh JVM the P-256 floor takes some 4 s to reach its pace.
            double w = Math.max(plan.warmup(), plan.handshakeWarmup() / 2);
            double s = Math.min(plan.seconds(), 2.0);
            res.put("floor-p256", "JCA floor P-256, handshakes/s", "JCA", JcaFloor.handshakes("secp256r1", null, ecdsa, w, s));
            res.put("floor-x25519", "JCA floor X25519, handshakes/s", "JCA", JcaFloor.handshakes("x25519", null, ecdsa, w, s));
            double gcm = JcaFloor.aesGcmRecords(1024, w, s);
            res.put("floor-gcm", "JCA AES-128-GCM 1 KB seal+open, MB/s", "JCA", gcm * 1024 / 1e6);
            // Last: once Bouncy Castle's classes are loaded, the JIT no longer sees one implementation
            // of the JCA's EC key interfaces, and SunEC runs slower in this JVM (measured: 581 -> 443 hs/s).
            res.put("floor-p256-bc", "JCA floor P-256 (BC provider), hs/s", "JCA",
                    JcaFloor.handshakes("secp256r1", new BouncyCastleProvider(), ecdsa, w, s));
        } catch (Exception e) {
            res.problems.add("JCA floor: " + e);
        }
    }

    /** Every loopback figure of one stack against its own server. */
    private void stackFigures(Stack stack, String column, Setup setup, boolean all) {
        log(column + ": handshakes");
        try (EchoServer server = stack.startServer(setup)) {
            Rate seq = Measure.sequentialHandshakes(stack, setup, server.address(), plan.warmup(), plan.seconds());
            put("hs-seq", "sequential handshakes/s", column, seq.perSecond(), seq.failed());
            if (seq.done() == 0) res.problems.add(column + ": no sequential handshake completed (" + seq.failed() + " failed)");
            Rate conc = Measure.concurrentHandshakes(stack, setup, server.address(), plan.clients(), plan.warmup(), plan.seconds());
            put("hs-conc", "handshakes/s, " + plan.clients() + " concurrent clients", column, conc.perSecond(), conc.failed());
            if (conc.done() == 0) res.problems.add(column + ": no concurrent handshake completed (" + conc.failed() + " failed)");
            if (all) {
                log(column + ": echo");
                try (Connection c = stack.connect(server.address(), setup)) {
                    for (int size : SIZES) echo(c, column, size);
                }
            }
        } catch (Exception e) {
            res.problems.add(column + ": " + e);
            return;
        }
        if (!all) return;
        log(column + ": " + plan.idle() + " idle connections");
        try (EchoServer server = stack.startServer(setup)) {
            Idle idle = Measure.idleHeap(stack, setup, server, plan.idle(), plan.name().equals("smoke") ? 0 : Measure.IDLE_NANOS);
            res.put("idle", "heap bytes per idle connection", true, column, idle.bytesPerConnection());
            if (idle.serverCount() >= 0 && idle.serverCount() < idle.held()) {
                res.notes.add(column + " server held " + idle.serverCount() + " of " + idle.held() + " idle connections");
            }
        } catch (Exception e) {
            res.problems.add(column + " idle: " + e);
        }
    }

    private void put(String key, String label, String column, double value, long failed) {
        res.put(key, label, column, value);
        if (failed > 0) res.notes.add(column + ": " + failed + " failed attempts in '" + label + "'");
    }

    private void echo(Connection c, String column, int size) throws Exception {
        Echo e = Measure.echo(c, size, plan.window(), plan.warmup(), plan.seconds());
        res.put("echo-mb-" + size, "echo " + size + " B, MB/s", column, e.mbPerSecond());
        res.put("echo-dg-" + size, "echo " + size + " B, datagrams/s", column, e.dgramsPerSecond());
        if (e.dgramsPerSecond() == 0) res.problems.add(column + ": nothing echoed at " + size + " bytes");
        if (e.lost() > 0) res.notes.add(column + ": " + e.lost() + " datagrams lost at " + size + " bytes");
    }

    /** Plain UDP echo: the ceiling of the echo rows; the JCA floor is the ceiling of the handshake rows. */
    private void plainUdp(Setup setup) {
        log("plain UDP echo");
        PlainUdpStack udp = new PlainUdpStack();
        try (EchoServer server = udp.startServer(setup); Connection c = udp.connect(server.address(), setup)) {
            for (int size : SIZES) {
                Echo e = Measure.echo(c, size, plan.window(), plan.warmup(), plan.seconds());
                res.udp.put("echo-mb-" + size, e.mbPerSecond());
                res.udp.put("echo-dg-" + size, e.dgramsPerSecond());
            }
        } catch (Exception e) {
            res.problems.add("plain UDP: " + e);
        }
    }

    /** Ceilings and the notes that compare figures of different parts, once all are in. */
    private void finish() {
        Map<String, Double> ceilings = res.udp;
        for (Map.Entry<String, Double> e : ceilings.entrySet()) {
            Results.Row r = res.rows.get(e.getKey());
            if (r != null) {
                r.ceiling = e.getValue();
                r.ceilingName = "plain UDP";
            }
        }
        Results.Row floor = res.rows.get("floor-p256");
        int cores = Runtime.getRuntime().availableProcessors();
        for (String k : List.of("hs-seq", "hs-conc")) {
            Results.Row r = res.rows.get(k);
            if (r != null && floor != null && floor.get("JCA") != null) {
                // One handshake at a time uses one core at a time; concurrent clients and the server share them all.
                boolean conc = k.equals("hs-conc");
                r.ceiling = floor.get("JCA") * (conc ? cores : 1);
                r.ceilingName = conc ? "JCA floor x" + cores + " cores" : "JCA floor";
            }
        }
        Results.Row fx = res.rows.get("floor-x25519");
        Results.Row seq = res.rows.get("hs-seq");
        if (fx != null && seq != null && fx.get("JCA") != null && seq.get(Results.DTLSJ_X25519) != null) {
            res.notes.add(String.format(Locale.ROOT, "dtlsj x25519 sequential handshakes: %.0f%% of the X25519 JCA floor",
                    100 * seq.get(Results.DTLSJ_X25519) / fx.get("JCA")));
        }
        Results.Row fbc = res.rows.get("floor-p256-bc");
        for (String k : List.of("hs-seq", "hs-conc")) {
            Results.Row r = res.rows.get(k);
            if (r == null || fbc == null || fbc.get("JCA") == null || r.get(Results.DTLSJ_BC) == null) continue;
            String[] who = {""};
            double best = Results.bestPeer(r, who);
            double bcFloor = fbc.get("JCA") * (k.equals("hs-conc") ? cores : 1);
            res.notes.add(String.format(Locale.ROOT, "dtlsj with the BC JCA provider, %s: %s, %s the best peer (%s), %.0f%% of the BC-provider floor%s",
                    r.label, Report.fmt(r.get(Results.DTLSJ_BC)), Report.ratio(r.get(Results.DTLSJ_BC), best), who[0],
                    100 * r.get(Results.DTLSJ_BC) / bcFloor, k.equals("hs-conc") ? " x" + cores + " cores" : ""));
        }
        Results.Row conc = res.rows.get("hs-conc");
        if (conc != null && conc.get(Results.DTLSJ) != null && conc.get(Results.DTLSJ_2_LOOPS) != null) {
            res.notes.add(String.format(Locale.ROOT, "server capacity with SO_REUSEPORT: 1 event loop %s hs/s, 2 loops %s hs/s (%s); "
                    + "the concurrent clients share the same %d cores", Report.fmt(conc.get(Results.DTLSJ)),
                    Report.fmt(conc.get(Results.DTLSJ_2_LOOPS)), Report.ratio(conc.get(Results.DTLSJ_2_LOOPS), conc.get(Results.DTLSJ)), cores));
        }
        Results.Row gcm = res.rows.get("floor-gcm");
        Results.Row mb = res.rows.get("echo-mb-1000");
        if (gcm != null && mb != null && gcm.get("JCA") != null) {
            // Each echoed datagram is sealed and opened twice (there and back).
            mb.note = "AES-GCM alone would allow " + Report.fmt(gcm.get("JCA") / 2) + " MB/s";
            Double plain = ceilings.get("echo-dg-1000");
            if (plain != null && plain > 0) {
                // Each side's thread opens and seals one record per echoed datagram: with nothing but
                // the JCA's AES-GCM added to plain UDP's time per datagram, the echo could reach this share.
                double tPlain = 1 / plain;
                double tGcm = 1 / (gcm.get("JCA") * 1e6 / 1024);
                res.notes.add(String.format(Locale.ROOT, "1 KB echo bound: plain UDP takes %.2f us per datagram, one AES-GCM open + seal "
                        + "(JCA) %.2f us; with nothing else added, DTLS echo could reach %.0f%% of plain UDP", tPlain * 1e6, tGcm * 1e6,
                        100 * tPlain / (tPlain + tGcm)));
            }
        }
    }
}
