import type { StreamConnection } from '../transport/StreamConnection.js';

const NO_MESSAGES: Uint8Array[] = [];

/**
 * The whole messages received on a message-oriented connection (WebSocket) and not yet taken,
 * with flow control: what {@link InboundQueue} is for a byte stream, without a frame decoder.
 *
 * @remarks
 * The transport has already cut the stream into messages (and refused any above the size
 * limit), so one message is one packet and nothing is parsed here. Raw byte reads take from
 * the head message only and never cross into the next one, so a packet read after them starts
 * at a message boundary. Bytes queued are bounded as in {@link InboundQueue}: at `limit` (the
 * `receiveBufferSize`) the connection is paused until half of it is free again.
 *
 * The head message has a field of its own and only the ones behind it go into a list, made
 * when a second message waits: in ping-pong no list is ever made, and an idle connection holds
 * none.
 *
 * @internal
 */
export class MessageQueue {
  readonly #connection: StreamConnection;
  readonly #limit: number;
  /** The head message, or `null` when none is queued. */
  #first: Uint8Array | null = null;
  /** The messages behind the head one, from `#next` on (a shared empty list until a second one waits). */
  #rest: Uint8Array[] = NO_MESSAGES;
  #next = 0;
  /** Bytes of the head message already taken by raw reads. */
  #offset = 0;
  #bytes = 0;
  #paused = false;

  constructor(connection: StreamConnection, limit: number) {
    this.#connection = connection;
    this.#limit = limit;
  }

  /** Messages queued (the head one counts while any of it is left). */
  get count(): number {
    return this.#first === null ? 0 : 1 + this.#rest.length - this.#next;
  }

  /** Bytes queued. */
  get length(): number {
    return this.#bytes;
  }

  /** Appends a message (kept, not copied). */
  push(message: Uint8Array): void {
    if (this.#first === null) this.#first = message;
    else if (this.#rest === NO_MESSAGES) this.#rest = [message];
    else this.#rest.push(message);
    this.#bytes += message.length;
  }

  /** The size of what is left of the head message (the caller checks `count > 0`). */
  get headSize(): number {
    return (this.#first as Uint8Array).length - this.#offset;
  }

  /** Removes and returns what is left of the head message (a view, not a copy). */
  take(): Uint8Array {
    const message = this.#first as Uint8Array;
    const rest = this.#offset === 0 ? message : message.subarray(this.#offset);
    this.drop();
    return rest;
  }

  /** Removes and returns up to `max` bytes of the head message (a view); the rest stays at the head. */
  takeBytes(max: number): Uint8Array {
    const message = this.#first as Uint8Array;
    const left = message.length - this.#offset;
    if (max >= left) return this.take();
    const part = message.subarray(this.#offset, this.#offset + max);
    this.#offset += max;
    this.#bytes -= max;
    return part;
  }

  /** Drops everything. */
  clear(): void {
    this.#first = null;
    this.#rest = NO_MESSAGES;
    this.#next = 0;
    this.#offset = 0;
    this.#bytes = 0;
  }

  /** Pauses the connection when the queue is full and no receive waits; resumes it once half is free. */
  flow(waiting: boolean): void {
    if (!this.#paused && this.#bytes >= this.#limit && !waiting) {
      this.#paused = true;
      this.#connection.pause();
    } else if (this.#paused && (this.#bytes <= this.#limit >>> 1 || waiting)) {
      this.resume();
    }
  }

  /** Resumes reading if paused. */
  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#connection.resume();
  }

  // TypeScript-private rather than #private: a #method gives each instance one more field (V8's private brand).
  private drop(): void {
    this.#bytes -= (this.#first as Uint8Array).length - this.#offset;
    this.#offset = 0;
    const rest = this.#rest;
    if (this.#next === rest.length) {
      this.#first = null;
      return;
    }
    this.#first = rest[this.#next] as Uint8Array;
    rest[this.#next++] = NO_BYTES;
    if (this.#next === rest.length) {
      // Emptied: the list goes (a burst made it; the next one makes another).
      this.#rest = NO_MESSAGES;
      this.#next = 0;
    } else if (this.#next >= 64) {
      rest.splice(0, this.#next);
      this.#next = 0;
    }
  }
}

const NO_BYTES = new Uint8Array(0);
