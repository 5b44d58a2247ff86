package org.dtlsj.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dtlsj bench}: runs the loopback benchmark of dtlsj-bench (dtlsj beside SunJSSE, Bouncy
 * Castle and Scandium) in a JVM of its own. The peers and JMH live in the bench jar only, so the
 * command jar stays small; {@code ./dtlsj bench} builds the bench jar when needed.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure dtlsj beside SunJSSE, Bouncy Castle and Scandium over loopback UDP; print one table, write an SVG chart.")
final class BenchCommand implements Callable<Integer> {
    static final String MAIN = "org.dtlsj.bench.loopback.LoopbackBench";

    @Option(names = "--quick", description = "About a minute: shorter figures, fewer idle connections, no JMH.")
    boolean quick;

    @Option(names = "--stacks", paramLabel = "LIST", split = ",", description = "Peers beside dtlsj: jsse, bc, scandium (default all).")
    List<String> stacks;

    @Option(names = "--chart", paramLabel = "FILE", defaultValue = "dtlsj-bench.svg", description = "SVG chart to write (default ${DEFAULT-VALUE}).")
    Path chart;

    @Option(names = "--idle", paramLabel = "N", description = "Idle connections held per implementation (default 2000, quick 300; up to 100000).")
    Integer idle;

    @Option(names = "--clients", paramLabel = "N", description = "Concurrent clients in the server capacity figure (default 16).")
    Integer clients;

    @Option(names = "--seconds", paramLabel = "S", description = "Measured seconds per figure (default 2, quick 1).")
    Double seconds;

    @Option(names = "--no-jmh", description = "Skip the JMH suite of the record path.")
    boolean noJmh;

    @Option(names = "--million", paramLabel = "N", arity = "0..1", fallbackValue = "1000000",
            description = "Only this: a dtlsj server holds N (default 1000000) idle connections, made with PSK handshakes over UDP, "
                    + "in the bench JVM's heap (--heap, 4g by default); prints the heap they take. Some minutes.")
    Integer million;

    @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "4g", description = "Largest heap of the bench JVM (default ${DEFAULT-VALUE}); 100000 idle connections want more.")
    String heap;

    @Override
    public Integer call() throws Exception {
        String classpath = benchClasspath();
        if (classpath == null) {
            System.err.println("dtlsj bench: no dtlsj-bench/target/dtlsj-bench-*-all.jar; run ./dtlsj bench from the source tree"
                    + " (it builds the jar), or build it: mvn -pl dtlsj-bench -am package -DskipTests");
            return 1;
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms1g", "-Xmx" + heap, "-cp", classpath, MAIN));
        if (quick) cmd.add("--quick");
        if (stacks != null) cmd.add("--stacks=" + String.join(",", stacks));
        cmd.add("--chart=" + chart.toAbsolutePath());
        if (idle != null) cmd.add("--idle=" + idle);
        if (clients != null) cmd.add("--clients=" + clients);
        if (seconds != null) cmd.add("--seconds=" + seconds);
        if (noJmh) cmd.add("--no-jmh");
        if (million != null) cmd.add("--million=" + million);
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            throw e;
        }
    }

    /**
     * Where the bench classes are: a private copy of the bench jar beside this command's jar in the
     * source tree (a concurrent rebuild cannot change it under the running JVM), or this JVM's
     * class path when it already holds them (tests).
     */
    static String benchClasspath() throws IOException {
        Path jar = findBenchJar();
        if (jar != null) {
            Path copy = Files.createTempFile("dtlsj-bench", ".jar");
            copy.toFile().deleteOnExit();
            Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
            return copy.toString();
        }
        try {
            Class.forName(MAIN, false, BenchCommand.class.getClassLoader());
            return System.getProperty("java.class.path");
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static Path findBenchJar() throws IOException {
        List<Path> dirs = new ArrayList<>();
        String home = System.getProperty("dtlsj.home");
        if (home != null) dirs.add(Path.of(home, "dtlsj-bench", "target"));
        try {
            Path self = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // dtlsj-cli/target/dtlsj-cli-all.jar -> dtlsj-bench/target
            if (self.getParent() != null && self.getParent().getParent() != null && self.getParent().getParent().getParent() != null) {
                dirs.add(self.getParent().getParent().getParent().resolve("dtlsj-bench").resolve("target"));
            }
        } catch (Exception e) {
            // no code source: fall back to the class path
        }
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) continue;
            try (Stream<Path> s = Files.list(d)) {
                Path newest = s.filter(f -> f.getFileName().toString().matches("dtlsj-bench-.*-all\\.jar"))
                        .max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified())).orElse(null);
                if (newest != null) return newest;
            }
        }
        return null;
    }
}
