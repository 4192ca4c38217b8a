import { copyBytes } from '../core/copyBytes.js';

/**
 * What one fragment held apart costs besides its bytes (its entry, its view, the set of fragment
 * numbers seen), counted so that many tiny fragments weigh what they hold.
 */
const PIECE_COST = 96;

/** Sets bit `number` of `bitmap`; `false` when it was set already. */
function mark(bitmap: Uint32Array, number: number): boolean {
  const word = number >>> 5;
  const bit = 1 << (number & 31);
  const bits = bitmap[word] as number;
  if ((bits & bit) !== 0) return false;
  bitmap[word] = bits | bit;
  return true;
}

/**
 * The fragments of one message as they arrive: its memory follows what the peer has sent, not the
 * total it announced.
 *
 * @remarks
 * ENet allocates the whole message at its first fragment, so one small datagram announcing a
 * large total makes the receiver allocate that total. Here the fragments are kept apart (copied)
 * until they and their bookkeeping add up to half of the total; only then is the whole message
 * allocated and what arrived copied in, so a peer holds at most about twice what it really sent.
 * Fragments are told apart by number: one that arrives again is ignored, as in ENet.
 *
 * @example
 * ```ts
 * const message = new MessageAssembly(6, 2);
 * message.add(1, 3, Uint8Array.of(4, 5, 6)); // true
 * message.add(0, 0, Uint8Array.of(1, 2, 3)); // true
 * message.bytes(); // Uint8Array [1, 2, 3, 4, 5, 6]
 * ```
 * @internal
 */
export class MessageAssembly {
  /** The total the first fragment announced. */
  readonly length: number;
  readonly #fragmentCount: number;
  /** The whole message, once gathered. */
  #whole: Uint8Array | null = null;
  /** Fragments kept apart until then: offset and bytes. */
  #pieces: Array<readonly [number, Uint8Array]> = [];
  /** Their bytes plus their bookkeeping. */
  #held = 0;
  /** Fragment numbers seen: a set while kept apart, a bitmap once gathered (then it is small beside the message). */
  #seen: Set<number> | Uint32Array = new Set();

  /**
   * @param length - the total the first fragment announced (checked against the limits already).
   * @param fragmentCount - the fragments it announced.
   */
  constructor(length: number, fragmentCount: number) {
    this.length = length;
    this.#fragmentCount = fragmentCount;
  }

  /** Adds fragment `number`, whose `bytes` (copied) go at `offset`; `false` when it had arrived already. */
  add(number: number, offset: number, bytes: Uint8Array): boolean {
    const seen = this.#seen;
    if (seen instanceof Set) {
      if (seen.has(number)) return false;
      seen.add(number);
    } else if (!mark(seen, number)) return false;
    const whole = this.#whole;
    if (whole !== null) {
      whole.set(bytes, offset);
      return true;
    }
    this.#pieces.push([offset, copyBytes(bytes)]);
    this.#held += bytes.length + PIECE_COST;
    if (2 * this.#held >= this.length) this.#gather();
    return true;
  }

  /** The whole message; call it once every fragment has arrived. */
  bytes(): Uint8Array {
    return this.#gather();
  }

  /** Allocates the whole message and moves the pieces (and the numbers seen) into it. */
  #gather(): Uint8Array {
    if (this.#whole !== null) return this.#whole;
    const whole = new Uint8Array(this.length);
    for (const [offset, bytes] of this.#pieces) whole.set(bytes, offset);
    const bitmap = new Uint32Array(Math.ceil(this.#fragmentCount / 32));
    for (const number of this.#seen as Set<number>) mark(bitmap, number);
    this.#pieces = [];
    this.#seen = bitmap;
    this.#whole = whole;
    return whole;
  }
}
