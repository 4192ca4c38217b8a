import type { SocketError } from '../core/SocketError.js';
import type { SocketStatus } from '../core/SocketStatus.js';

/**
 * A value read whole: `status` is `Done` and `value` is there.
 *
 * @example
 * ```ts
 * const read = await new DataInputStream(socket).readInt();
 * if (read.status === SocketStatus.Done) console.log(read.value + 1); // value: number here
 * ```
 */
export interface DataValue<T> {
  /**
   * Always `Done`.
   *
   * @example
   * ```ts
   * const done: DataValue<number> = { status: SocketStatus.Done, value: 7 };
   * ```
   */
  readonly status: SocketStatus.Done;
  /**
   * The value read.
   *
   * @example
   * ```ts
   * const read = await new DataInputStream(socket).readUTF();
   * if (read.status === SocketStatus.Done) console.log(read.value.toUpperCase());
   * ```
   */
  readonly value: T;
  /** Never set on `Done`. */
  readonly error?: undefined;
}

/**
 * No value: the stream ended (`Disconnected`, Java's `EOFException`), nothing whole is there yet
 * (`NotReady`, a non-blocking socket or a receive time-out; nothing of the field was consumed), or
 * the connection failed or the peer sent what cannot be read (`Error`, with `error`).
 *
 * @example
 * ```ts
 * const read = await new DataInputStream(socket).readLong();
 * if (read.status === SocketStatus.Disconnected) console.log('the peer closed the stream');
 * ```
 */
export interface DataNoValue {
  /**
   * Why there is no value.
   *
   * @example
   * ```ts
   * const read = await new DataInputStream(socket).readByte();
   * if (read.status === SocketStatus.Error) console.log(read.error?.kind);
   * ```
   */
  readonly status: SocketStatus.NotReady | SocketStatus.Disconnected | SocketStatus.Error;
  /** Never set without `Done`. */
  readonly value?: undefined;
  /**
   * What went wrong, on `Error` (and on a `NotReady` that a receive time-out ended).
   *
   * @example
   * ```ts
   * const read = await new DataInputStream(socket).readUTF();
   * if (read.error?.kind === 'Protocol') console.log('not modified UTF-8:', read.error.message);
   * ```
   */
  readonly error?: SocketError | undefined;
}

/**
 * What every read of a {@link DataInputStream} answers: a status, and the value only when it is
 * `Done`; TypeScript narrows on `status`, so the value cannot be used unchecked.
 *
 * @example
 * ```ts
 * const read: DataResult<number> = await new DataInputStream(socket).readInt();
 * switch (read.status) {
 *   case SocketStatus.Done: console.log(read.value); break;
 *   case SocketStatus.Disconnected: console.log('end of stream'); break;
 *   default: console.log(read.status, read.error?.message);
 * }
 * ```
 */
export type DataResult<T> = DataValue<T> | DataNoValue;
