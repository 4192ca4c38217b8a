/**
 * Blocking and non-blocking sockets: polling a receive, finishing a `Partial` send, and a
 * non-blocking connect, and loops that poll once a tick. Copied into
 * `docs/guides/blocking-and-non-blocking.md` (`npm run docs:sync`).
 *
 * @module
 */
import { IpAddress, Packet, SocketSelector, SocketStatus, TcpSocket } from '../../../src/index.js';

/** Resolves on the next turn of the event loop: where a game would draw a frame. */
export const nextFrame = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Polls a non-blocking socket once a frame until a packet arrives.
 *
 * @param socket - a connected socket.
 * @param maxFrames - how many frames to poll before giving up.
 * @returns the packet's string and the number of frames that had nothing, or `null`.
 */
export async function pollForPacket(socket: TcpSocket, maxFrames: number): Promise<{ text: string; idleFrames: number } | null> {
  // #region poll-receive
  socket.setBlocking(false);
  const packet = new Packet();
  let idleFrames = 0;
  for (let frame = 0; frame < maxFrames; frame++) {
    const { status } = await socket.receive(packet); // settles at once in non-blocking mode
    if (status === SocketStatus.Done) return { text: packet.readString(), idleFrames };
    if (status !== SocketStatus.NotReady) return null; // Disconnected or Error
    idleFrames++;
    await nextFrame(); // nothing yet: draw, simulate, come back next frame
  }
  // #endregion poll-receive
  return null;
}

/**
 * SFML's `while (socket.receive(packet) != sf::Socket::Status::Done) {}`: polls a non-blocking
 * socket with nothing else awaited until a packet (or the end) comes.
 *
 * @param socket - a connected socket.
 * @param packet - the packet to fill.
 * @returns the first status other than `NotReady`.
 */
export async function pollUntilDone(socket: TcpSocket, packet: Packet): Promise<SocketStatus> {
  // #region poll-until-done
  socket.setBlocking(false);
  let { status } = await socket.receive(packet);
  while (status === SocketStatus.NotReady) ({ status } = await socket.receive(packet));
  // #endregion poll-until-done
  return status;
}

/**
 * Sends a packet on a non-blocking socket, continuing after each `Partial` as SFML requires.
 *
 * @param socket - a connected socket.
 * @param packet - the packet to send.
 * @param maxFrames - how many frames to try before giving up.
 * @returns the final status and how many calls returned `Partial` or `NotReady`.
 */
export async function sendAll(socket: TcpSocket, packet: Packet, maxFrames: number): Promise<{ status: SocketStatus; retries: number }> {
  // #region partial-send
  socket.setBlocking(false);
  let result = await socket.send(packet);
  let retries = 0;
  while ((result.status === SocketStatus.Partial || result.status === SocketStatus.NotReady) && retries < maxFrames) {
    retries++;
    await nextFrame();
    result = await socket.send(packet); // the same packet: it continues where it stopped
  }
  // #endregion partial-send
  return { status: result.status, retries };
}

/**
 * Connects without blocking: `connect` returns `NotReady` while the connection is made, and
 * the same call again reports the outcome.
 *
 * @param port - the server's port on 127.0.0.1.
 * @param maxFrames - how many frames to wait.
 * @returns the connected socket, or `null`.
 */
export async function connectWithoutBlocking(port: number, maxFrames: number): Promise<TcpSocket | null> {
  // #region non-blocking-connect
  const socket = new TcpSocket();
  socket.setBlocking(false);
  let result = await socket.connect(IpAddress.LocalHost, port);
  for (let frame = 0; result.status === SocketStatus.NotReady && frame < maxFrames; frame++) {
    await nextFrame();
    result = await socket.connect(IpAddress.LocalHost, port); // same target: the outcome so far
  }
  if (result.status !== SocketStatus.Done) {
    socket.disconnect();
    return null;
  }
  // #endregion non-blocking-connect
  return socket;
}

/**
 * Echoes whatever has arrived, many packets per call, until the peer leaves: the shape of a
 * throughput-minded relay.
 *
 * @param socket - a connected socket in blocking mode.
 * @returns how many packets were echoed.
 */
export async function echoInBatches(socket: TcpSocket): Promise<number> {
  // #region batches
  const packets = Array.from({ length: 64 }, () => new Packet());
  let echoed = 0;
  for (;;) {
    // Waits for the first packet, then takes every whole packet already queued (up to 64).
    const { status, count } = await socket.receiveMany(packets);
    if (status !== SocketStatus.Done) break; // Disconnected or Error, as receive() reports them
    // One call frames them all into one write.
    await socket.sendMany(packets, count);
    echoed += count;
  }
  // #endregion batches
  return echoed;
}

/** Resolves after `ms` milliseconds: a timer, which lets the event loop turn. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A fixed-rate loop in the SFML style: each tick polls the socket until `NotReady`, does the
 * tick's work, then awaits the tick's timer, which gives the event loop its turn.
 *
 * @param socket - a connected socket.
 * @param ticks - how many ticks to run.
 * @param tickMs - the length of a tick.
 * @returns the strings received, or `null` when the peer left or the socket failed.
 */
export async function pollEachTick(socket: TcpSocket, ticks: number, tickMs: number): Promise<string[] | null> {
  const received: string[] = [];
  // #region poll-tick
  socket.setBlocking(false);
  const packet = new Packet();
  for (let tick = 0; tick < ticks; tick++) {
    const started = performance.now();
    let status = (await socket.receive(packet)).status; // settles at once
    for (; status === SocketStatus.Done; status = (await socket.receive(packet)).status) received.push(packet.readString());
    if (status !== SocketStatus.NotReady) return null; // Disconnected or Error
    // … simulate and draw the tick …
    await sleep(Math.max(0, tickMs - (performance.now() - started))); // yield until the next tick
  }
  // #endregion poll-tick
  return received;
}

/**
 * One tick that spends its spare time in `SocketSelector.wait`: it handles packets as they
 * arrive and returns when the tick's time is up.
 *
 * @param selector - a selector watching `socket`.
 * @param socket - a connected, non-blocking socket.
 * @param tickMs - the length of the tick.
 * @param received - where the strings received go.
 * @returns `false` when the peer left or the socket failed.
 */
export async function selectorTick(selector: SocketSelector, socket: TcpSocket, tickMs: number, received: string[]): Promise<boolean> {
  // #region selector-tick
  const packet = new Packet();
  const deadline = performance.now() + tickMs;
  // wait(0) would wait for ever (SFML's sf::Time::Zero): stop once less than 1 ms is left.
  for (let rest = tickMs; rest >= 1; rest = deadline - performance.now()) {
    if (!(await selector.wait(Math.ceil(rest)))) break; // the tick's time is up
    let status = (await socket.receive(packet)).status;
    for (; status === SocketStatus.Done; status = (await socket.receive(packet)).status) received.push(packet.readString());
    if (status !== SocketStatus.NotReady) return false; // Disconnected or Error
  }
  // #endregion selector-tick
  return true;
}
