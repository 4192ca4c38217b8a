/**
 * ENet 1.3's protocol constants, as `include/enet/protocol.h` and `include/enet/enet.h` define
 * them (checked against lsalzman/enet v1.3.17, the version Debian ships).
 *
 * @internal
 * @module
 */

export const MINIMUM_MTU = 576;
export const MAXIMUM_MTU = 4096;
export const MAXIMUM_PACKET_COMMANDS = 32;
export const MINIMUM_WINDOW_SIZE = 4096;
export const MAXIMUM_WINDOW_SIZE = 65536;
export const MINIMUM_CHANNEL_COUNT = 1;
export const MAXIMUM_CHANNEL_COUNT = 255;
export const MAXIMUM_PEER_ID = 0xfff;
export const MAXIMUM_FRAGMENT_COUNT = 1024 * 1024;

export const COMMAND_NONE = 0;
export const COMMAND_ACKNOWLEDGE = 1;
export const COMMAND_CONNECT = 2;
export const COMMAND_VERIFY_CONNECT = 3;
export const COMMAND_DISCONNECT = 4;
export const COMMAND_PING = 5;
export const COMMAND_SEND_RELIABLE = 6;
export const COMMAND_SEND_UNRELIABLE = 7;
export const COMMAND_SEND_FRAGMENT = 8;
export const COMMAND_SEND_UNSEQUENCED = 9;
export const COMMAND_BANDWIDTH_LIMIT = 10;
export const COMMAND_THROTTLE_CONFIGURE = 11;
export const COMMAND_SEND_UNRELIABLE_FRAGMENT = 12;
export const COMMAND_COUNT = 13;
export const COMMAND_MASK = 0x0f;

export const FLAG_ACKNOWLEDGE = 1 << 7;
export const FLAG_UNSEQUENCED = 1 << 6;
export const HEADER_FLAG_COMPRESSED = 1 << 14;
export const HEADER_FLAG_SENT_TIME = 1 << 15;
export const HEADER_FLAG_MASK = HEADER_FLAG_COMPRESSED | HEADER_FLAG_SENT_TIME;
export const HEADER_SESSION_MASK = 3 << 12;
export const HEADER_SESSION_SHIFT = 12;

/** `sizeof` each `ENetProtocol…` command struct (packed), by command number. */
export const COMMAND_SIZES: readonly number[] = [0, 8, 48, 44, 8, 4, 6, 8, 24, 8, 12, 16, 24];

/** The command header (command, channelID, reliableSequenceNumber). */
export const COMMAND_HEADER_SIZE = 4;
/** The protocol header with sentTime (peerID, sentTime); 2 without. */
export const PROTOCOL_HEADER_SIZE = 4;

export const HOST_BANDWIDTH_THROTTLE_INTERVAL = 1000;
export const HOST_DEFAULT_MTU = 1400;
export const PEER_DEFAULT_ROUND_TRIP_TIME = 500;
export const PEER_DEFAULT_PACKET_THROTTLE = 32;
export const PEER_PACKET_THROTTLE_SCALE = 32;
export const PEER_PACKET_THROTTLE_COUNTER = 7;
export const PEER_PACKET_THROTTLE_ACCELERATION = 2;
export const PEER_PACKET_THROTTLE_DECELERATION = 2;
export const PEER_PACKET_THROTTLE_INTERVAL = 5000;
export const PEER_PACKET_LOSS_SCALE = 1 << 16;
export const PEER_PACKET_LOSS_INTERVAL = 10000;
export const PEER_WINDOW_SIZE_SCALE = 64 * 1024;
export const PEER_TIMEOUT_LIMIT = 32;
export const PEER_TIMEOUT_MINIMUM = 5000;
export const PEER_TIMEOUT_MAXIMUM = 30000;
export const PEER_PING_INTERVAL = 500;
export const PEER_UNSEQUENCED_WINDOWS = 64;
export const PEER_UNSEQUENCED_WINDOW_SIZE = 1024;
export const PEER_FREE_UNSEQUENCED_WINDOWS = 32;
export const PEER_RELIABLE_WINDOWS = 16;
export const PEER_RELIABLE_WINDOW_SIZE = 0x1000;
export const PEER_FREE_RELIABLE_WINDOWS = 8;

/** ENet's packet flags (`ENET_PACKET_FLAG_…`). */
export const PACKET_FLAG_RELIABLE = 1;
export const PACKET_FLAG_UNSEQUENCED = 2;
export const PACKET_FLAG_UNRELIABLE_FRAGMENT = 8;

/** `ENET_TIME_DIFFERENCE`: host times here never wrap (milliseconds since the host started). */
export function timeDifference(a: number, b: number): number {
  return a >= b ? a - b : b - a;
}

/** Clamps `value` into `[min, max]`. */
export function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}

/** The window size a bandwidth gives (ENet's `bandwidth / WINDOW_SIZE_SCALE * MINIMUM_WINDOW_SIZE`), clamped. */
export function windowForBandwidth(bandwidth: number): number {
  return clamp(Math.floor(bandwidth / PEER_WINDOW_SIZE_SCALE) * MINIMUM_WINDOW_SIZE, MINIMUM_WINDOW_SIZE, MAXIMUM_WINDOW_SIZE);
}
