/**
 * A bounded FIFO queue that evicts its oldest item when full.
 *
 * A ring of slots with a moving head makes push, shift and drop-oldest O(1). An array used with
 * `Array.prototype.shift` copies every remaining item once it is large (V8 cannot trim arrays in
 * its large-object space), so a full 50,000-message buffer would pay a 400 KB memmove per message.
 * The array of slots grows as it is first written, up to the capacity, so a member with a huge
 * limit costs only what actually queued up for them.
 */
export class RingBuffer<T> {
  /** The most items the buffer holds before it starts evicting the oldest; a positive integer. */
  readonly capacity: number;
  #slots!: (T | undefined)[];
  #head = 0;
  #size = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.clear();
  }

  /** How many items the buffer holds. */
  get size(): number {
    return this.#size;
  }

  /** Appends an item; when the buffer is full, evicts the oldest first and returns true. */
  push(item: T): boolean {
    if (this.#size === this.capacity) {
      // Full: the new item takes the oldest item's slot, and the head moves past it.
      this.#slots[this.#head] = item;
      this.#head = this.#head + 1 === this.capacity ? 0 : this.#head + 1;
      return true;
    }
    const tail = this.#head + this.#size;
    this.#slots[tail >= this.capacity ? tail - this.capacity : tail] = item;
    this.#size++;
    return false;
  }

  /** The oldest item, without removing it; undefined when empty (free slots hold undefined). */
  peek(): T | undefined {
    return this.#slots[this.#head];
  }

  /** Removes and returns the oldest item. The buffer must not be empty. */
  shift(): T | undefined {
    const item = this.#slots[this.#head];
    this.#slots[this.#head] = undefined; // let the garbage collector have it
    this.#head = this.#head + 1 === this.capacity ? 0 : this.#head + 1;
    this.#size--;
    return item;
  }

  /** Removes every item and releases the storage. */
  clear(): void {
    // The slots are written in order from 0, so the array stays packed as it grows.
    this.#slots = [];
    this.#head = 0;
    this.#size = 0;
  }
}
