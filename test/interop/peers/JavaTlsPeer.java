import java.io.*;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.*;

/**
 * The Java side of the TLS interop test: an SSLSocket client or an SSLServerSocket server that
 * exchanges SFML frames (a 4-byte big-endian size, then the payload) with DataOutputStream and
 * DataInputStream. Client: JavaTlsPeer client PORT CA.pem; server: JavaTlsPeer server KEYSTORE.p12 PASSWORD.
 * Prints "port N" (server) and "ok tls VALUE" at the end.
 */
public class JavaTlsPeer {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("client")) client(Integer.parseInt(args[1]), args[2]);
        else server(args[1], args[2].toCharArray());
    }

    static void client(int port, String caFile) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = new FileInputStream(caFile)) {
            Certificate ca = CertificateFactory.getInstance("X.509").generateCertificate(in);
            trust.setCertificateEntry("ca", ca);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName("localhost")));
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            out.writeInt(12);
            out.writeInt(42);
            out.writeLong(-7L);
            out.flush();
            int size = in.readInt();
            int value = in.readInt();
            if (size != 4) throw new IOException("unexpected frame size " + size);
            System.out.println("ok tls " + value + " " + socket.getSession().getProtocol());
        }
    }

    static void server(String keystore, char[] password) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore)) {
            keys.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        try (SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            System.out.println("port " + server.getLocalPort());
            System.out.flush();
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
                int size = in.readInt();
                int value = in.readInt();
                if (size != 4) throw new IOException("unexpected frame size " + size);
                out.writeInt(4);
                out.writeInt(value + 1);
                out.flush();
                System.out.println("ok tls " + value + " " + socket.getSession().getProtocol());
            }
        }
    }
}
