// An SFML 2.5.1 peer for sfnet's interop tests (test/interop/*.test.ts compile and run it).
//
//   sfml_peer <tcp-client|tcp-server|udp-client|udp-server> <values|mib|big> <host> [port]
//
// SFML 2.5.1 is IPv4-only, so <host> is 127.0.0.1. Client modes talk to <host>:<port>; server modes bind
// port 0 (sf::Socket::AnyPort) on <host> and print "port <n>". Every scenario: the peer receives one packet and checks it, then sends one reply:
//   values  every sf::Packet type (the list in sequence() below, mirrored in sequences.ts); reply: the
//           same values written by sf::Packet (UDP: the client sends its values first, then checks ours)
//   mib     one std::string filling a 1 MiB payload; reply: the string reversed
//   big     an 8 MiB raw payload; reply: Uint32 size, Uint32 FNV-1a of the bytes
// It prints "ok <scenario> ..." and exits 0, or "fail <reason>" and exits 1; a watchdog ends it (exit 3).
#include <SFML/Network.hpp>
#include <SFML/System/String.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <unistd.h>

namespace
{
const std::size_t MibTextSize = 1024 * 1024 - 4;
const std::size_t BigSize = 8 * 1024 * 1024;
const char* Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

[[noreturn]] void fail(const std::string& reason)
{
    std::printf("fail %s\n", reason.c_str());
    std::fflush(stdout);
    std::exit(1);
}

std::string longText()
{
    std::string text;
    for (std::size_t i = 0; i < 20000; ++i)
        text += static_cast<char>('a' + i % 26);
    return text;
}

std::string mibText()
{
    std::string text(MibTextSize, ' ');
    for (std::size_t i = 0; i < MibTextSize; ++i)
        text[i] = Alphabet[(i * 7 + (i >> 10)) % 36];
    return text;
}

std::uint8_t bigByte(std::size_t i)
{
    return static_cast<std::uint8_t>((i * 31 + (i >> 11)) & 0xff);
}

std::uint32_t fnv1a(const std::uint8_t* data, std::size_t size)
{
    std::uint32_t hash = 2166136261u;
    for (std::size_t i = 0; i < size; ++i)
        hash = (hash ^ data[i]) * 16777619u;
    return hash;
}

// Every value of the "values" scenario, in order; the visitor writes or checks each one.
template <typename Visitor>
void sequence(Visitor& v)
{
    v(true);
    v(false);
    v(static_cast<sf::Int8>(-128));
    v(static_cast<sf::Int8>(127));
    v(static_cast<sf::Uint8>(0));
    v(static_cast<sf::Uint8>(255));
    v(static_cast<sf::Int16>(-32768));
    v(static_cast<sf::Int16>(32767));
    v(static_cast<sf::Uint16>(0));
    v(static_cast<sf::Uint16>(65535));
    v(std::numeric_limits<sf::Int32>::min());
    v(std::numeric_limits<sf::Int32>::max());
    v(static_cast<sf::Uint32>(0));
    v(std::numeric_limits<sf::Uint32>::max());
    v(std::numeric_limits<sf::Int64>::min());
    v(std::numeric_limits<sf::Int64>::max());
    v(static_cast<sf::Uint64>(0));
    v(std::numeric_limits<sf::Uint64>::max());
    using F = std::numeric_limits<float>;
    for (float f : {1.5f, -0.0f, F::infinity(), -F::infinity(), F::quiet_NaN(), F::denorm_min(), F::min() - F::denorm_min(), F::max()})
        v(f);
    using D = std::numeric_limits<double>;
    for (double d : {0.1, -0.0, D::infinity(), -D::infinity(), D::quiet_NaN(), D::denorm_min(), D::min() - D::denorm_min(), D::max()})
        v(d);
    v(std::string());
    v(std::string("hello"));
    v(std::string(u8"h\u00e9llo w\u00f6rld \u20ac\U0001F600 \u65e5\u672c"));
    v(std::string("a\0b", 3));
    v(longText());
    v(std::wstring());
    v(std::wstring(L"wide \u00fc\u20ac\U0001F600"));
    v(sf::String());
    const char32_t sfText[] = U"sf \u00fc\u20ac\U0001F600\U0001D11E";
    v(sf::String::fromUtf32(sfText, sfText + std::char_traits<char32_t>::length(sfText)));
}

struct Writer
{
    sf::Packet packet;
    template <typename T>
    void operator()(const T& value) { packet << value; }
};

template <typename T>
bool same(const T& a, const T& b) { return a == b; }
bool same(const float& a, const float& b) { return std::memcmp(&a, &b, sizeof a) == 0; }
bool same(const double& a, const double& b) { return std::memcmp(&a, &b, sizeof a) == 0; }

struct Checker
{
    sf::Packet& packet;
    int index = 0;
    template <typename T>
    void operator()(const T& want)
    {
        T got{};
        packet >> got;
        if (!packet)
            fail("values: packet invalid at item " + std::to_string(index));
        if (!same(got, want))
            fail("values: item " + std::to_string(index) + " differs");
        ++index;
    }
};

void checkValues(sf::Packet& packet)
{
    Checker checker{packet};
    sequence(checker);
    if (!packet.endOfPacket())
        fail("values: bytes left after the last item");
}

sf::Packet valuesPacket()
{
    Writer writer;
    sequence(writer);
    return writer.packet;
}

void expect(sf::Socket::Status status, const char* what)
{
    if (status != sf::Socket::Done)
        fail(std::string(what) + " status " + std::to_string(static_cast<int>(status)));
}

// One TCP scenario on a connected socket: receive, check, reply; then wait for the other side to close.
void runTcp(sf::TcpSocket& socket, const std::string& scenario)
{
    sf::Packet in;
    expect(socket.receive(in), "receive");
    sf::Packet reply;
    std::string info;
    if (scenario == "values")
    {
        checkValues(in);
        reply = valuesPacket();
    }
    else if (scenario == "mib")
    {
        std::string text;
        if (!(in >> text) || !in.endOfPacket() || in.getDataSize() != 1024 * 1024 || text != mibText())
            fail("mib: the 1 MiB string differs");
        reply << std::string(text.rbegin(), text.rend());
    }
    else if (scenario == "big")
    {
        const auto* data = static_cast<const std::uint8_t*>(in.getData());
        if (in.getDataSize() != BigSize)
            fail("big: size " + std::to_string(in.getDataSize()));
        for (std::size_t i = 0; i < BigSize; ++i)
            if (data[i] != bigByte(i))
                fail("big: byte " + std::to_string(i) + " differs");
        const std::uint32_t hash = fnv1a(data, BigSize);
        reply << static_cast<sf::Uint32>(BigSize) << static_cast<sf::Uint32>(hash);
        info = " " + std::to_string(hash);
    }
    else
        fail("unknown scenario " + scenario);
    expect(socket.send(reply), "send");
    sf::Packet rest;
    if (socket.receive(rest) != sf::Socket::Disconnected)
        fail("expected the other side to disconnect");
    std::printf("ok %s%s\n", scenario.c_str(), info.c_str());
}

void runUdp(bool client, const sf::IpAddress& host, unsigned short port)
{
    sf::UdpSocket socket;
    expect(socket.bind(sf::Socket::AnyPort, host), "bind");
    sf::IpAddress from;
    unsigned short fromPort = 0;
    sf::Packet values = valuesPacket();
    if (client)
        expect(socket.send(values, host, port), "send");
    else
    {
        std::printf("port %u\n", socket.getLocalPort());
        std::fflush(stdout);
    }
    sf::Packet in;
    expect(socket.receive(in, from, fromPort), "receive");
    checkValues(in);
    if (!client)
        expect(socket.send(values, from, fromPort), "send");
    std::printf("ok values %s\n", from.toString().c_str());
}
} // namespace

int main(int argc, char** argv)
{
    alarm(50); // the watchdog: SIGALRM ends the process if the other side never shows up
    if (argc < 4)
        fail("usage: sfml_peer <tcp-client|tcp-server|udp-client|udp-server> <values|mib|big> <host> [port]");
    const std::string mode = argv[1];
    const std::string scenario = argv[2];
    const sf::IpAddress host(argv[3]);
    const auto port = static_cast<unsigned short>(argc > 4 ? std::atoi(argv[4]) : 0);
    if (mode == "udp-client" || mode == "udp-server")
        runUdp(mode == "udp-client", host, port);
    else if (mode == "tcp-client")
    {
        sf::TcpSocket socket;
        expect(socket.connect(host, port), "connect");
        runTcp(socket, scenario);
    }
    else if (mode == "tcp-server")
    {
        sf::TcpListener listener;
        expect(listener.listen(sf::Socket::AnyPort, host), "listen");
        std::printf("port %u\n", listener.getLocalPort());
        std::fflush(stdout);
        sf::TcpSocket socket;
        expect(listener.accept(socket), "accept");
        runTcp(socket, scenario);
    }
    else
        fail("unknown mode " + mode);
    return 0;
}
