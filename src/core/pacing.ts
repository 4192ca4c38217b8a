/**
 * The one place that paces answers settling at once, so that a loop awaiting nothing but them
 * still lets the event loop turn.
 *
 * @remarks
 * An answer in an already settled Promise resumes its caller on the microtask queue, and Node runs
 * no I/O, timers or `setImmediate` callbacks until that queue is empty. So a loop that awaits only
 * such answers never lets anything else run:
 *
 * - **Empty polls.** SFML's `while (socket.receive(packet) != Done) {}`, written as
 *   `while ((await socket.receive(packet)).status === SocketStatus.NotReady) {}` in non-blocking
 *   mode, would spin forever (22 million polls in 2 s measured before this existed), since the data
 *   it waits for can only arrive through I/O. After {@link EMPTY_RUN} empty answers within one turn
 *   of the event loop (over the whole process), each further one is delivered on the next turn
 *   (`setImmediate`), where I/O runs first. A loop that polls fewer sockets than that per turn, as
 *   a game loop polling once a frame does, never pays it; answers with data never do.
 * - **Answers with data.** A loop over packets already queued runs on microtasks only too; one
 *   answer in {@link FOUND_RUN} in a row is delivered on the next turn instead, so timers, other
 *   sockets and `process.nextTick` work (zlib frees failed engines there) run at least that often,
 *   at the cost of one `setImmediate` per run.
 *
 * The counters are process-wide on purpose: the event loop they protect is. In a browser (no
 * `setImmediate`) the next turn is a 0 ms timer, which the browser also runs after its pending
 * network events.
 *
 * @internal
 * @module
 */

/** Empty answers at once within one turn of the event loop before they are paced. */
export const EMPTY_RUN = 64;
/** Answers with data at once in a row before one is delivered on the next turn. */
export const FOUND_RUN = 256;

let emptyInTurn = 0;
let turnWatched = false;
let foundInARow = 0;

/** Runs `callback` on the next turn of the event loop: `setImmediate` in Node, a 0 ms timer in a browser. */
const onNextTurn: (callback: () => void) => void =
  typeof setImmediate === 'function' ? (callback) => void setImmediate(callback) : (callback) => void setTimeout(callback, 0);

/** A new turn of the event loop began (armed by the first empty answer of a turn). */
function newTurn(): void {
  emptyInTurn = 0;
  turnWatched = false;
}

/** `result` on the next turn of the event loop. */
function nextTurn<T>(result: T): Promise<T> {
  return new Promise((resolve) => onNextTurn(() => resolve(result)));
}

/**
 * The answer to a non-blocking call that found nothing to do (`NotReady`, or a send cut short):
 * `settled` (an already settled Promise of `result`), or `result` on the next turn once the
 * process has answered {@link EMPTY_RUN} empty polls in this turn.
 */
export function answerEmpty<T>(settled: Promise<T>, result: T): Promise<T> {
  if (++emptyInTurn > EMPTY_RUN) return nextTurn(result);
  if (!turnWatched) {
    turnWatched = true;
    onNextTurn(newTurn);
  }
  return settled;
}

/**
 * The answer to a call that found something (a packet, bytes, a datagram): `settled` (or a new
 * settled Promise of `result`), except every {@link FOUND_RUN}th time in a row: then on the next turn.
 */
export function answerFound<T>(result: T, settled?: Promise<T>): Promise<T> {
  emptyInTurn = 0;
  if (++foundInARow < FOUND_RUN) return settled ?? Promise.resolve(result);
  foundInARow = 0;
  return nextTurn(result);
}

/** A call had to wait for I/O: the event loop turns before it is answered, so the runs start again. */
export function answerWaited(): void {
  foundInARow = 0;
}
