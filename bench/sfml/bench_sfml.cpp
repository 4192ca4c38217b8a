// SFML 2.5.1 benchmark peer: blocking sf::TcpSocket + sf::Packet, sf::UdpSocket, and an
// sf::SocketSelector server for many idle connections. Same arguments and output lines as the
// Node peers (see bench/lib/spec.ts):
//   bench_sfml <server|client> <pingpong|pipeline|udp|idle> host port size inflight durationMs warmupMs maxIters connections
#include <SFML/Network.hpp>
#include <sys/socket.h>
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Spec {
    std::string role, kase, host;
    unsigned short port;
    std::size_t size, inflight;
    double durationMs, warmupMs;
    long maxIters, connections;
};

double nowUs() {
    using namespace std::chrono;
    return duration<double, std::micro>(steady_clock::now().time_since_epoch()).count();
}

double cpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

long rssBytes() {
    long pages = 0, resident = 0;
    FILE* f = std::fopen("/proc/self/statm", "r");
    if (f) {
        if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
        std::fclose(f);
    }
    return resident * sysconf(_SC_PAGESIZE);
}

// The warm-up, then the measured window; mirrors bench/node/common.ts EchoWindow.
class Window {
public:
    explicit Window(const Spec& spec) : spec_(spec), start_(nowUs()) {
        if (spec.warmupMs <= 0) begin(start_);
        if (spec.inflight == 1) samples_.reserve(std::min<long>(spec.maxIters, 4000000));
    }
    bool done(double latencyUs) {
        double now = nowUs();
        if (!measuring_) {
            if (now - start_ >= spec_.warmupMs * 1000) begin(now);
            return true;
        }
        ++iters_;
        if (spec_.inflight == 1 && samples_.size() < samples_.capacity()) samples_.push_back(latencyUs);
        if (now - t0_ < spec_.durationMs * 1000 && iters_ < spec_.maxIters) return true;
        elapsedMs_ = (now - t0_) / 1000;
        cpu_ = cpuMs() - cpu0_;
        return false;
    }
    void report(long lost) {
        double p50 = 0, p99 = 0, p999 = 0;
        if (!samples_.empty()) {
            std::sort(samples_.begin(), samples_.end());
            auto at = [&](double q) {
                long rank = static_cast<long>(q * samples_.size() + 0.999999) - 1;
                return samples_[std::max(0L, std::min<long>(rank, samples_.size() - 1))];
            };
            p50 = at(0.5);
            p99 = at(0.99);
            p999 = at(0.999);
        }
        std::printf("RESULT {\"iters\":%ld,\"elapsedMs\":%.3f,\"p50Us\":%.3f,\"p99Us\":%.3f,\"p999Us\":%.3f,\"cpuMs\":%.3f,\"lost\":%ld}\n",
                    iters_, elapsedMs_, p50, p99, p999, cpu_, lost);
        std::fflush(stdout);
    }

private:
    void begin(double now) {
        measuring_ = true;
        t0_ = now;
        cpu0_ = cpuMs();
    }
    const Spec& spec_;
    double start_, t0_ = 0, cpu0_ = 0, elapsedMs_ = 0, cpu_ = 0;
    bool measuring_ = false;
    long iters_ = 0;
    std::vector<double> samples_;
};

// SFML keeps the descriptor protected; these expose it for SO_RCVTIMEO and the FD_SETSIZE check.
class HandleUdpSocket : public sf::UdpSocket {
public:
    using sf::Socket::getHandle;
};
class HandleTcpSocket : public sf::TcpSocket {
public:
    using sf::Socket::getHandle;
};

void ready(unsigned short port) {
    std::printf("READY %u\n", port);
    std::fflush(stdout);
}

int tcpServer(const Spec& spec) {
    sf::TcpListener listener;
    if (listener.listen(sf::Socket::AnyPort, sf::IpAddress(spec.host)) != sf::Socket::Done) return 1;
    ready(listener.getLocalPort());
    sf::TcpSocket socket;
    if (listener.accept(socket) != sf::Socket::Done) return 1;
    listener.close();
    double cpu0 = cpuMs();
    long packets = 0;
    sf::Packet packet;
    while (socket.receive(packet) == sf::Socket::Done) {
        ++packets;
        socket.send(packet);
    }
    std::printf("RESULT {\"packets\":%ld,\"cpuMs\":%.3f}\n", packets, cpuMs() - cpu0);
    return 0;
}

int tcpClient(const Spec& spec) {
    sf::TcpSocket socket;
    if (socket.connect(sf::IpAddress(spec.host), spec.port) != sf::Socket::Done) return 1;
    std::vector<unsigned char> payload(spec.size);
    for (std::size_t i = 0; i < spec.size; ++i) payload[i] = static_cast<unsigned char>(i);
    sf::Packet out, reply;
    out.append(payload.data(), payload.size());
    Window window(spec);
    for (std::size_t i = 0; i < spec.inflight; ++i) socket.send(out);
    double sentAt = nowUs();
    for (;;) {
        if (socket.receive(reply) != sf::Socket::Done) return 1;
        double now = nowUs();
        if (!window.done(now - sentAt)) break;
        sentAt = now;
        socket.send(out);
    }
    window.report(0);
    socket.disconnect();
    return 0;
}

int udpServer(const Spec& spec) {
    sf::UdpSocket socket;
    if (socket.bind(sf::Socket::AnyPort, sf::IpAddress(spec.host)) != sf::Socket::Done) return 1;
    ready(socket.getLocalPort());
    std::vector<char> buffer(65536);
    long packets = 0;
    double cpu0 = -1;
    for (;;) {
        std::size_t received = 0;
        sf::IpAddress remote;
        unsigned short remotePort = 0;
        if (socket.receive(buffer.data(), buffer.size(), received, remote, remotePort) != sf::Socket::Done) continue;
        if (cpu0 < 0) cpu0 = cpuMs();
        if (received == 1) break;
        ++packets;
        socket.send(buffer.data(), received, remote, remotePort);
    }
    std::printf("RESULT {\"packets\":%ld,\"cpuMs\":%.3f}\n", packets, cpuMs() - cpu0);
    return 0;
}

int udpClient(const Spec& spec) {
    HandleUdpSocket socket;
    if (socket.bind(sf::Socket::AnyPort) != sf::Socket::Done) return 1;
    timeval timeout{0, 200000};  // a datagram lost for 200 ms is sent again
    setsockopt(socket.getHandle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    std::vector<char> payload(spec.size, 1), buffer(65536);
    sf::IpAddress server(spec.host);
    Window window(spec);
    long lost = 0;
    double sentAt = nowUs();
    socket.send(payload.data(), payload.size(), server, spec.port);
    for (;;) {
        std::size_t received = 0;
        sf::IpAddress remote;
        unsigned short remotePort = 0;
        if (socket.receive(buffer.data(), buffer.size(), received, remote, remotePort) != sf::Socket::Done) {
            ++lost;
            socket.send(payload.data(), payload.size(), server, spec.port);
            continue;
        }
        double now = nowUs();
        if (!window.done(now - sentAt)) break;
        sentAt = now;
        socket.send(payload.data(), payload.size(), server, spec.port);
    }
    window.report(lost);
    char stop = 0;
    socket.send(&stop, 1, server, spec.port);
    return 0;
}

// Many idle connections: SFML's way, one thread and an sf::SocketSelector. A socket the selector
// cannot take (descriptor >= FD_SETSIZE) is accepted but never served, and counted.
int idleServer(const Spec& spec) {
    long rssBefore = rssBytes();
    sf::TcpListener listener;
    if (listener.listen(sf::Socket::AnyPort, sf::IpAddress(spec.host)) != sf::Socket::Done) return 1;
    ready(listener.getLocalPort());
    sf::SocketSelector selector;
    selector.add(listener);
    std::vector<std::unique_ptr<HandleTcpSocket>> sockets;
    std::vector<bool> open;
    long accepted = 0, selectable = 0, closed = 0, served = 0;
    double t0 = 0, acceptMs = 0;
    sf::Packet packet;
    double deadline = nowUs() + (spec.durationMs + 60000) * 1000;
    while (nowUs() < deadline && (accepted < spec.connections || closed < selectable)) {
        if (!selector.wait(sf::milliseconds(100))) continue;
        if (selector.isReady(listener)) {
            auto socket = std::make_unique<HandleTcpSocket>();
            if (listener.accept(*socket) == sf::Socket::Done) {
                if (accepted++ == 0) t0 = nowUs();
                bool added = socket->getHandle() < FD_SETSIZE;
                if (added) selector.add(*socket), ++selectable;
                sockets.push_back(std::move(socket));
                open.push_back(added);
                if (accepted == spec.connections) {
                    acceptMs = (nowUs() - t0) / 1000;
                    std::this_thread::sleep_for(std::chrono::milliseconds(300));
                    std::printf("MEASURED {\"accepted\":%ld,\"acceptMs\":%.3f,\"rssBefore\":%ld,\"rssAfter\":%ld,\"selectable\":%ld}\n",
                                accepted, acceptMs, rssBefore, rssBytes(), selectable);
                    std::fflush(stdout);
                }
            }
        }
        for (std::size_t i = 0; i < sockets.size(); ++i) {
            if (!open[i] || !selector.isReady(*sockets[i])) continue;
            sf::Socket::Status status = sockets[i]->receive(packet);
            if (status == sf::Socket::Done) {
                sockets[i]->send(packet);
                ++served;
            } else if (status == sf::Socket::Disconnected || status == sf::Socket::Error) {
                selector.remove(*sockets[i]);
                sockets[i]->disconnect();
                open[i] = false;
                ++closed;
            }
        }
    }
    std::printf("RESULT {\"served\":%ld}\n", served);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 11) {
        std::fprintf(stderr, "usage: %s role case host port size inflight durationMs warmupMs maxIters connections\n", argv[0]);
        return 2;
    }
    Spec spec{argv[1], argv[2], argv[3], static_cast<unsigned short>(std::atoi(argv[4])),
              std::strtoul(argv[5], nullptr, 10), std::strtoul(argv[6], nullptr, 10), std::atof(argv[7]),
              std::atof(argv[8]), std::atol(argv[9]), std::atol(argv[10])};
    bool server = spec.role == "server";
    if (spec.kase == "udp") return server ? udpServer(spec) : udpClient(spec);
    if (spec.kase == "idle") return server ? idleServer(spec) : 2;
    return server ? tcpServer(spec) : tcpClient(spec);
}
