/*
 * A second interop peer on the ENet C library (Debian's libenet-dev 1.3.17), for what the
 * "exchange" of enet_peer.c does not cover: unsequenced sends, unreliable fragments, the
 * bandwidth-limit and throttle commands, the MTU, the statistics and ENet's default time-outs.
 *
 *   enet_probe <server|client>[+crc] <scenario> <host> <port> [arguments of the scenario…]
 *
 * With "+crc" (e.g. "client+crc") the host uses ENet's CRC32 checksum (host->checksum = enet_crc32).
 * A server prints "port <n>" first. Every scenario runs until the SDK side ends the connection
 * (or it times out): on the disconnect event the probe prints "ok <scenario>" and exits 0, after
 * the lines its scenario printed. Anything wrong prints "fail …" and exits 1.
 *
 * unseq and frag configure the throttle never to slow down (deceleration 0: no unreliable send is
 * dropped at the sender), start with a reliable [12] on channel 1 each way, and send their messages
 * once the other side's [12] has come (unreliable data racing the acknowledgement of VERIFY_CONNECT
 * would be dropped by a host still acknowledging the connection, as ENet does).
 *
 *   unseq <count> [<batch>]    sends <count> unsequenced messages [5][u32 i] on channel 0, then a
 *                              reliable [9] on channel 1; checks the same coming in (each index
 *                              below <count>, none twice) and, 300 ms after the other side's [9],
 *                              prints "missing <each index not received>" and "result unseq <received>". With <batch> > 0 it sends them
 *                              <batch> at a time, each batch followed by a reliable [13] on channel 1,
 *                              and the next batch once the other side answered that [13] with a
 *                              reliable [14] (which it does for every [13] it receives): at most
 *                              about two batches in flight, so no socket buffer overflows.
 *   frag <count> <size>        sends <count> messages of <size> bytes with
 *                              ENET_PACKET_FLAG_UNRELIABLE_FRAGMENT on channel 0 ([6][u32 i][k*13+i]),
 *                              then one of <size> bytes with flag 0 on channel 1 ([8][k*13]), then
 *                              a reliable [9] on channel 1; checks each one whole and intact,
 *                              unreliable ones in increasing order; 300 ms after [9] prints
 *                              "result frag <unreliable received> <flag-0 received>".
 *   control <in0> <out0> <in1> <out1> <interval> <acceleration> <deceleration>
 *                              the host is created with bandwidths <in0>/<out0>; once connected it
 *                              calls enet_host_bandwidth_limit(<in1>, <out1>) and
 *                              enet_peer_throttle_configure(<interval>, …) unless <interval> is 0. It prints
 *                              "fields in=… out=… interval=… acc=… dec=… mtu=…" (the ENetPeer's)
 *                              whenever they change, echoes every reliable [10] message and prints
 *                              "big <length> maxdatagram <largest datagram received>".
 *   stats <periodMs>           sends a reliable 32-byte message on channel 0 every <periodMs>;
 *                              on a reliable [11] prints "stats rtt=… rttvar=… loss=… lossvar=…".
 *   timeout                    ENet's default time-outs (no enet_peer_timeout): prints
 *                              "connected" and, when the connection ends, "disconnected".
 */
#include <enet/enet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

static unsigned long long millis(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (unsigned long long)now.tv_sec * 1000ull + now.tv_nsec / 1000000;
}

static void sendBytes(ENetPeer *peer, int channel, const unsigned char *data, size_t length, int flags) {
  ENetPacket *packet = enet_packet_create(data, length, flags);
  if (packet == NULL || enet_peer_send(peer, channel, packet) < 0) fail("send");
}

static size_t maxDatagram = 0;

/* Sees every datagram before ENet does: records the largest one. */
static int ENET_CALLBACK intercept(ENetHost *host, ENetEvent *event) {
  (void)event;
  if (host->receivedDataLength > maxDatagram) maxDatagram = host->receivedDataLength;
  return 0;
}

struct Probe {
  const char *scenario;
  int arg[8];
  ENetHost *host;
  ENetPeer *peer;
  unsigned char *seen;  /* unseq: one byte per index */
  unsigned received;    /* unseq / frag: messages received */
  int sent;             /* unseq: messages sent so far */
  long lastIndex;       /* frag: the last unreliable index */
  int flagZero;         /* frag: flag-0 messages received */
  unsigned long long endAt, nextSend;
  int reported;
  char fields[200];
};

static unsigned char pattern(size_t k, unsigned i) { return (unsigned char)((k * 13 + i) & 0xff); }

/* The scenario's sends, once the other side's reliable [12] came: unreliable data racing the
 * acknowledgement of VERIFY_CONNECT would be dropped by a host still acknowledging the connection
 * (ENet does so), and the other side sends [12] only once connected. */
/* unseq: the next batch of unsequenced messages (all of them without a batch size), then [13], or [9] once all are sent. */
static void sendUnseqBatch(struct Probe *p) {
  unsigned char message[5];
  int count = p->arg[0], batch = p->arg[1] > 0 ? p->arg[1] : count;
  int end = p->sent + batch < count ? p->sent + batch : count;
  for (; p->sent < end; p->sent++) {
    message[0] = 5; write32(message + 1, p->sent);
    sendBytes(p->peer, 0, message, sizeof message, ENET_PACKET_FLAG_UNSEQUENCED);
  }
  message[0] = p->sent < count ? 13 : 9;
  sendBytes(p->peer, 1, message, 1, ENET_PACKET_FLAG_RELIABLE);
}

static void start(struct Probe *p) {
  ENetPeer *peer = p->peer;
  const char *s = p->scenario;
  if (strcmp(s, "unseq") == 0) {
    sendUnseqBatch(p);
  } else if (strcmp(s, "frag") == 0) {
    int count = p->arg[0], size = p->arg[1];
    unsigned char *message = malloc(size);
    for (int i = 0; i < count; i++) {
      message[0] = 6; write32(message + 1, i);
      for (int k = 5; k < size; k++) message[k] = pattern(k, i);
      sendBytes(peer, 0, message, size, ENET_PACKET_FLAG_UNRELIABLE_FRAGMENT);
    }
    message[0] = 8;
    for (int k = 1; k < size; k++) message[k] = pattern(k, 0);
    sendBytes(peer, 1, message, size, 0);
    message[0] = 9;
    sendBytes(peer, 1, message, 1, ENET_PACKET_FLAG_RELIABLE);
    free(message);
  }
}

static void onConnect(struct Probe *p) {
  ENetPeer *peer = p->peer;
  const char *s = p->scenario;
  if (strcmp(s, "unseq") == 0 || strcmp(s, "frag") == 0) {
    /* No throttle deceleration: a round-trip time spike on a loaded machine would make ENet drop
     * some unreliable sends at the sender, and the clean-path checks count every message. */
    enet_peer_throttle_configure(peer, ENET_PEER_PACKET_THROTTLE_INTERVAL, ENET_PEER_PACKET_THROTTLE_ACCELERATION, 0);
    unsigned char hello = 12;
    sendBytes(peer, 1, &hello, 1, ENET_PACKET_FLAG_RELIABLE);
  } else if (strcmp(s, "control") == 0) {
    enet_host_bandwidth_limit(p->host, p->arg[2], p->arg[3]);
    if (p->arg[4] != 0) enet_peer_throttle_configure(peer, p->arg[4], p->arg[5], p->arg[6]);
  } else if (strcmp(s, "timeout") == 0) {
    printf("connected\n");
    fflush(stdout);
  }
}

static void checkUnseq(struct Probe *p, const unsigned char *data, size_t length) {
  if (length != 5 || data[0] != 5) fail("unseq: bad message");
  unsigned i = read32(data + 1);
  if ((int)i >= p->arg[0]) fail("unseq: index out of range");
  if (p->seen[i]) { printf("fail unseq: index %u delivered twice\n", i); exit(1); }
  p->seen[i] = 1;
  p->received++;
}

static void checkFrag(struct Probe *p, const unsigned char *data, size_t length, int channel) {
  int size = p->arg[1];
  if ((int)length != size) { printf("fail frag: a message of %zu bytes, not %d\n", length, size); exit(1); }
  if (data[0] == 6) {
    unsigned i = read32(data + 1);
    if (channel != 0 || (int)i >= p->arg[0]) fail("frag: bad unreliable index or channel");
    if ((long)i <= p->lastIndex) { printf("fail frag: %u after %ld\n", i, p->lastIndex); exit(1); }
    for (int k = 5; k < size; k++) if (data[k] != pattern(k, i)) { printf("fail frag: message %u corrupt at %d\n", i, k); exit(1); }
    p->lastIndex = i;
    p->received++;
  } else if (data[0] == 8) {
    if (channel != 1) fail("frag: flag-0 message on the wrong channel");
    for (int k = 1; k < size; k++) if (data[k] != pattern(k, 0)) fail("frag: flag-0 message corrupt");
    p->flagZero++;
  } else {
    fail("frag: unknown message");
  }
}

static void onReceive(struct Probe *p, ENetEvent *event) {
  const unsigned char *data = event->packet->data;
  size_t length = event->packet->dataLength;
  if (length < 1) fail("empty message");
  if (data[0] == 9 && length == 1) {
    if (event->channelID != 1 || !(event->packet->flags & ENET_PACKET_FLAG_RELIABLE)) fail("end marker");
    p->endAt = millis() + 300;
  } else if (data[0] == 12 && length == 1) {
    start(p);
  } else if (data[0] == 13 && length == 1) {
    unsigned char answer = 14;
    sendBytes(event->peer, 1, &answer, 1, ENET_PACKET_FLAG_RELIABLE);
  } else if (data[0] == 14 && length == 1) {
    if (strcmp(p->scenario, "unseq") != 0 || p->arg[1] <= 0 || p->sent >= p->arg[0]) fail("unseq: an answer [14] to no [13]");
    sendUnseqBatch(p);
  } else if (strcmp(p->scenario, "unseq") == 0) {
    if (event->packet->flags & ENET_PACKET_FLAG_RELIABLE) fail("unseq: a reliable message");
    checkUnseq(p, data, length);
  } else if (strcmp(p->scenario, "frag") == 0) {
    checkFrag(p, data, length, event->channelID);
  } else if (data[0] == 10) {
    printf("big %zu maxdatagram %zu\n", length, maxDatagram);
    fflush(stdout);
    sendBytes(event->peer, event->channelID, data, length, ENET_PACKET_FLAG_RELIABLE);
  } else if (data[0] == 11) {
    ENetPeer *peer = event->peer;
    printf("stats rtt=%u rttvar=%u loss=%u lossvar=%u\n", peer->roundTripTime, peer->roundTripTimeVariance, peer->packetLoss, peer->packetLossVariance);
    fflush(stdout);
  }
}

/* What runs between events: the reports due, the periodic sends, the fields that changed. */
static void tick(struct Probe *p) {
  ENetPeer *peer = p->peer;
  if (peer == NULL || peer->state != ENET_PEER_STATE_CONNECTED) return;
  if (p->endAt != 0 && !p->reported && millis() >= p->endAt) {
    if (strcmp(p->scenario, "unseq") == 0) {
      printf("missing");
      for (int i = 0; i < p->arg[0]; i++) if (!p->seen[i]) printf(" %d", i);
      printf("\nresult unseq %u\n", p->received);
    }
    else printf("result frag %u %d\n", p->received, p->flagZero);
    fflush(stdout);
    p->reported = 1;
  }
  if (strcmp(p->scenario, "stats") == 0 && millis() >= p->nextSend) {
    unsigned char message[32];
    memset(message, 0x33, sizeof message);
    sendBytes(peer, 0, message, sizeof message, ENET_PACKET_FLAG_RELIABLE);
    p->nextSend = millis() + p->arg[0];
  }
  if (strcmp(p->scenario, "control") == 0) {
    char fields[200];
    snprintf(fields, sizeof fields, "fields in=%u out=%u interval=%u acc=%u dec=%u mtu=%u", peer->incomingBandwidth, peer->outgoingBandwidth,
             peer->packetThrottleInterval, peer->packetThrottleAcceleration, peer->packetThrottleDeceleration, peer->mtu);
    if (strcmp(fields, p->fields) != 0) {
      strcpy(p->fields, fields);
      printf("%s\n", fields);
      fflush(stdout);
    }
  }
}

int main(int argc, char **argv) {
  if (argc < 5) fail("usage: enet_probe <server|client> <scenario> <host> <port> [arguments…]");
  alarm(60);
  struct Probe p;
  memset(&p, 0, sizeof p);
  p.lastIndex = -1;
  p.scenario = argv[2];
  for (int i = 5; i < argc && i < 13; i++) p.arg[i - 5] = atoi(argv[i]);
  int client = strncmp(argv[1], "client", 6) == 0, checksum = strstr(argv[1], "+crc") != NULL, control = strcmp(p.scenario, "control") == 0;
  if (strcmp(p.scenario, "unseq") == 0) p.seen = calloc(p.arg[0] > 0 ? p.arg[0] : 1, 1);
  if (enet_initialize() != 0) fail("enet_initialize");
  ENetAddress address;
  if (enet_address_set_host_ip(&address, argv[3]) != 0) fail("address");
  address.port = (enet_uint16)atoi(argv[4]);
  p.host = enet_host_create(client ? NULL : &address, 1, 2, control ? p.arg[0] : 0, control ? p.arg[1] : 0);
  if (p.host == NULL) fail("enet_host_create");
  p.host->intercept = intercept;
  if (checksum) p.host->checksum = enet_crc32;
  if (!client) {
    ENetAddress bound;
    if (enet_socket_get_address(p.host->socket, &bound) != 0) fail("get_address");
    printf("port %u\n", bound.port);
    fflush(stdout);
  } else if (enet_host_connect(p.host, &address, 2, 0) == NULL) {
    fail("connect");
  }
  ENetEvent event;
  for (;;) {
    int got = enet_host_service(p.host, &event, 5);
    if (got < 0) fail("service");
    if (got > 0 && event.type == ENET_EVENT_TYPE_CONNECT) {
      p.peer = event.peer;
      onConnect(&p);
    } else if (got > 0 && event.type == ENET_EVENT_TYPE_RECEIVE) {
      onReceive(&p, &event);
      enet_packet_destroy(event.packet);
    } else if (got > 0 && event.type == ENET_EVENT_TYPE_DISCONNECT) {
      if (strcmp(p.scenario, "timeout") == 0) printf("disconnected\n");
      printf("ok %s\n", p.scenario);
      fflush(stdout);
      break;
    }
    tick(&p);
  }
  enet_host_destroy(p.host);
  enet_deinitialize();
  return 0;
}
