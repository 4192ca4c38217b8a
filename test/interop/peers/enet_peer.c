/*
 * An interop peer built on the ENet C library (Debian's libenet-dev 1.3.17), started by the tests.
 *
 *   enet_peer server exchange <host> 0    <checksum> <count> <channels> <bigBytes> <unreliable>
 *   enet_peer client exchange <host> <port> <checksum> <count> <channels> <bigBytes> <unreliable>
 *
 * "exchange": once connected, each side sends (1) <count> reliable messages on every channel
 * ([1][channel][u32 index][filler]), (2) one reliable message of <bigBytes> bytes on channel 0
 * ([2][pattern…]), which ENet sends in fragments, (3) <unreliable> unreliable sequenced messages on
 * the last channel ([3][u32 index]), (4) a reliable "done" on every channel ([4][channel]). It checks
 * what the other side sends the same way: every reliable message exactly once, complete, in order
 * per channel (ENet orders within a channel only, so each check looks at its own channel); unreliable
 * ones never out of order. When every channel is done the client disconnects; each side
 * prints "ok exchange <reliable> <unreliable> <big>" on the disconnect event and exits 0.
 * A server prints "port <n>" first. Anything wrong prints "fail …" and exits 1.
 *
 *   enet_peer client flood <host> <port> <checksum> <count> <channels> <bigBytes> <unreliable>
 *
 * Bench helpers use "pingpong" (see bench/enet): the client sends <count> reliable 64-byte messages,
 * at most <channels> in flight, the server echoes; the client prints "ok pingpong <ms> <p99 µs>".
 */
#include <enet/enet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

static void fail(const char *what) {
  printf("fail %s\n", what);
  fflush(stdout);
  exit(1);
}

static unsigned read32(const unsigned char *p) {
  return ((unsigned)p[0] << 24) | ((unsigned)p[1] << 16) | ((unsigned)p[2] << 8) | p[3];
}

static void write32(unsigned char *p, unsigned v) {
  p[0] = v >> 24; p[1] = v >> 16; p[2] = v >> 8; p[3] = v;
}

static int sendBytes(ENetPeer *peer, int channel, const unsigned char *data, size_t length, int flags) {
  ENetPacket *packet = enet_packet_create(data, length, flags);
  if (packet == NULL || enet_peer_send(peer, channel, packet) < 0) fail("send");
  return 0;
}

struct Checks {
  unsigned expected[256];
  long lastUnreliable;
  unsigned unreliable;
  unsigned reliable;
  int big;
  int doneChannels;
  int done;
};

static void sendAll(ENetPeer *peer, int count, int channels, int bigBytes, int unreliable) {
  unsigned char message[64];
  for (int i = 0; i < count; i++) {
    for (int c = 0; c < channels; c++) {
      int filler = i % 50;
      message[0] = 1; message[1] = c; write32(message + 2, i);
      memset(message + 6, (i + c) & 0xff, filler);
      sendBytes(peer, c, message, 6 + filler, ENET_PACKET_FLAG_RELIABLE);
    }
  }
  if (bigBytes > 0) {
    unsigned char *big = malloc(bigBytes);
    big[0] = 2;
    for (int k = 1; k < bigBytes; k++) big[k] = (k * 7 + 3) & 0xff;
    sendBytes(peer, 0, big, bigBytes, ENET_PACKET_FLAG_RELIABLE);
    free(big);
  }
  for (int i = 0; i < unreliable; i++) {
    message[0] = 3; write32(message + 1, i);
    sendBytes(peer, channels - 1, message, 5, 0);
  }
  for (int c = 0; c < channels; c++) {
    message[0] = 4; message[1] = c;
    sendBytes(peer, c, message, 2, ENET_PACKET_FLAG_RELIABLE);
  }
}

static void check(struct Checks *checks, ENetEvent *event, int count, int channels, int bigBytes) {
  const unsigned char *data = event->packet->data;
  size_t length = event->packet->dataLength;
  if (length < 1) fail("empty message");
  switch (data[0]) {
  case 1: {
    if (length < 6) fail("short reliable");
    unsigned c = data[1], i = read32(data + 2);
    if (c != event->channelID || c >= (unsigned)channels) fail("reliable on the wrong channel");
    if (i != checks->expected[c]) { printf("fail reliable order: channel %u got %u expected %u\n", c, i, checks->expected[c]); exit(1); }
    if (length != 6 + i % 50) fail("reliable length");
    for (size_t k = 6; k < length; k++) if (data[k] != ((i + c) & 0xff)) fail("reliable content");
    checks->expected[c]++;
    checks->reliable++;
    break;
  }
  case 2:
    if ((int)length != bigBytes || event->channelID != 0) fail("big length");
    for (size_t k = 1; k < length; k++) if (data[k] != ((k * 7 + 3) & 0xff)) fail("big content");
    if (checks->expected[0] != (unsigned)count) fail("big before the reliable messages of its channel");
    checks->big++;
    break;
  case 3: {
    long i = read32(data + 1);
    if (i <= checks->lastUnreliable) fail("unreliable out of order");
    checks->lastUnreliable = i;
    checks->unreliable++;
    break;
  }
  case 4: {
    if (length != 2 || data[1] != event->channelID) fail("done on the wrong channel");
    unsigned c = data[1];
    if (checks->expected[c] != (unsigned)count) fail("done before every reliable message of its channel");
    if (c == 0 && bigBytes > 0 && checks->big != 1) fail("done before the big message");
    if (++checks->doneChannels == channels) checks->done = 1;
    break;
  }
  default:
    fail("unknown message");
  }
}

static int exchange(ENetHost *host, int client, ENetAddress *address, int count, int channels, int bigBytes, int unreliable) {
  struct Checks checks;
  memset(&checks, 0, sizeof checks);
  checks.lastUnreliable = -1;
  ENetPeer *peer = NULL;
  int sent = 0;
  if (client) {
    peer = enet_host_connect(host, address, channels, 7);
    if (peer == NULL) fail("connect");
  }
  ENetEvent event;
  /* ENet fixes a command's resend time-out at its first send, from the round-trip estimate (500 ms
     before the first sample), and doubles it at every loss: a burst sent the moment the connection
     is up can wait 15 s or more, or time the connection out, under the tests' 20% loss. So this
     peer measures one round trip (a PING) before it sends the plan, up to 2 s. The SDK resends
     from its current estimate (src/enet/send.ts, checkTimeouts) and needs no such care. */
  unsigned long long pinged = 0;
  for (;;) {
    int got = enet_host_service(host, &event, 5);
    if (got < 0) fail("service");
    if (peer != NULL && pinged != 0 && !sent &&
        (peer->roundTripTime != ENET_PEER_DEFAULT_ROUND_TRIP_TIME || enet_time_get() - pinged > 2000)) {
      sendAll(peer, count, channels, bigBytes, unreliable);
      sent = 1;
    }
    if (got == 0) continue;
    switch (event.type) {
    case ENET_EVENT_TYPE_CONNECT:
      peer = event.peer;
      enet_peer_timeout(peer, 0, 20000, 30000); /* as the SDK side: no time-out on a stalled test machine */
      if (pinged == 0) { enet_peer_ping(peer); pinged = enet_time_get() | 1; }
      break;
    case ENET_EVENT_TYPE_RECEIVE:
      check(&checks, &event, count, channels, bigBytes);
      enet_packet_destroy(event.packet);
      if (checks.done && client) enet_peer_disconnect_later(peer, 99);
      break;
    case ENET_EVENT_TYPE_DISCONNECT:
      if (!checks.done) fail("disconnected before done");
      printf("ok exchange %u %u %d rtt %u data %u\n", checks.reliable, checks.unreliable, checks.big, event.peer->roundTripTime, event.data);
      fflush(stdout);
      return 0;
    default:
      break;
    }
  }
}

static unsigned long long micros(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (unsigned long long)now.tv_sec * 1000000ull + now.tv_nsec / 1000;
}

static int compare(const void *a, const void *b) {
  unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;
  return x < y ? -1 : x > y;
}

/* Reliable 64-byte messages on channel 0, at most `window` in flight; the server echoes them. */
static int pingpong(ENetHost *host, int client, ENetAddress *address, int count, int window) {
  ENetPeer *peer = NULL;
  unsigned long long *sentAt = calloc(count, sizeof *sentAt), *latency = calloc(count, sizeof *latency), start = 0;
  int next = 0, received = 0;
  unsigned char message[64];
  memset(message, 0x5a, sizeof message);
  if (client && (peer = enet_host_connect(host, address, 1, 0)) == NULL) fail("connect");
  ENetEvent event;
  for (;;) {
    int got = enet_host_service(host, &event, 1);
    if (got < 0) fail("service");
    /* Both sides of the bench give up after 30 s only (ENet's minimum is 5 s), the SDK's peers too. */
    if (got > 0 && event.type == ENET_EVENT_TYPE_CONNECT) { peer = event.peer; enet_peer_timeout(peer, 0, 30000, 30000); start = micros(); }
    if (got > 0 && event.type == ENET_EVENT_TYPE_DISCONNECT && client) fail("pingpong: the connection timed out");
    if (got > 0 && event.type == ENET_EVENT_TYPE_DISCONNECT) { printf("ok pingpong server\nRESULT {\"packets\":%d,\"cpuMs\":%.3f}\n", count, clock() * 1000.0 / CLOCKS_PER_SEC); fflush(stdout); return 0; }
    if (got > 0 && event.type == ENET_EVENT_TYPE_RECEIVE) {
      if (!client) sendBytes(peer, 0, event.packet->data, event.packet->dataLength, ENET_PACKET_FLAG_RELIABLE);
      else {
        unsigned i = read32(event.packet->data);
        if ((int)i != received) fail("pingpong order");
        latency[received++] = micros() - sentAt[i];
      }
      enet_packet_destroy(event.packet);
    }
    if (client && peer != NULL && peer->state == ENET_PEER_STATE_CONNECTED) {
      while (next < count && next - received < window) {
        write32(message, next);
        sentAt[next++] = micros();
        sendBytes(peer, 0, message, sizeof message, ENET_PACKET_FLAG_RELIABLE);
      }
      enet_host_flush(host);
      if (received == count) {
        unsigned long long elapsed = micros() - start;
        qsort(latency, count, sizeof *latency, compare);
        printf("ok pingpong %llu %llu\n", elapsed, latency[(count * 99) / 100]);
        printf("RESULT {\"iters\":%d,\"elapsedMs\":%.3f,\"p50Us\":%llu,\"p99Us\":%llu,\"p999Us\":%llu,\"cpuMs\":%.3f}\n", count, elapsed / 1000.0,
               latency[count / 2], latency[(count * 99) / 100], latency[(count * 999) / 1000], clock() * 1000.0 / CLOCKS_PER_SEC);
        fflush(stdout);
        enet_peer_disconnect_now(peer, 0);
        return 0;
      }
    }
  }
}

int main(int argc, char **argv) {
  if (argc < 9) fail("usage: enet_peer <server|client> <scenario> <host> <port> <checksum> <count> <channels> <bigBytes> [unreliable]");
  alarm(120);
  int client = strcmp(argv[1], "client") == 0;
  const char *scenario = argv[2];
  int checksum = atoi(argv[5]), count = atoi(argv[6]), channels = atoi(argv[7]), bigBytes = atoi(argv[8]);
  int unreliable = argc > 9 ? atoi(argv[9]) : 0;
  if (enet_initialize() != 0) fail("enet_initialize");
  ENetAddress address;
  if (enet_address_set_host_ip(&address, argv[3]) != 0) fail("address");
  address.port = (enet_uint16)atoi(argv[4]);
  ENetHost *host = enet_host_create(client ? NULL : &address, client ? 1 : 4, 0, 0, 0);
  if (host == NULL) fail("enet_host_create");
  if (checksum) host->checksum = enet_crc32;
  if (!client) {
    ENetAddress bound;
    if (enet_socket_get_address(host->socket, &bound) != 0) fail("get_address");
    printf("port %u\nREADY %u\n", bound.port, bound.port);
    fflush(stdout);
  }
  int result = strcmp(scenario, "exchange") == 0 ? exchange(host, client, &address, count, channels, bigBytes, unreliable)
             : strcmp(scenario, "pingpong") == 0 ? pingpong(host, client, &address, count, channels)
             : (fail("unknown scenario"), 1);
  enet_host_flush(host);
  enet_host_destroy(host);
  enet_deinitialize();
  return result;
}
