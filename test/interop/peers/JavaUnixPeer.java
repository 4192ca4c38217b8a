import java.io.*;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * The Java side of the Unix domain socket interop test (JDK 16+): a SocketChannel client or a
 * ServerSocketChannel server on a UnixDomainSocketAddress, exchanging SFML frames with
 * DataOutputStream / DataInputStream. Client: JavaUnixPeer client PATH; server: JavaUnixPeer
 * server PATH (prints "ready" once bound). Prints "ok unix VALUE" at the end.
 */
public class JavaUnixPeer {
    public static void main(String[] args) throws Exception {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(Path.of(args[1]));
        if (args[0].equals("client")) {
            try (SocketChannel channel = SocketChannel.open(address)) {
                exchange(channel, true);
            }
        } else {
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(address);
                System.out.println("ready");
                System.out.flush();
                try (SocketChannel channel = server.accept()) {
                    exchange(channel, false);
                }
            }
        }
    }

    /** The client speaks first: a frame holding one int; the other side answers with the int plus one. */
    static void exchange(SocketChannel channel, boolean first) throws IOException {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(channel)));
        DataInputStream in = new DataInputStream(new BufferedInputStream(Channels.newInputStream(channel)));
        if (first) {
            out.writeInt(4);
            out.writeInt(41);
            out.flush();
        }
        int size = in.readInt();
        int value = in.readInt();
        if (size != 4) throw new IOException("unexpected frame size " + size);
        if (!first) {
            out.writeInt(4);
            out.writeInt(value + 1);
            out.flush();
        }
        System.out.println("ok unix " + value);
    }
}
