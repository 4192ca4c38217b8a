/**
 * The browser side of test/browser/chromium.test.ts: loaded by the test page as a module, it
 * exposes `sfnetTests` for the test to call over the DevTools protocol. Imports only the browser
 * entry, as an application's page would.
 */
import { BrowserSocket, Packet, SocketStatus } from '../../../src/browser/index.js';
import { hex, readEveryType, writeEveryType } from './everyType.js';

const tests = {
  /** Sends a packet of every type, then echoes back what the server sends (blocking); answers what it saw. */
  async roundTrip(url: string): Promise<unknown> {
    const socket = new BrowserSocket();
    const connected = await socket.connect(url, 5000);
    if (connected.status !== SocketStatus.Done) return { connect: connected.status, error: connected.error?.message };
    const sent = writeEveryType(new Packet(), 1);
    await socket.send(sent);
    const received = new Packet();
    const status = await socket.receive(received);
    const answer = { sentHex: hex(sent.getData()), receivedHex: hex(received.getData()), values: readEveryType(received), status: status.status };
    socket.disconnect();
    return answer;
  },

  /** Non-blocking polling, as a game loop does: NotReady until the server's packet, then its close. */
  async polling(url: string): Promise<unknown> {
    const socket = new BrowserSocket();
    socket.setBlocking(false);
    const seen: string[] = [];
    let status = (await socket.connect(url)).status;
    seen.push(`connect ${status}`);
    while (status === SocketStatus.NotReady) {
      await new Promise((wake) => setTimeout(wake, 5));
      status = (await socket.connect(url)).status;
    }
    seen.push(`connect ${status}`);
    seen.push(`receive ${(await socket.receive(new Packet())).status}`);
    await socket.send(new Packet().writeString('ready'));
    const packet = new Packet();
    for (let i = 0; i < 1000; i++) {
      const result = await socket.receive(packet);
      if (result.status === SocketStatus.NotReady) {
        await new Promise((wake) => setTimeout(wake, 5));
        continue;
      }
      seen.push(result.status === SocketStatus.Done ? `packet ${packet.readString()}` : `receive ${result.status}`);
      if (result.status !== SocketStatus.Done) break;
    }
    return seen;
  },

  /** Non-blocking connect and receive polled with nothing else awaited (bounded): the page's events must still come in. */
  async pollingWithoutPause(url: string): Promise<unknown> {
    const socket = new BrowserSocket();
    socket.setBlocking(false);
    // Bounded in time, not in polls (a fast machine runs any count of paced polls within the
    // server's delay); a loop that never yields spins to the end, as the events cannot arrive.
    const until = Date.now() + 10_000;
    let connect = (await socket.connect(url)).status;
    while (connect === SocketStatus.NotReady && Date.now() < until) connect = (await socket.connect(url)).status;
    const packet = new Packet();
    let receive = (await socket.receive(packet)).status;
    while (receive === SocketStatus.NotReady && Date.now() < until) receive = (await socket.receive(packet)).status;
    const answer = { connect, receive, text: receive === SocketStatus.Done ? packet.readString() : null, withinLimit: Date.now() < until };
    socket.disconnect();
    return answer;
  },

  /** Connects where the server refuses; answers the status and error kind. */
  async refused(url: string): Promise<unknown> {
    const result = await new BrowserSocket().connect(url, 5000);
    return { status: result.status, kind: result.error?.kind };
  },

  /** Connects to `url`; answers the status and error kind, or the name of the error it rejected with. */
  async connectOutcome(url: string, timeoutMs: number): Promise<unknown> {
    try {
      const result = await new BrowserSocket().connect(url, timeoutMs);
      return { status: result.status, kind: result.error?.kind };
    } catch (error) {
      return { threw: (error as Error).name };
    }
  },

  /** Sends `size` bytes to a server whose limit is lower; answers what the next receive says. */
  async overLimit(url: string, size: number): Promise<unknown> {
    const socket = new BrowserSocket();
    const connected = await socket.connect(url, 5000);
    if (connected.status !== SocketStatus.Done) return { connect: connected.status };
    await socket.send(new Packet().append(new Uint8Array(size)));
    const result = await socket.receive(new Packet());
    const after = await socket.receive(new Packet());
    return { status: result.status, kind: result.error?.kind, after: after.status };
  },
};

(globalThis as unknown as { sfnetTests: typeof tests }).sfnetTests = tests;
