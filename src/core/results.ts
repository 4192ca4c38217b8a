import type { SocketError } from './SocketError.js';
import type { ReceiveManyResult, ReceiveResult, SendManyResult, SendResult, StatusResult } from './SocketResult.js';
import { SocketStatus } from './SocketStatus.js';

/**
 * Shared, frozen result objects for the common outcomes, so the fast paths allocate nothing.
 *
 * @internal
 * @module
 */

const EMPTY = new Uint8Array(0);

export const DONE: StatusResult = Object.freeze({ status: SocketStatus.Done });
export const NOT_READY: StatusResult = Object.freeze({ status: SocketStatus.NotReady });
export const DISCONNECTED: StatusResult = Object.freeze({ status: SocketStatus.Disconnected });
export const NOTHING_SENT: SendResult = Object.freeze({ status: SocketStatus.NotReady, sent: 0 });
export const NOTHING_RECEIVED: ReceiveResult = Object.freeze({ status: SocketStatus.NotReady, data: EMPTY });
/** A non-blocking `sendMany` that found no room. */
export const NONE_SENT: SendManyResult = Object.freeze({ ...NOTHING_SENT, count: 0 });
/** A non-blocking `receiveMany` that found no whole packet. */
export const NONE_RECEIVED: ReceiveManyResult = Object.freeze({ status: SocketStatus.NotReady, count: 0 });

/** The non-blocking answers above, each in one settled Promise, for `answerEmpty` (core/pacing.ts). */
export const NOT_READY_NOW: Promise<StatusResult> = Promise.resolve(NOT_READY);
export const NOTHING_SENT_NOW: Promise<SendResult> = Promise.resolve(NOTHING_SENT);
export const NOTHING_RECEIVED_NOW: Promise<ReceiveResult> = Promise.resolve(NOTHING_RECEIVED);
export const NONE_SENT_NOW: Promise<SendManyResult> = Promise.resolve(NONE_SENT);
export const NONE_RECEIVED_NOW: Promise<ReceiveManyResult> = Promise.resolve(NONE_RECEIVED);

/** The most byte counts {@link doneSent} and {@link doneSentNow} keep an answer for. */
const SHARED_RESULT_COUNTS = 1024;

/** The shared `Done` answers for one byte count: the frozen result, and a settled Promise of it. */
interface SharedDone {
  readonly result: SendResult;
  readonly settled: Promise<SendResult>;
}

const DONE_SENT = new Map<number, SharedDone>();

/** The shared answers for a send of `sent` bytes, made on first use (kept for up to 1024 counts). */
function sharedDone(sent: number): SharedDone {
  let done = DONE_SENT.get(sent);
  if (done === undefined) {
    const result: SendResult = Object.freeze({ status: SocketStatus.Done, sent });
    done = { result, settled: Promise.resolve(result) };
    if (DONE_SENT.size < SHARED_RESULT_COUNTS) DONE_SENT.set(sent, done);
  }
  return done;
}

/**
 * The `Done` result of a send of `sent` bytes: one frozen object per byte count, shared, so a
 * send that completes allocates no result.
 */
export function doneSent(sent: number): SendResult {
  return sharedDone(sent).result;
}

/** {@link doneSent} in an already settled Promise (shared too), for a send that completes at once. */
export function doneSentNow(sent: number): Promise<SendResult> {
  return sharedDone(sent).settled;
}

/** An `Error` result carrying `error`. */
export function failed(error: SocketError): StatusResult {
  return { status: SocketStatus.Error, error };
}

/** `result` as a send result with `sent` bytes. */
export function withSent(result: StatusResult, sent: number): SendResult {
  return { status: result.status, sent, error: result.error };
}

/** `result` as a receive result with no data. */
export function withNoData(result: StatusResult): ReceiveResult {
  return { status: result.status, data: EMPTY, error: result.error };
}
