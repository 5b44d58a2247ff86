package org.dtlsj.crypto;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code openssl} command line (OpenSSL 3.x) to make test inputs, so the readers are
 * checked against files written by an independent implementation. Tests using it are skipped,
 * not failed, when no {@code openssl} is installed.
 */
final class OpenSslTool {
    private static final String OPENSSL = findOpenSsl();

    private OpenSslTool() {
    }

    private static String findOpenSsl() {
        for (String c : List.of("/usr/bin/openssl", "/usr/local/bin/openssl")) {
            if (Files.isExecutable(Path.of(c))) return c;
        }
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? "openssl" : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Skips the calling test when there is no {@code openssl} command. */
    static void assumeAvailable() {
        assumeTrue(OPENSSL != null, "openssl command line not installed");
    }

    /** Runs {@code openssl args...} in {@code dir}; returns its stdout, fails the test on a non-zero exit. */
    static String run(Path dir, String... args) throws IOException, InterruptedException {
        assumeAvailable();
        List<String> cmd = new ArrayList<>();
        cmd.add(OPENSSL);
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile(dir, "openssl", ".err");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("openssl timed out: " + cmd);
        }
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        Files.delete(err);
        if (p.exitValue() != 0) {
            throw new AssertionError("openssl failed (" + p.exitValue() + "): " + String.join(" ", cmd) + "\n" + stderr);
        }
        return out;
    }

    /** Signs a message with {@code key} and verifies it with {@code pub}: true when they are a pair. */
    static boolean signsAndVerifies(PrivateKey key, PublicKey pub) throws GeneralSecurityException {
        byte[] message = "dtlsj key pair check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = signature(key.getAlgorithm());
        signer.initSign(key);
        signer.update(message);
        byte[] sig = signer.sign();
        Signature verifier = signature(pub.getAlgorithm());
        verifier.initVerify(pub);
        verifier.update(message);
        return verifier.verify(sig);
    }

    private static Signature signature(String keyAlgorithm) throws GeneralSecurityException {
        return switch (keyAlgorithm) {
            case "EC" -> Signature.getInstance("SHA256withECDSA");
            case "RSA" -> Signature.getInstance("SHA256withRSA");
            case "Ed25519", "EdDSA" -> Signature.getInstance("Ed25519");
            case "RSASSA-PSS" -> {
                Signature s = Signature.getInstance("RSASSA-PSS");
                s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                yield s;
            }
            default -> throw new IllegalArgumentException("no test signature for " + keyAlgorithm);
        };
    }
}
