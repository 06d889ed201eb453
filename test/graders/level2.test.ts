import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gradeImplementation } from '../../src/grading/grade.js';
import {
  criterionStatuses,
  expectLosesExactly,
  expectMutantLosesExactly,
  gradeMutant,
  type Patch,
} from '../support/mutants.js';

const kitRoot = resolve(import.meta.dirname, '../..');
const AUTO = ['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7'];

/** A queue with the RingBuffer's interface whose drop of the oldest is `drop` on an array. */
const arrayQueue = (drop: string) => `class RingBuffer<T> {
  #items: T[] = [];
  constructor(readonly capacity: number) {}
  get size(): number { return this.#items.length; }
  push(item: T): boolean {
    this.#items.push(item);
    if (this.#items.length <= this.capacity) return false;
    ${drop}
    return true;
  }
  peek(): T | undefined { return this.#items[0]; }
  shift(): T | undefined { return this.#items.shift(); }
  clear(): void { this.#items = []; }
}`;

/** A linked-list queue: allocates per message but is O(1), so it must keep the R7 points. */
const LINKED_QUEUE = `class RingBuffer<T> {
  #head: { item: T; next: unknown } | undefined;
  #tail: { item: T; next: unknown } | undefined;
  size = 0;
  constructor(readonly capacity: number) {}
  push(item: T): boolean {
    const node = { item, next: undefined };
    if (this.#tail) this.#tail.next = node;
    else this.#head = node;
    this.#tail = node;
    if (++this.size <= this.capacity) return false;
    this.shift();
    return true;
  }
  peek(): T | undefined { return this.#head?.item; }
  shift(): T | undefined {
    const node = this.#head;
    if (!node) return undefined;
    this.#head = node.next as typeof node | undefined;
    if (!this.#head) this.#tail = undefined;
    this.size--;
    return node.item;
  }
  clear(): void { this.#head = this.#tail = undefined; this.size = 0; }
}`;

const RING_IMPORT = "import { RingBuffer } from './ring-buffer.js';";
const TICK_LOOP = '    for (const outbox of this.#pending) outbox.flush(this.#transport);\n';
const BUSY_RETURN = "      if (result === 'busy') return;\n";
const THREW_RETURN = "      if (result === 'threw') return;\n";
const STILL_QUEUED = '      if (this.#buffer.peek() === message) {\n';

/** One replacement in the reference's outbox.ts. */
const outbox = (from: string, to: string): Patch => ({ file: 'outbox.ts', from, to });

/**
 * The classic bugs of the level, one patch set each, and the one criterion each must lose: every
 * other auto and performance criterion must still pass, so a grader that fails for the wrong
 * reason (a reordering bug costing R2, a busy bug costing R6) shows up here.
 */
const mutants: Array<{ name: string; loses: string[]; patches: Patch[]; because?: RegExp }> = [
  {
    name: 'ends the tick at the first member who still has messages queued',
    loses: ['R1'],
    patches: [
      {
        file: 'server.ts',
        from: TICK_LOOP,
        to: '    for (const outbox of this.#pending) {\n      outbox.flush(this.#transport);\n      if (outbox.metrics().queued > 0) return;\n    }\n',
      },
    ],
  },
  {
    name: 'does not advance the clock in tick()',
    loses: ['R1'],
    patches: [{ file: 'server.ts', from: '    this.clock.advance();\n', to: '' }],
  },
  {
    name: 'sends one message per turn instead of draining the buffer',
    loses: ['R1'],
    patches: [outbox(THREW_RETURN, '      return;\n')],
  },
  {
    name: 'accepts any bufferSize',
    loses: ['R2'],
    patches: [
      {
        file: 'server.ts',
        from: '    if (!Number.isInteger(bufferSize) || bufferSize < 1) {',
        to: '    if (bufferSize === Number.NEGATIVE_INFINITY) {',
      },
    ],
  },
  {
    name: 'wipes a buffer grown past 64 slots on a single send',
    loses: ['R2'],
    patches: [
      {
        file: 'ring-buffer.ts',
        from: '    this.#size--;\n',
        to: '    this.#size--;\n    if (this.#slots.length > 64) this.clear();\n',
      },
    ],
  },
  {
    name: 'holds one message more than bufferSize',
    loses: ['R2'],
    patches: [
      {
        file: 'server.ts',
        from: '        bufferSize: this.#bufferSize,\n',
        to: '        bufferSize: this.#bufferSize + 1,\n',
      },
    ],
  },
  {
    name: 'holds 100 messages when no bufferSize is given',
    loses: ['R2'],
    patches: [
      {
        file: 'server.ts',
        from: 'export const DEFAULT_BUFFER_SIZE = 1024;',
        to: 'export const DEFAULT_BUFFER_SIZE = 100;',
      },
    ],
  },
  {
    name: 'drops the newest message instead of the oldest',
    loses: ['R3'],
    patches: [
      {
        file: 'ring-buffer.ts',
        from: '      this.#slots[this.#head] = item;\n      this.#head = this.#head + 1 === this.capacity ? 0 : this.#head + 1;\n',
        to: '',
      },
    ],
  },
  {
    name: 'counts drops per member but not in the total',
    loses: ['R3'],
    patches: [
      outbox('      this.#dropped++;\n      this.#totals.dropped++;\n', '      this.#dropped++;\n'),
    ],
  },
  {
    name: 'counts deliveries per member but not in the total',
    loses: ['R3'],
    patches: [outbox('          this.#totals.delivered++;\n', '')],
  },
  {
    name: 'counts the next message as sent when a broadcast from inside send evicted the one in flight',
    loses: ['R3'],
    patches: [outbox(STILL_QUEUED, '      if (this.#buffer.size > 0) {\n')],
  },
  {
    name: 'drops a message the transport refused (busy)',
    loses: ['R4'],
    patches: [
      outbox(
        BUSY_RETURN,
        "      if (result === 'busy') {\n        this.#buffer.shift();\n        this.#dropped++;\n        this.#totals.dropped++;\n        this.#totals.queued--;\n        return;\n      }\n",
      ),
    ],
  },
  {
    name: 'lets a throwing transport escape tick()',
    loses: ['R4'],
    patches: [
      outbox(
        "      } catch {\n        result = 'threw';\n      }\n",
        '      } catch (error) {\n        throw error;\n      }\n',
      ),
    ],
  },
  {
    name: 'offers a message whose send threw again on the next tick',
    loses: ['R4'],
    patches: [
      outbox(
        "        this.#buffer.shift();\n        this.#totals.queued--;\n        if (result === 'threw') {\n          this.#failed++;\n          this.#totals.failed++;\n        } else {\n",
        "        if (result === 'threw') {\n          this.#failed++;\n          this.#totals.failed++;\n        } else {\n          this.#buffer.shift();\n          this.#totals.queued--;\n",
      ),
    ],
  },
  {
    name: 'puts one try/catch around the whole tick, so a throw ends it for everyone after',
    loses: ['R4'],
    patches: [
      outbox(THREW_RETURN, "      if (result === 'threw') throw new Error('send failed');\n"),
      {
        file: 'server.ts',
        from: TICK_LOOP,
        to: `    try {\n${TICK_LOOP}    } catch {\n      // A broken link must not crash the server.\n    }\n`,
      },
    ],
  },
  {
    name: 'does not count a send that threw as failed',
    loses: ['R4'],
    patches: [outbox('          this.#failed++;\n          this.#totals.failed++;\n', '')],
  },
  {
    name: 'adds to the total queued when a send throws',
    loses: ['R4'],
    patches: [
      outbox(
        "        if (result === 'threw') {\n          this.#failed++;\n",
        "        if (result === 'threw') {\n          this.#totals.queued += 2;\n          this.#failed++;\n",
      ),
    ],
  },
  {
    name: 'serves each buffer newest first, like a stack',
    loses: ['R5'],
    patches: [
      {
        file: 'ring-buffer.ts',
        from: '    return this.#slots[this.#head];',
        to: '    return this.#slots[(this.#head + this.#size - 1) % this.capacity];',
      },
      {
        file: 'ring-buffer.ts',
        from: '    const item = this.#slots[this.#head];\n    this.#slots[this.#head] = undefined; // let the garbage collector have it\n    this.#head = this.#head + 1 === this.capacity ? 0 : this.#head + 1;\n',
        to: '    const last = (this.#head + this.#size - 1) % this.capacity;\n    const item = this.#slots[last];\n    this.#slots[last] = undefined;\n',
      },
    ],
  },
  {
    name: 'keeps delivering to a user after they leave',
    loses: ['R6'],
    patches: [
      {
        file: 'server.ts',
        from: '    if (this.membership.remove(roomId, userId)) this.room(roomId).removeMember(userId);',
        to: '    this.membership.remove(roomId, userId);',
      },
    ],
  },
  {
    name: 'keeps only the newest joiner in the membership store',
    loses: ['R6'],
    patches: [
      {
        file: 'membership.ts',
        from: '    let members = this.#rooms.get(roomId);\n    if (members === undefined) {\n      members = new Set();\n      this.#rooms.set(roomId, members);\n    }\n',
        to: '    const members = new Set<string>();\n    this.#rooms.set(roomId, members);\n',
      },
    ],
  },
  {
    name: "does not count a leaver's queued messages as dropped in the total",
    loses: ['R6'],
    patches: [outbox('    this.#totals.dropped += discarded;\n', '')],
  },
  {
    name: "leaves a leaver's messages in the total queued",
    loses: ['R6'],
    patches: [outbox('    this.#totals.queued -= discarded;\n', '')],
  },
  {
    name: 'counts the send in progress when its member leaves from inside it',
    loses: ['R6'],
    patches: [
      outbox(
        STILL_QUEUED,
        '      if (this.#buffer.peek() === message || this.#buffer.size === 0) {\n',
      ),
    ],
  },
  {
    name: 'drops the oldest with Array.shift',
    loses: ['R7'],
    patches: [outbox(RING_IMPORT, arrayQueue('this.#items.shift();'))],
    because: /must not grow with the buffer size/,
  },
  {
    name: 'drops the oldest by copying the rest of the array',
    loses: ['R7'],
    patches: [outbox(RING_IMPORT, arrayQueue('this.#items = this.#items.slice(1);'))],
  },
  {
    // Two promises at once: R4's "offered again on the next tick" and R5's order.
    name: 'moves a refused message to the back of the queue',
    loses: ['R4', 'R5'],
    patches: [
      outbox(
        BUSY_RETURN,
        "      if (result === 'busy') {\n        this.#buffer.push(this.#buffer.shift() as Message);\n        return;\n      }\n",
      ),
    ],
  },
];

describe('level2 graders', () => {
  it('give the reference every auto and performance point', async () => {
    const report = await gradeImplementation({
      levelId: 'level2',
      implDir: resolve(kitRoot, 'solutions/level2'),
    });
    expect(report.problems).toEqual([]);
    expectLosesExactly(report, []);
  });

  it('fail the starter on every auto and performance criterion', async () => {
    const report = await gradeImplementation({
      levelId: 'level2',
      implDir: resolve(kitRoot, 'levels/level2/src'),
    });
    expect(criterionStatuses(report)).toEqual(Object.fromEntries(AUTO.map((id) => [id, 'failed'])));
  });

  it('keep every point for an O(1) linked-list queue', async () => {
    const report = await gradeMutant('level2', [
      { file: 'outbox.ts', from: RING_IMPORT, to: LINKED_QUEUE },
    ]);
    expectLosesExactly(report, []);
  });

  it('know at least 15 classic bugs that each lose one criterion', () => {
    expect(mutants.filter((m) => m.loses.length === 1).length).toBeGreaterThanOrEqual(15);
  });

  for (const { name, loses, patches, because } of mutants) {
    it(`catch a fanout that ${name}: it loses ${loses.join(' and ')} only`, async () => {
      const report = await expectMutantLosesExactly('level2', patches, loses);
      if (because) {
        const errors = report.criteria
          .filter((c) => loses.includes(c.id))
          .flatMap((c) => c.tests.flatMap((t) => t.errors));
        expect(errors.join('\n')).toMatch(because);
      }
    });
  }
});
