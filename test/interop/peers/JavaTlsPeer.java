import java.io.*;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.*;

/**
 * The Java side of the TLS interop test: an SSLSocket client or an SSLServerSocket server that
 * exchanges SFML frames (a 4-byte big-endian size, then the payload) with DataOutputStream and
 * DataInputStream. Client: JavaTlsPeer client PORT CA.pem; server: JavaTlsPeer server KEYSTORE.p12 PASSWORD.
 * STARTTLS (a plaintext connection upgraded in place with SSLSocketFactory.createSocket(socket, …)):
 * JavaTlsPeer starttls-client PORT CA.pem; JavaTlsPeer starttls-server KEYSTORE.p12 PASSWORD. Each
 * side first exchanges one plaintext frame ("STARTTLS", answered "GO"), then upgrades.
 * Prints "port N" (server) and "ok tls VALUE" at the end.
 */
public class JavaTlsPeer {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "client" -> client(Integer.parseInt(args[1]), args[2]);
            case "server" -> server(args[1], args[2].toCharArray());
            case "starttls-client" -> startTlsClient(Integer.parseInt(args[1]), args[2]);
            default -> startTlsServer(args[1], args[2].toCharArray());
        }
    }

    static SSLContext trusting(String caFile) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = new FileInputStream(caFile)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    static SSLContext presenting(String keystore, char[] password) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore)) {
            keys.load(in, password);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    /** Writes one SFML frame holding a Java modified-UTF-8 string (SFML's string layout differs; both sides here read it as bytes). */
    static void writeFrame(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes("US-ASCII");
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
    }

    static String readFrame(DataInputStream in) throws IOException {
        int size = in.readInt();
        if (size < 0 || size > 64) throw new IOException("unexpected frame size " + size);
        byte[] bytes = new byte[size];
        in.readFully(bytes);
        return new String(bytes, "US-ASCII");
    }

    static void startTlsClient(int port, String caFile) throws Exception {
        try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), port)) {
            DataOutputStream out = new DataOutputStream(plain.getOutputStream());
            DataInputStream in = new DataInputStream(plain.getInputStream());
            writeFrame(out, "STARTTLS");
            if (!readFrame(in).equals("GO")) throw new IOException("no GO");
            SSLSocket socket = (SSLSocket) trusting(caFile).getSocketFactory().createSocket(plain, "localhost", port, true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            exchangeAsClient(socket);
        }
    }

    static void startTlsServer(String keystore, char[] password) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            System.out.println("port " + server.getLocalPort());
            System.out.flush();
            try (Socket plain = server.accept()) {
                DataOutputStream out = new DataOutputStream(plain.getOutputStream());
                DataInputStream in = new DataInputStream(plain.getInputStream());
                if (!readFrame(in).equals("STARTTLS")) throw new IOException("no STARTTLS");
                writeFrame(out, "GO");
                SSLSocket socket = (SSLSocket) presenting(keystore, password).getSocketFactory().createSocket(plain, "localhost", plain.getPort(), true);
                socket.setUseClientMode(false);
                socket.startHandshake();
                exchangeAsServer(socket);
            }
        }
    }

    static void exchangeAsClient(SSLSocket socket) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        out.writeInt(4);
        out.writeInt(42);
        out.flush();
        if (in.readInt() != 4) throw new IOException("unexpected frame size");
        System.out.println("ok tls " + in.readInt() + " " + socket.getSession().getProtocol());
    }

    static void exchangeAsServer(SSLSocket socket) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
        if (in.readInt() != 4) throw new IOException("unexpected frame size");
        int value = in.readInt();
        out.writeInt(4);
        out.writeInt(value + 1);
        out.flush();
        System.out.println("ok tls " + value + " " + socket.getSession().getProtocol());
    }

    static void client(int port, String caFile) throws Exception {
        SSLContext context = trusting(caFile);
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
        SSLContext context = presenting(keystore, password);
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
