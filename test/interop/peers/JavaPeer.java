// A java.net / java.io peer for sfnet's interop tests (test/interop/*.test.ts compile and run it).
//
//   java JavaPeer <tcp-client|tcp-server|udp-client|udp-server> <values|mib|big> <host> [port]
//
// The TCP framing is SFML's: DataOutputStream.writeInt(length), then the payload. Client modes talk
// to <host>:<port>; server modes bind port 0 on <host> and print "port <n>". Every scenario: the peer
// receives one packet and checks it, then sends one reply:
//   values  the list in sequence() below (mirrored in sequences.ts): DataOutputStream's big-endian
//           numbers, writeUTF (modified UTF-8) and SFML-style strings (int length + UTF-8); reply: the
//           same values written by Java (UDP: the client sends its values first, then checks ours)
//   mib     one SFML-style string filling a 1 MiB payload; reply: the string reversed
//   big     an 8 MiB raw payload; reply: int size, int FNV-1a of the bytes
// It prints "ok <scenario> ..." and exits 0, or "fail <reason>" and exits 1; a watchdog ends it (exit 3).
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

public class JavaPeer {
    static final int MIB_TEXT_SIZE = 1024 * 1024 - 4;
    static final int BIG_SIZE = 8 * 1024 * 1024;
    static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

    static class Failure extends RuntimeException {
        Failure(String reason) {
            super(reason);
        }
    }

    /** Writes (to a DataOutputStream) or checks (from a DataInputStream) one value of each kind. */
    interface Io {
        void bool(boolean v) throws IOException;
        void i8(int v) throws IOException;
        void u8(int v) throws IOException;
        void i16(int v) throws IOException;
        void u16(int v) throws IOException;
        void i32(int v) throws IOException;
        void u32(long v) throws IOException;
        void i64(long v) throws IOException;
        void u64(String v) throws IOException;
        void f32(float v) throws IOException;
        void f64(double v) throws IOException;
        void utf(String v) throws IOException;
        void str(String v) throws IOException;
    }

    static String longUtf() {
        String[] units = {"a", "\u00e9", "\u20ac", "\u0000"};
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 10000; i++) text.append(units[i % 4]);
        return text.toString();
    }

    static String mibText() {
        char[] text = new char[MIB_TEXT_SIZE];
        for (int i = 0; i < MIB_TEXT_SIZE; i++) text[i] = ALPHABET.charAt((int) (((long) i * 7 + (i >> 10)) % 36));
        return new String(text);
    }

    static int bigByte(int i) {
        return (int) (((long) i * 31 + (i >> 11)) & 0xff);
    }

    static int fnv1a(byte[] data) {
        int hash = 0x811c9dc5;
        for (byte b : data) hash = (hash ^ (b & 0xff)) * 16777619;
        return hash;
    }

    /** Every value of the "values" scenario, in order. */
    static void sequence(Io io) throws IOException {
        io.bool(true);
        io.bool(false);
        io.i8(-128);
        io.i8(127);
        io.u8(0);
        io.u8(255);
        io.i16(-32768);
        io.i16(32767);
        io.u16(0);
        io.u16(65535);
        io.i32(Integer.MIN_VALUE);
        io.i32(Integer.MAX_VALUE);
        io.u32(0);
        io.u32(4294967295L);
        io.i64(Long.MIN_VALUE);
        io.i64(Long.MAX_VALUE);
        io.u64("0");
        io.u64("18446744073709551615");
        for (float f : new float[] {1.5f, -0.0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
            Float.MIN_VALUE, Float.intBitsToFloat(0x007fffff), Float.MAX_VALUE}) io.f32(f);
        for (double d : new double[] {0.1, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
            Double.MIN_VALUE, Double.longBitsToDouble(0x000fffffffffffffL), Double.MAX_VALUE}) io.f64(d);
        io.utf("");
        io.utf("hello");
        io.utf("a\u0000b");
        io.utf("\ud83d\ude00");
        io.utf("mix \u00e9\u20ac\ud83d\ude00\ud834\udd1e\u0000!");
        io.utf(longUtf());
        io.str("");
        io.str("h\u00e9llo \u20ac\ud83d\ude00");
    }

    static final class Writer implements Io {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final DataOutputStream out = new DataOutputStream(bytes);
        public void bool(boolean v) throws IOException { out.writeBoolean(v); }
        public void i8(int v) throws IOException { out.writeByte(v); }
        public void u8(int v) throws IOException { out.writeByte(v); }
        public void i16(int v) throws IOException { out.writeShort(v); }
        public void u16(int v) throws IOException { out.writeShort(v); }
        public void i32(int v) throws IOException { out.writeInt(v); }
        public void u32(long v) throws IOException { out.writeInt((int) v); }
        public void i64(long v) throws IOException { out.writeLong(v); }
        public void u64(String v) throws IOException { out.writeLong(Long.parseUnsignedLong(v)); }
        public void f32(float v) throws IOException { out.writeFloat(v); }
        public void f64(double v) throws IOException { out.writeDouble(v); }
        public void utf(String v) throws IOException { out.writeUTF(v); }
        public void str(String v) throws IOException {
            byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        }
    }

    static final class Checker implements Io {
        final DataInputStream in;
        int index = 0;
        Checker(byte[] payload) { in = new DataInputStream(new ByteArrayInputStream(payload)); }
        void check(Object got, Object want) {
            if (!Objects.equals(got, want)) throw new Failure("values: item " + index + " is " + got + ", expected " + want);
            index++;
        }
        public void bool(boolean v) throws IOException { check(in.readBoolean(), v); }
        public void i8(int v) throws IOException { check((int) in.readByte(), v); }
        public void u8(int v) throws IOException { check(in.readUnsignedByte(), v); }
        public void i16(int v) throws IOException { check((int) in.readShort(), v); }
        public void u16(int v) throws IOException { check(in.readUnsignedShort(), v); }
        public void i32(int v) throws IOException { check(in.readInt(), v); }
        public void u32(long v) throws IOException { check(in.readInt() & 0xffffffffL, v); }
        public void i64(long v) throws IOException { check(in.readLong(), v); }
        public void u64(String v) throws IOException { check(Long.toUnsignedString(in.readLong()), v); }
        // Bits, not values: -0 and NaN must match exactly (Java writes the canonical NaN).
        public void f32(float v) throws IOException { check(Float.floatToRawIntBits(in.readFloat()), Float.floatToRawIntBits(v)); }
        public void f64(double v) throws IOException { check(Double.doubleToRawLongBits(in.readDouble()), Double.doubleToRawLongBits(v)); }
        public void utf(String v) throws IOException { check(in.readUTF(), v); }
        public void str(String v) throws IOException {
            byte[] utf8 = new byte[in.readInt()];
            in.readFully(utf8);
            check(new String(utf8, StandardCharsets.UTF_8), v);
        }
    }

    static void checkValues(byte[] payload) throws IOException {
        Checker checker = new Checker(payload);
        try {
            sequence(checker);
        } catch (EOFException e) {
            throw new Failure("values: packet ends at item " + checker.index);
        }
        if (checker.in.available() != 0) throw new Failure("values: bytes left after the last item");
    }

    static byte[] valuesPayload() throws IOException {
        Writer writer = new Writer();
        sequence(writer);
        return writer.bytes.toByteArray();
    }

    /** Checks the payload of one scenario and returns the reply payload. */
    static byte[] answer(String scenario, byte[] payload, StringBuilder info) throws IOException {
        switch (scenario) {
            case "values":
                checkValues(payload);
                return valuesPayload();
            case "mib": {
                DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
                byte[] utf8 = new byte[in.readInt()];
                in.readFully(utf8);
                String text = new String(utf8, StandardCharsets.UTF_8);
                if (payload.length != 1024 * 1024 || !text.equals(mibText())) throw new Failure("mib: the 1 MiB string differs");
                Writer writer = new Writer();
                writer.str(new StringBuilder(text).reverse().toString());
                return writer.bytes.toByteArray();
            }
            case "big": {
                if (payload.length != BIG_SIZE) throw new Failure("big: size " + payload.length);
                for (int i = 0; i < BIG_SIZE; i++) {
                    if ((payload[i] & 0xff) != bigByte(i)) throw new Failure("big: byte " + i + " differs");
                }
                int hash = fnv1a(payload);
                info.append(' ').append(Integer.toUnsignedString(hash));
                Writer writer = new Writer();
                writer.i32(BIG_SIZE);
                writer.i32(hash);
                return writer.bytes.toByteArray();
            }
            default:
                throw new Failure("unknown scenario " + scenario);
        }
    }

    static void runTcp(Socket socket, String scenario) throws IOException {
        socket.setSoTimeout(45_000);
        DataInputStream in = new DataInputStream(socket.getInputStream());
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        byte[] payload = new byte[in.readInt()];
        in.readFully(payload);
        StringBuilder info = new StringBuilder();
        byte[] reply = answer(scenario, payload, info);
        out.writeInt(reply.length);
        out.write(reply);
        out.flush();
        if (in.read() != -1) throw new Failure("expected the other side to disconnect");
        System.out.println("ok " + scenario + info);
    }

    static void runUdp(boolean client, InetAddress host, int port) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(host, 0))) {
            socket.setSoTimeout(45_000);
            byte[] values = valuesPayload();
            if (client) socket.send(new DatagramPacket(values, values.length, host, port));
            else System.out.println("port " + socket.getLocalPort());
            System.out.flush();
            DatagramPacket in = new DatagramPacket(new byte[65536], 65536);
            socket.receive(in);
            checkValues(Arrays.copyOf(in.getData(), in.getLength()));
            if (!client) socket.send(new DatagramPacket(values, values.length, in.getSocketAddress()));
            System.out.println("ok values " + in.getAddress().getHostAddress());
        }
    }

    static void run(String[] args) throws IOException {
        if (args.length < 3) throw new Failure("usage: JavaPeer <mode> <values|mib|big> <host> [port]");
        String mode = args[0];
        String scenario = args[1];
        InetAddress host = InetAddress.getByName(args[2]);
        int port = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        switch (mode) {
            case "udp-client", "udp-server" -> runUdp(mode.equals("udp-client"), host, port);
            case "tcp-client" -> {
                try (Socket socket = new Socket(host, port)) {
                    runTcp(socket, scenario);
                }
            }
            case "tcp-server" -> {
                try (ServerSocket listener = new ServerSocket(0, 1, host)) {
                    listener.setSoTimeout(45_000);
                    System.out.println("port " + listener.getLocalPort());
                    System.out.flush();
                    try (Socket socket = listener.accept()) {
                        runTcp(socket, scenario);
                    }
                }
            }
            default -> throw new Failure("unknown mode " + mode);
        }
    }

    public static void main(String[] args) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(50_000);
            } catch (InterruptedException e) {
                return;
            }
            System.out.println("fail watchdog");
            System.exit(3);
        });
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            run(args);
        } catch (Failure | IOException e) {
            System.out.println("fail " + e);
            System.exit(1);
        }
    }
}
