package org.dtlsj.bench.jmh;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.dtlsj.config.BulkCipher;
import org.dtlsj.record.ReadEpoch;
import org.dtlsj.record.RecordProtection;
import org.dtlsj.record.ReplayWindow;
import org.dtlsj.record.WriteEpoch;
import org.dtlsj.wire.ContentType;
import org.dtlsj.wire.ProtocolVersion;
import org.dtlsj.wire.RecordHeader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * dtlsj's record path for application data, one AEAD at a time: {@link WriteEpoch#seal} (header,
 * nonce, AAD, encryption into the caller's buffer) and {@link ReadEpoch#open} (authentication and
 * decryption into the caller's buffer). Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the
 * heap allocated per record, which the design wants at zero in steady state.
 *
 * <p>{@code java -cp dtlsj-bench-*-all.jar org.openjdk.jmh.Main RecordBench -prof gc}, or
 * {@code dtlsj bench} which runs it with short iterations.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class RecordBench {
    /** The AEADs of the record layer (RFC 5288, RFC 7905, RFC 6655). */
    @Param({"AES_128_GCM", "AES_256_GCM", "CHACHA20_POLY1305", "AES_128_CCM", "AES_128_CCM_8"})
    public String cipher;

    /** Application bytes per record. */
    @Param({"1024"})
    public int size;

    private WriteEpoch writer;
    private ReadEpoch reader;
    private byte[] plain;
    private byte[] sealed;
    private byte[] opened;
    private int sealedLength;
    private long sealedSeq;

    @Setup(Level.Trial)
    public void setUp() {
        BulkCipher suite = BulkCipher.valueOf(cipher);
        SplittableRandom r = new SplittableRandom(7);
        byte[] key = new byte[suite.keyLength];
        byte[] iv = new byte[suite.fixedIvLength];
        r.nextBytes(key);
        r.nextBytes(iv);
        writer = new WriteEpoch(1, RecordProtection.of(suite, key, iv, null, false, null), ProtocolVersion.DTLS_1_2);
        reader = new ReadEpoch(1, RecordProtection.of(suite, key, iv, null, false, null), new ReplayWindow(64));
        plain = new byte[size];
        r.nextBytes(plain);
        sealed = new byte[RecordHeader.LENGTH + size + 64];
        opened = new byte[size + 64];
        // One record kept for the open benchmark (an AEAD opens the same record any number of times).
        sealedSeq = writer.nextSequence();
        sealedLength = writer.seal(ContentType.APPLICATION_DATA, plain, 0, size, sealed, 0);
    }

    @Benchmark
    public int seal() {
        return writer.seal(ContentType.APPLICATION_DATA, plain, 0, size, sealed, 0) + sealed[5];
    }

    @Benchmark
    public int open() {
        return reader.open(ContentType.APPLICATION_DATA, ProtocolVersion.DTLS_1_2, sealedSeq, sealed, RecordHeader.LENGTH,
                sealedLength - RecordHeader.LENGTH, opened, 0);
    }
}
