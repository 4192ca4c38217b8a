/**
 * A status line: rewritten in place on a terminal, one line each time otherwise (logs, pipes).
 *
 * @module
 */

/** Where the status goes: `process.stdout` or anything with the same two members. */
export interface StatusOutput {
  /** Whether the output is a terminal (`\r` and clear-line work there). */
  readonly isTTY?: boolean;
  /** The terminal's width, when known: an in-place line is cut to fit, or it would wrap. */
  readonly columns?: number;
  /** Writes text. */
  write(text: string): unknown;
}

/** Back to the line's start, then erase it (ANSI EL 2). */
const CLEAR_LINE = '\r\x1b[2K';

/**
 * Shows a changing status without scrolling a terminal.
 *
 * @remarks
 * On a terminal each {@link StatusLine.show} replaces the line; elsewhere it prints a new line,
 * so the caller decides the rate (the arena shows every 250 ms on a terminal, every second
 * otherwise). Call {@link StatusLine.clear} before printing anything else.
 *
 * @example
 * ```ts
 * const line = new StatusLine(process.stdout);
 * line.show('clients 8 | RTT 0.21 ms');
 * line.clear();
 * console.log('done');
 * ```
 */
export class StatusLine {
  readonly #output: StatusOutput;
  #shown = false;

  /**
   * Creates a status line on `output`.
   *
   * @param output - usually `process.stdout`.
   */
  constructor(output: StatusOutput) {
    this.#output = output;
  }

  /** Whether the line is rewritten in place (the output is a terminal). */
  get inPlace(): boolean {
    return this.#output.isTTY === true;
  }

  /**
   * Shows `text` as the status.
   *
   * @param text - one line, without a line break.
   */
  show(text: string): void {
    if (this.inPlace) {
      const width = this.#output.columns ?? Infinity;
      this.#output.write(CLEAR_LINE + (text.length < width ? text : `${text.slice(0, Math.max(0, width - 2))}…`));
      this.#shown = true;
    } else {
      this.#output.write(`${text}\n`);
    }
  }

  /** Erases the status on a terminal, so the next output starts on a clean line. */
  clear(): void {
    if (!this.#shown) return;
    this.#output.write(CLEAR_LINE);
    this.#shown = false;
  }
}
