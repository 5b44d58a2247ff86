package org.dtlsj.bench.loopback;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.cipher.XECDHECryptography.SupportedGroup;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;

/**
 * Eclipse Californium's Scandium: a {@link DTLSConnector} is one socket with any number of peers.
 * The server is one connector with its default threads, echoing every {@link RawData}. Scandium
 * starts a handshake when the first datagram is sent, so a client connector (one per connection,
 * one receiver and one connector thread) is connected once a 1-byte probe has come back.
 */
final class ScandiumStack implements Stack {
    static {
        DtlsConfig.register();
    }

    @Override
    public String name() {
        return "Scandium";
    }

    private static DtlsConnectorConfig.Builder builder(Setup setup, boolean server, InetAddress local) {
        List<SupportedGroup> groups = new ArrayList<>();
        for (String g : setup.offeredGroups()) groups.add(g.equals("x25519") ? SupportedGroup.X25519 : SupportedGroup.secp256r1);
        DtlsConnectorConfig.Builder b = DtlsConnectorConfig.builder(Configuration.createStandardWithoutFile())
                .setAddress(new InetSocketAddress(local, 0))
                .set(DtlsConfig.DTLS_ROLE, server ? DtlsConfig.DtlsRole.SERVER_ONLY : DtlsConfig.DtlsRole.CLIENT_ONLY)
                .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)
                .setAsList(DtlsConfig.DTLS_CURVES, groups.toArray(new SupportedGroup[0]))
                .set(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE, CertificateAuthenticationMode.NONE)
                .set(DtlsConfig.DTLS_MAX_TRANSMISSION_UNIT, setup.mtu() + 28)
                .set(DtlsConfig.DTLS_USE_HELLO_VERIFY_REQUEST, true)
                .set(DtlsConfig.DTLS_MAX_CONNECTIONS, 200_000);
        if (server) {
            b.setCertificateIdentityProvider(new SingleCertificateProvider(setup.credential().key(),
                    setup.credential().chain().toArray(new Certificate[0]), CertificateType.X_509));
        } else {
            b.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1)
                    .set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1)
                    .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                            .setTrustedCertificates(setup.credential().root()).build());
        }
        return b;
    }

    @Override
    public EchoServer startServer(Setup setup) throws IOException {
        DTLSConnector server = new DTLSConnector(builder(setup, true, LOOPBACK).build());
        server.setRawDataReceiver(raw -> server.send(RawData.outbound(raw.getBytes(), raw.getEndpointContext(), null, false)));
        server.start();
        InetSocketAddress address = server.getAddress();
        return EchoServer.of(address, () -> -1, server::destroy);
    }

    @Override
    public Connection connect(InetSocketAddress server, Setup setup, InetAddress local) throws Exception {
        DTLSConnector client = new DTLSConnector(builder(setup, false, local).build());
        BlockingQueue<byte[]> in = new ArrayBlockingQueue<>(4096);
        client.setRawDataReceiver(raw -> in.offer(raw.getBytes()));
        client.start();
        AddressEndpointContext to = new AddressEndpointContext(server);
        client.send(RawData.outbound(new byte[] {1}, to, null, false));
        if (in.poll(20, TimeUnit.SECONDS) == null) {
            client.destroy();
            throw new IOException("Scandium handshake with " + server + " did not complete within 20 s");
        }
        return new Connection() {
            @Override
            public void send(byte[] data, int len) {
                client.send(RawData.outbound(java.util.Arrays.copyOf(data, len), to, null, false));
            }

            @Override
            public int receive(byte[] buf, int timeoutMillis) throws IOException {
                byte[] d;
                try {
                    d = in.poll(timeoutMillis, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
                return Connection.copyOut(d, buf);
            }

            @Override
            public void close() {
                // Scandium sends close_notify when asked to close the peer's connection.
                client.close(server);
                client.destroy();
            }

            @Override
            public void abandon() {
                client.destroy();
            }
        };
    }
}
