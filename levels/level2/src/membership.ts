/** Who is in which room: a plain map of sets, in join order. */
export class RoomMembershipStore {
  readonly #rooms = new Map<string, Set<string>>();

  /** Adds a user to a room; returns false when the user was already a member. */
  add(roomId: string, userId: string): boolean {
    let members = this.#rooms.get(roomId);
    if (members === undefined) {
      members = new Set();
      this.#rooms.set(roomId, members);
    }
    if (members.has(userId)) return false;
    members.add(userId);
    return true;
  }

  /** Removes a user from a room; returns false when the user was not a member. */
  remove(roomId: string, userId: string): boolean {
    const members = this.#rooms.get(roomId);
    if (members === undefined || !members.delete(userId)) return false;
    if (members.size === 0) this.#rooms.delete(roomId);
    return true;
  }

  /** Whether a user is a member of a room. */
  has(roomId: string, userId: string): boolean {
    return this.#rooms.get(roomId)?.has(userId) ?? false;
  }

  /** The members of a room in join order, as a fresh array the caller may keep. */
  list(roomId: string): string[] {
    const members = this.#rooms.get(roomId);
    return members === undefined ? [] : [...members];
  }
}
