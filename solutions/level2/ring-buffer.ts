/** Storage starts this small and doubles on demand, up to the capacity. */
const INITIAL_SLOTS = 8;
/** An emptied buffer holding more slots than this gives them back. */
const KEEP_SLOTS = 64;

/**
 * A bounded FIFO queue that evicts its oldest item when full.
 *
 * A ring of slots with a moving head makes push, shift and drop-oldest O(1). An array used with
 * `Array.prototype.shift` copies every remaining item once it is large (V8 cannot trim arrays in
 * its large-object space), so a full 50,000-message buffer would pay a 400 KB memmove per message.
 * The ring grows lazily, so a member with a huge limit costs nothing until messages pile up.
 */
export class RingBuffer<T> {
  /** The most items the buffer holds before it starts evicting the oldest. */
  readonly capacity: number;
  #slots: (T | undefined)[] = [];
  #head = 0;
  #size = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(
        `RingBuffer capacity must be a positive integer, got ${String(capacity)}`,
      );
    }
    this.capacity = capacity;
  }

  /** How many items the buffer holds. */
  get size(): number {
    return this.#size;
  }

  /** Appends an item; when the buffer is full, evicts the oldest first and returns true. */
  push(item: T): boolean {
    const slots = this.#slots;
    if (this.#size === slots.length) {
      if (this.#size === this.capacity) {
        // Full: the new item takes the oldest item's slot, and the head moves past it.
        slots[this.#head] = item;
        this.#head = this.#head + 1 === slots.length ? 0 : this.#head + 1;
        return true;
      }
      this.#grow();
    }
    this.#slots[this.#index(this.#size)] = item;
    this.#size++;
    return false;
  }

  /** The oldest item, without removing it. */
  peek(): T | undefined {
    return this.#size === 0 ? undefined : this.#slots[this.#head];
  }

  /** Removes and returns the oldest item. */
  shift(): T | undefined {
    if (this.#size === 0) return undefined;
    const item = this.#slots[this.#head];
    this.#slots[this.#head] = undefined; // let the garbage collector have it
    this.#head = this.#head + 1 === this.#slots.length ? 0 : this.#head + 1;
    this.#size--;
    // A drained buffer gives big storage back, so one burst does not pin memory forever.
    if (this.#size === 0 && this.#slots.length > KEEP_SLOTS) this.clear();
    return item;
  }

  /** Removes every item and releases the storage. */
  clear(): void {
    this.#slots = [];
    this.#head = 0;
    this.#size = 0;
  }

  #index(offset: number): number {
    const index = this.#head + offset;
    return index >= this.#slots.length ? index - this.#slots.length : index;
  }

  /** Doubles the storage (capped at the capacity), unrolling the ring so the head is slot 0. */
  #grow(): void {
    const length = Math.min(this.capacity, Math.max(INITIAL_SLOTS, this.#slots.length * 2));
    const slots: (T | undefined)[] = [];
    for (let i = 0; i < this.#size; i++) slots.push(this.#slots[this.#index(i)]);
    for (let i = this.#size; i < length; i++) slots.push(undefined);
    this.#slots = slots;
    this.#head = 0;
  }
}
