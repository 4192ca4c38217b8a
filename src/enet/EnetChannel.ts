import type { IncomingCommand } from './commands.js';
import { PEER_RELIABLE_WINDOWS } from './protocol.js';

/**
 * One channel of a connection (`ENetChannel`): its sequence numbers both ways, the reliable
 * windows in use, and the commands received ahead of their turn.
 *
 * @internal
 */
export class EnetChannel {
  outgoingReliableSequenceNumber = 0;
  outgoingUnreliableSequenceNumber = 0;
  usedReliableWindows = 0;
  readonly reliableWindows = new Uint16Array(PEER_RELIABLE_WINDOWS);
  incomingReliableSequenceNumber = 0;
  incomingUnreliableSequenceNumber = 0;
  incomingReliableCommands: IncomingCommand[] = [];
  incomingUnreliableCommands: IncomingCommand[] = [];
}
