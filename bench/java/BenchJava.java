// Java 17 benchmark peer: blocking java.net.Socket with DataInputStream/DataOutputStream and
// SFML's 4-byte length prefix, DatagramSocket for UDP, one thread per connection for many idle
// connections. Same arguments and output lines as the Node peers (see bench/lib/spec.ts).
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

public final class BenchJava {
    private String role, kase, host;
    private int port, size, inflight, maxIters, connections;
    private double durationMs, warmupMs;

    public static void main(String[] args) throws Exception {
        BenchJava b = new BenchJava();
        b.role = args[0]; b.kase = args[1]; b.host = args[2];
        b.port = Integer.parseInt(args[3]); b.size = Integer.parseInt(args[4]);
        b.inflight = Integer.parseInt(args[5]); b.durationMs = Double.parseDouble(args[6]);
        b.warmupMs = Double.parseDouble(args[7]); b.maxIters = (int) Math.min(Long.parseLong(args[8]), Integer.MAX_VALUE);
        b.connections = Integer.parseInt(args[9]);
        boolean server = b.role.equals("server");
        switch (b.kase) {
            case "udp" -> { if (server) b.udpServer(); else b.udpClient(); }
            case "idle" -> b.idleServer();
            default -> { if (server) b.tcpServer(); else b.tcpClient(); }
        }
        System.exit(0);
    }

    static double nowUs() { return System.nanoTime() / 1e3; }

    static double cpuMs() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getProcessCpuTime() / 1e6;
    }

    static long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
        return 0;
    }

    static void out(String line) { System.out.println(line); System.out.flush(); }

    /** The warm-up, then the measured window; mirrors bench/node/common.ts EchoWindow. */
    final class Window {
        final double start = nowUs();
        boolean measuring; double t0, cpu0, elapsedMs, cpu; int iters;
        final double[] samples = new double[inflight == 1 ? Math.min(maxIters, 4_000_000) : 0];
        Window() { if (warmupMs <= 0) begin(start); }
        void begin(double now) { measuring = true; t0 = now; cpu0 = cpuMs(); }
        boolean done(double latencyUs) {
            double now = nowUs();
            if (!measuring) { if (now - start >= warmupMs * 1000) begin(now); return true; }
            if (iters < samples.length) samples[iters] = latencyUs;
            iters++;
            if (now - t0 < durationMs * 1000 && iters < maxIters) return true;
            elapsedMs = (now - t0) / 1000; cpu = cpuMs() - cpu0;
            return false;
        }
        void report(long lost) {
            double p50 = 0, p99 = 0, p999 = 0;
            int n = Math.min(iters, samples.length);
            if (n > 0) {
                double[] s = Arrays.copyOf(samples, n); Arrays.sort(s);
                p50 = s[Math.max(0, (int) Math.ceil(0.5 * n) - 1)]; p99 = s[Math.max(0, (int) Math.ceil(0.99 * n) - 1)];
                p999 = s[Math.max(0, (int) Math.ceil(0.999 * n) - 1)];
            }
            out(String.format("RESULT {\"iters\":%d,\"elapsedMs\":%.3f,\"p50Us\":%.3f,\"p99Us\":%.3f,\"p999Us\":%.3f,\"cpuMs\":%.3f,\"lost\":%d}",
                    iters, elapsedMs, p50, p99, p999, cpu, lost));
        }
    }

    void tcpServer() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 4096, InetAddress.getByName(host))) {
            out("READY " + listener.getLocalPort());
            try (Socket socket = listener.accept()) {
                listener.close();
                double cpu0 = cpuMs();
                long packets = echo(socket, Long.MAX_VALUE, null);
                out(String.format("RESULT {\"packets\":%d,\"cpuMs\":%.3f}", packets, cpuMs() - cpu0));
            }
        }
    }

    /** Echoes length-prefixed packets until end of stream; returns how many. */
    static long echo(Socket socket, long limit, AtomicLong served) throws IOException {
        socket.setTcpNoDelay(true);
        var in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        var out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
        byte[] buffer = new byte[256];
        long packets = 0;
        try {
            while (packets < limit) {
                int length = in.readInt();
                if (length > buffer.length) buffer = new byte[length];
                in.readFully(buffer, 0, length);
                out.writeInt(length);
                out.write(buffer, 0, length);
                out.flush();
                packets++;
                if (served != null) served.incrementAndGet();
            }
        } catch (EOFException end) {
            // the peer closed
        }
        return packets;
    }

    void tcpClient() throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.setTcpNoDelay(true);
            var in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            var out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            byte[] payload = new byte[size];
            for (int i = 0; i < size; i++) payload[i] = (byte) i;
            byte[] reply = new byte[size];
            Window window = new Window();
            for (int i = 0; i < inflight; i++) { out.writeInt(size); out.write(payload); out.flush(); }
            double sentAt = nowUs();
            for (;;) {
                int length = in.readInt();
                in.readFully(reply, 0, length);
                double now = nowUs();
                if (!window.done(now - sentAt)) break;
                sentAt = now;
                out.writeInt(size); out.write(payload); out.flush();
            }
            window.report(0);
        }
    }

    void udpServer() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(host), 0))) {
            out("READY " + socket.getLocalPort());
            byte[] buffer = new byte[65536];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            long packets = 0;
            double cpu0 = -1;
            for (;;) {
                packet.setLength(buffer.length);
                socket.receive(packet);
                if (cpu0 < 0) cpu0 = cpuMs();
                if (packet.getLength() == 1) break;
                packets++;
                socket.send(packet);
            }
            out(String.format("RESULT {\"packets\":%d,\"cpuMs\":%.3f}", packets, cpuMs() - cpu0));
        }
    }

    void udpClient() throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(200);
            var server = new InetSocketAddress(InetAddress.getByName(host), port);
            DatagramPacket ping = new DatagramPacket(new byte[size], size, server);
            byte[] buffer = new byte[65536];
            DatagramPacket pong = new DatagramPacket(buffer, buffer.length);
            Window window = new Window();
            long lost = 0;
            double sentAt = nowUs();
            socket.send(ping);
            for (;;) {
                pong.setLength(buffer.length);
                try {
                    socket.receive(pong);
                } catch (SocketTimeoutException timeout) {
                    lost++;
                    socket.send(ping);
                    continue;
                }
                double now = nowUs();
                if (!window.done(now - sentAt)) break;
                sentAt = now;
                socket.send(ping);
            }
            window.report(lost);
            socket.send(new DatagramPacket(new byte[1], 1, server));
        }
    }

    /** Many idle connections, java.net's way: one (small-stack) thread per blocking socket. */
    void idleServer() throws Exception {
        long rssBefore = rssBytes();
        AtomicLong served = new AtomicLong(), closed = new AtomicLong();
        try (ServerSocket listener = new ServerSocket(0, 4096, InetAddress.getByName(host))) {
            out("READY " + listener.getLocalPort());
            double t0 = 0;
            for (int i = 0; i < connections; i++) {
                Socket socket = listener.accept();
                if (i == 0) t0 = nowUs();
                Thread thread = new Thread(null, () -> {
                    try (socket) { echo(socket, Long.MAX_VALUE, served); } catch (IOException ignored) { }
                    closed.incrementAndGet();
                }, "conn-" + i, 128 * 1024);
                thread.setDaemon(true);
                thread.start();
            }
            double acceptMs = (nowUs() - t0) / 1000;
            Thread.sleep(300);
            System.gc();
            out(String.format("MEASURED {\"accepted\":%d,\"acceptMs\":%.3f,\"rssBefore\":%d,\"rssAfter\":%d}",
                    connections, acceptMs, rssBefore, rssBytes()));
            double deadline = nowUs() + (durationMs + 60000) * 1000;
            while (closed.get() < connections && nowUs() < deadline) Thread.sleep(20);
            out(String.format("RESULT {\"served\":%d}", served.get()));
        }
    }
}
