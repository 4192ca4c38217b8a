// A Java 17 peer for sfnet's DataInputStream / DataOutputStream (test/interop/javaDataStreams.test.ts).
// No framing at all: fields go straight to and from the socket's streams, as most Java socket code does.
//
//   java JavaDataPeer.java <server|client> <host> [port]
//
// server binds port 0 on <host> and prints "port <n>"; client connects to <host>:<port>. Then:
//   1. Java writes every field of sequence() with DataOutputStream (unbuffered: one write per field)
//   2. Java reads the same sequence, written by sfnet, with DataInputStream and checks every value
//   3. Java writes a malformed writeUTF (length 2, bytes C0 41), then writeInt(99)
//   4. Java writes two bytes of an int and shuts its output down (sfnet's readInt sees the end)
//   5. Java's readInt must throw EOFException once sfnet shuts its output down
// It prints "ok data <bytes written> <bytes read>" and exits 0, or "fail <reason>" and exits 1.
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;

public class JavaDataPeer {
    static final String UNICODE = "na\u00efve \u2603 \u0000 \ud83d\ude00";

    static class Failure extends RuntimeException {
        Failure(String reason) {
            super(reason);
        }
    }

    static void expect(boolean ok, String what) {
        if (!ok) throw new Failure(what);
    }

    static String longText() {
        return "a".repeat(65535);
    }

    static byte[] allBytes() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < 256; i++) bytes[i] = (byte) i;
        return bytes;
    }

    /** The sequence, mirrored field for field in javaDataStreams.test.ts (writeAll / checkAll). */
    static void write(DataOutputStream out) throws IOException {
        out.writeBoolean(true);
        out.writeBoolean(false);
        out.writeByte(-128);
        out.writeByte(127);
        out.write(255);
        out.writeShort(-32768);
        out.writeShort(32767);
        out.writeShort(65535);
        out.writeChar('\u00e9');
        out.writeChar(0xffff);
        out.writeInt(Integer.MIN_VALUE);
        out.writeInt(Integer.MAX_VALUE);
        out.writeInt(-1);
        out.writeLong(Long.MIN_VALUE);
        out.writeLong(Long.MAX_VALUE);
        out.writeLong(1234567890123456789L);
        out.writeFloat(1.5f);
        out.writeFloat(Float.NaN);
        out.writeFloat(Float.NEGATIVE_INFINITY);
        out.writeFloat(Float.MIN_VALUE);
        out.writeDouble(Math.PI);
        out.writeDouble(-0.0);
        out.writeDouble(Double.NaN);
        out.writeDouble(Double.MAX_VALUE);
        out.writeUTF("");
        out.writeUTF(UNICODE);
        out.writeUTF(longText());
        out.writeBytes("HELLO");
        out.writeChars("h\u00e9");
        out.write(allBytes());
        out.write(new byte[1000], 0, 1000); // skipped by skipBytes(1000)
        out.writeInt(7);
        out.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}); // read with read(byte[])
        out.flush();
    }

    static void check(DataInputStream in) throws IOException {
        expect(in.readBoolean(), "boolean true");
        expect(!in.readBoolean(), "boolean false");
        expect(in.readByte() == -128, "byte -128");
        expect(in.readByte() == 127, "byte 127");
        expect(in.readUnsignedByte() == 255, "unsigned byte 255");
        expect(in.readShort() == -32768, "short -32768");
        expect(in.readShort() == 32767, "short 32767");
        expect(in.readUnsignedShort() == 65535, "unsigned short 65535");
        expect(in.readChar() == '\u00e9', "char e-acute");
        expect(in.readChar() == '\uffff', "char ffff");
        expect(in.readInt() == Integer.MIN_VALUE, "int min");
        expect(in.readInt() == Integer.MAX_VALUE, "int max");
        expect(in.readInt() == -1, "int -1");
        expect(in.readLong() == Long.MIN_VALUE, "long min");
        expect(in.readLong() == Long.MAX_VALUE, "long max");
        expect(in.readLong() == 1234567890123456789L, "long");
        expect(in.readFloat() == 1.5f, "float 1.5");
        expect(Float.floatToRawIntBits(in.readFloat()) == 0x7fc00000, "float NaN bits");
        expect(in.readFloat() == Float.NEGATIVE_INFINITY, "float -inf");
        expect(in.readFloat() == Float.MIN_VALUE, "float min (denormal)");
        expect(in.readDouble() == Math.PI, "double pi");
        expect(Double.doubleToRawLongBits(in.readDouble()) == 0x8000000000000000L, "double -0");
        expect(Double.doubleToRawLongBits(in.readDouble()) == 0x7ff8000000000000L, "double NaN bits");
        expect(in.readDouble() == Double.MAX_VALUE, "double max");
        expect(in.readUTF().equals(""), "utf empty");
        expect(in.readUTF().equals(UNICODE), "utf unicode");
        expect(in.readUTF().equals(longText()), "utf 65535 bytes");
        byte[] hello = new byte[5];
        in.readFully(hello);
        expect(new String(hello, "ISO-8859-1").equals("HELLO"), "writeBytes HELLO");
        expect(in.readChar() == 'h' && in.readChar() == '\u00e9', "writeChars");
        byte[] all = new byte[256];
        in.readFully(all);
        expect(Arrays.equals(all, allBytes()), "all 256 bytes");
        expect(in.skipBytes(1000) == 1000, "skipBytes 1000");
        expect(in.readInt() == 7, "int after skip");
        byte[] ten = new byte[10];
        in.readFully(ten);
        expect(Arrays.equals(ten, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}), "ten bytes");
    }

    static String run(Socket socket) throws IOException {
        socket.setSoTimeout(20_000);
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        DataInputStream in = new DataInputStream(socket.getInputStream());
        write(out);
        int written = out.size();
        check(in);
        out.write(new byte[] {0, 2, (byte) 0xc0, 0x41}); // writeUTF's layout, not modified UTF-8
        out.writeInt(99);
        out.write(new byte[] {1, 2}); // half an int, then the end of the stream
        out.flush();
        socket.shutdownOutput();
        try {
            int value = in.readInt();
            throw new Failure("readInt after sfnet's end gave " + value);
        } catch (EOFException expected) {
            // Java's end-of-stream case, which sfnet answers with Disconnected
        }
        return "ok data " + written + " " + out.size();
    }

    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(30_000);
                System.out.println("fail watchdog");
                System.exit(3);
            } catch (InterruptedException done) {
                // finished in time
            }
        });
        watchdog.setDaemon(true);
        watchdog.start();
        InetAddress host = InetAddress.getByName(args[1]);
        try {
            String verdict;
            if (args[0].equals("server")) {
                try (ServerSocket server = new ServerSocket(0, 1, host)) {
                    System.out.println("port " + server.getLocalPort());
                    System.out.flush();
                    try (Socket socket = server.accept()) {
                        verdict = run(socket);
                    }
                }
            } else {
                try (Socket socket = new Socket(host, Integer.parseInt(args[2]))) {
                    verdict = run(socket);
                }
            }
            System.out.println(verdict);
        } catch (Failure | IOException failure) {
            System.out.println("fail " + failure);
            System.exit(1);
        }
    }
}
