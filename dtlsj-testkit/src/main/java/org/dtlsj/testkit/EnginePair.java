package org.dtlsj.testkit;

import java.util.List;
import org.dtlsj.config.DtlsConfig;
import org.dtlsj.engine.DtlsConnection;

/**
 * A client and a server engine on one {@link SimNetwork}: the usual fixture of simulation tests.
 * The client is endpoint A, the server (an echo server) endpoint B.
 */
public final class EnginePair {
    /** Generous bound of virtual time for a handshake under heavy loss. */
    public static final long DEFAULT_BUDGET_NANOS = 30L * 60 * 1_000_000_000L;

    public final EngineEndpoint client;
    public final EngineEndpoint server;
    public final SimNetwork net;

    public EnginePair(DtlsConfig clientConfig, DtlsConfig serverConfig, LinkConditions aToB, LinkConditions bToA, long seed) {
        this(clientConfig, serverConfig, aToB, bToA, seed, "localhost");
    }

    /** A pair whose client asks for {@code serverName} (SNI and certificate host name check). */
    public EnginePair(DtlsConfig clientConfig, DtlsConfig serverConfig, LinkConditions aToB, LinkConditions bToA, long seed,
                      String serverName) {
        this(DtlsConnection.client(clientConfig, serverName), serverConfig, new byte[] {127, 0, 0, 1, 0x11, 0x51}, aToB, bToA, seed);
    }

    /**
     * A pair with a client connection made by the caller (one that resumes a session, say) and a
     * server that sees the client at {@code clientAddress} (any stable bytes: the cookie binds to them).
     */
    public EnginePair(DtlsConnection clientConnection, DtlsConfig serverConfig, byte[] clientAddress, LinkConditions aToB,
                      LinkConditions bToA, long seed) {
        this.client = new EngineEndpoint(clientConnection);
        this.server = new EngineEndpoint(DtlsConnection.server(serverConfig, clientAddress)).echo(true);
        this.net = new SimNetwork(client, server, aToB, bToA, seed);
    }

    /** Configurations for an ECDSA server and a client that trusts it. */
    public static DtlsConfig[] configs(TestPki.Credential cred) {
        DtlsConfig server = DtlsConfig.builder().credentials(cred.key(), cred.chain()).build();
        DtlsConfig client = DtlsConfig.builder().trustAnchors(List.of(cred.root())).build();
        return new DtlsConfig[] {client, server};
    }

    /** Starts the client and runs until both sides are connected, one fails, or the budget runs out. */
    public boolean handshake(long budgetNanos) {
        client.connection().start(net.now());
        return net.runUntil(() -> bothConnected() || failed(), budgetNanos) && bothConnected();
    }

    /** Runs until neither side is handshaking any more (connected, failed or closed). */
    public void settle(long budgetNanos) {
        net.runUntil(() -> !client.connection().isHandshaking() && !server.connection().isHandshaking(), budgetNanos);
    }

    public boolean bothConnected() {
        return client.connection().isConnected() && server.connection().isConnected();
    }

    public boolean failed() {
        return client.connection().failure() != null || server.connection().failure() != null;
    }

    /** A description of both sides for assertion messages. */
    public String describe() {
        return "client: " + client.connection().stateDescription() + " " + client.connection().failure()
                + " " + client.connection().stats() + "\nserver: " + server.connection().stateDescription() + " "
                + server.connection().failure() + " " + server.connection().stats() + "\nat t=" + net.now() / 1_000_000 + " ms";
    }
}
