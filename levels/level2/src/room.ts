import type { RoomMembershipStore } from './membership.js';
import type { Message } from './models.js';
import type { Transport } from './transport.js';

/** What a ChatRoom needs from its server. */
export interface ChatRoomOptions {
  membership: RoomMembershipStore;
  transport: Transport;
}

/** A room: sends each message to its members. */
export class ChatRoom {
  readonly id: string;
  readonly #options: ChatRoomOptions;

  constructor(id: string, options: ChatRoomOptions) {
    this.id = id;
    this.#options = options;
  }

  /** Sends the message to every member of the room, the sender included. */
  broadcast(message: Message): void {
    const { membership, transport } = this.#options;
    // TODO: this naive loop calls the transport inline, so one slow user holds up everyone and a
    // 'busy' answer loses the message. Queue the message in each member's own bounded buffer
    // instead, and let ChatServer.tick() do the sending.
    for (const userId of membership.list(this.id)) {
      transport.send(userId, message);
    }
  }
}
