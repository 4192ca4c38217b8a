/**
 * The hand-written baseline: SFML's 4-byte big-endian length prefix over `node:net`, written as
 * an expert would: frames parsed in place, small frames coalesced into one write per tick (no
 * `Buffer.concat` per packet, no buffer kept between ticks), a frame spread over several reads joined
 * once, large frames written in one `write` (measured faster here than a corked header + payload).
 */
import type { Socket } from 'node:net';

const LARGE = 16 * 1024;

/** Frames and unframes packets on one `node:net` socket. */
export class RawFramer {
  readonly #socket: Socket;
  readonly #onFrame: (payload: Buffer) => void;
  /** The frames of this tick; `null` between ticks, so an idle connection holds no buffer. */
  #batch: Buffer | null = null;
  #used = 0;
  /** The size of the last batch: the next one starts that big (small ones come from Node's pool). */
  #hint = 0;
  /** The start of an incomplete frame, its bytes so far, and how many it needs (the size prefix included). */
  #pending: Buffer[] = [];
  #pendingLength = 0;
  #need = 0;
  readonly #flush = (): void => this.flush();

  constructor(socket: Socket, onFrame: (payload: Buffer) => void) {
    this.#socket = socket;
    this.#onFrame = onFrame;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#data(chunk));
  }

  /** Queues one frame; it goes out with the others of this tick. */
  send(payload: Uint8Array): void {
    const length = payload.length;
    if (length >= LARGE) {
      this.#sendLarge(payload);
      return;
    }
    const need = 4 + length;
    let batch = this.#batch;
    if (batch === null) {
      batch = this.#batch = Buffer.allocUnsafe(Math.max(need, this.#hint));
      this.#used = 0;
      process.nextTick(this.#flush);
    } else if (batch.length - this.#used < need) {
      const grown = Buffer.allocUnsafe(Math.max(2 * batch.length, this.#used + need));
      grown.set(batch.subarray(0, this.#used));
      batch = this.#batch = grown;
    }
    const at = this.#used;
    batch[at] = length >>> 24;
    batch[at + 1] = (length >>> 16) & 0xff;
    batch[at + 2] = (length >>> 8) & 0xff;
    batch[at + 3] = length & 0xff;
    batch.set(payload, at + 4);
    this.#used = at + need;
  }

  /** Writes the frames queued so far, in one `write`. */
  flush(): void {
    const batch = this.#batch;
    if (batch === null) return;
    this.#batch = null;
    this.#hint = this.#used;
    this.#socket.write(this.#used === batch.length ? batch : batch.subarray(0, this.#used));
  }

  #sendLarge(payload: Uint8Array): void {
    this.flush();
    const frame = Buffer.allocUnsafe(4 + payload.length);
    frame.writeUInt32BE(payload.length, 0);
    frame.set(payload, 4);
    this.#socket.write(frame);
  }

  #data(chunk: Buffer): void {
    let buffer = chunk;
    if (this.#pendingLength > 0) {
      // A frame spread over several chunks is joined once, when all of it is there.
      this.#pending.push(chunk);
      this.#pendingLength += chunk.length;
      if (this.#pendingLength < this.#need) return;
      buffer = Buffer.concat(this.#pending, this.#pendingLength);
      this.#pending = [];
      this.#pendingLength = 0;
    }
    let at = 0;
    const end = buffer.length;
    while (end - at >= 4) {
      const length = buffer.readUInt32BE(at);
      if (end - at - 4 < length) break;
      this.#onFrame(buffer.subarray(at + 4, at + 4 + length));
      at += 4 + length;
    }
    if (at === end) return;
    this.#pending = [buffer.subarray(at)];
    this.#pendingLength = end - at;
    this.#need = end - at >= 4 ? 4 + buffer.readUInt32BE(at) : 4;
  }
}
