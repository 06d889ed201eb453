import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeImplementation } from '../../src/grading/grade.js';
import type { GradeReport } from '../../src/grading/types.js';
import { makeMutant, type Patch, removeMutant } from '../support/mutants.js';

const kitRoot = resolve(import.meta.dirname, '../..');
const AUTO = ['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7'];
const mutantDirs: string[] = [];

afterAll(async () => {
  await Promise.all(mutantDirs.map((dir) => removeMutant(dir)));
});

async function gradeMutant(patches: Patch[]): Promise<GradeReport> {
  const dir = await makeMutant('level2', patches);
  mutantDirs.push(dir);
  return gradeImplementation({ levelId: 'level2', implDir: dir });
}

/** `R1:passed R2:failed ...` for the auto and performance criteria, to read in a failure. */
function statuses(report: GradeReport): Record<string, string> {
  return Object.fromEntries(
    report.criteria.filter((c) => c.kind !== 'manual').map((c) => [c.id, c.status]),
  );
}

/** An Array.shift queue with the RingBuffer's interface: correct, but O(n) per drop when large. */
const SHIFT_QUEUE = `class RingBuffer<T> {
  #items: T[] = [];
  constructor(readonly capacity: number) {}
  get size(): number { return this.#items.length; }
  push(item: T): boolean {
    this.#items.push(item);
    if (this.#items.length <= this.capacity) return false;
    this.#items.shift();
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

// Each known-wrong implementation, the criteria it must lose, and the ones it must keep, so a
// grader that fails for the wrong reason shows up here too.
const cases: Array<{
  name: string;
  breaks: string[];
  keeps: string[];
  patches: Patch[];
  /** What the failures of the broken criteria must say, when it matters. */
  because?: RegExp;
}> = [
  {
    name: 'drops the newest message instead of the oldest',
    breaks: ['R2', 'R3', 'R5'],
    keeps: ['R1', 'R4', 'R6', 'R7'],
    patches: [
      {
        file: 'ring-buffer.ts',
        from: '        slots[this.#head] = item;\n        this.#head = this.#head + 1 === slots.length ? 0 : this.#head + 1;\n',
        to: '',
      },
    ],
  },
  {
    name: 'queues with Array.shift',
    breaks: ['R7'],
    keeps: ['R1', 'R2', 'R3', 'R4', 'R5', 'R6'],
    patches: [{ file: 'outbox.ts', from: RING_IMPORT, to: SHIFT_QUEUE }],
    because: /against the reference's [0-9.]+ ms/,
  },
  {
    name: 'treats a busy answer as sent and loses the message',
    breaks: ['R1', 'R2', 'R3', 'R4', 'R5', 'R6'],
    keeps: ['R7'],
    patches: [
      {
        file: 'outbox.ts',
        from: "      if (result === 'busy') return;\n",
        to: "      if (result === 'busy') {\n        this.#buffer.shift();\n        this.#totals.queued--;\n        return;\n      }\n",
      },
    ],
  },
  {
    name: 'moves a refused message to the back of the queue',
    breaks: ['R4', 'R5'],
    keeps: ['R7'],
    patches: [
      {
        file: 'outbox.ts',
        from: "      if (result === 'busy') return;\n",
        to: "      if (result === 'busy') {\n        this.#buffer.push(this.#buffer.shift() as Message);\n        return;\n      }\n",
      },
    ],
  },
  {
    name: 'lets a throwing transport escape tick()',
    breaks: ['R4'],
    keeps: ['R1', 'R2', 'R3', 'R5', 'R6', 'R7'],
    patches: [
      {
        file: 'outbox.ts',
        from: '      } catch {\n        this.#buffer.shift();\n',
        to: '      } catch (error) {\n        throw error;\n',
      },
    ],
  },
  {
    name: 'stops the tick at the first user who still has messages queued',
    breaks: ['R1'],
    keeps: ['R4', 'R6', 'R7'],
    patches: [
      {
        file: 'server.ts',
        from: '      if (outbox.queued === 0) this.#pending.delete(outbox);\n',
        to: '      if (outbox.queued > 0) return;\n      this.#pending.delete(outbox);\n',
      },
    ],
  },
  {
    name: 'sends inline from broadcast()',
    breaks: ['R1'],
    keeps: [],
    patches: [
      {
        file: 'server.ts',
        from: '    this.room(roomId).broadcast(message);\n',
        to: '    this.room(roomId).broadcast(message);\n    this.tick();\n',
      },
    ],
  },
  {
    name: 'keeps delivering to a user after they leave',
    breaks: ['R6'],
    keeps: ['R1', 'R2', 'R3', 'R4', 'R5', 'R7'],
    patches: [
      {
        file: 'server.ts',
        from: '    if (this.membership.remove(roomId, userId)) this.#rooms.get(roomId)?.removeMember(userId);',
        to: '    this.membership.remove(roomId, userId);',
      },
    ],
  },
  {
    name: 'counts drops per user but not in the total',
    breaks: ['R3'],
    keeps: ['R1', 'R2', 'R4', 'R5', 'R6', 'R7'],
    patches: [
      {
        file: 'outbox.ts',
        from: '      this.#dropped++;\n      this.#totals.dropped++;\n',
        to: '      this.#dropped++;\n',
      },
    ],
  },
  {
    name: 'accepts any bufferSize',
    breaks: ['R2'],
    keeps: ['R1', 'R3', 'R4', 'R5', 'R6', 'R7'],
    patches: [
      {
        file: 'server.ts',
        from: '    if (!Number.isInteger(bufferSize) || bufferSize < 1) {',
        to: '    if (bufferSize === Number.NEGATIVE_INFINITY) {',
      },
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
    expect(statuses(report)).toEqual(Object.fromEntries(AUTO.map((id) => [id, 'passed'])));
  });

  it('fail the starter on every auto and performance criterion', async () => {
    const report = await gradeImplementation({
      levelId: 'level2',
      implDir: resolve(kitRoot, 'levels/level2/src'),
    });
    expect(statuses(report)).toEqual(Object.fromEntries(AUTO.map((id) => [id, 'failed'])));
  });

  it('keep the R7 points for an O(1) linked-list queue', async () => {
    const report = await gradeMutant([{ file: 'outbox.ts', from: RING_IMPORT, to: LINKED_QUEUE }]);
    expect(statuses(report)).toEqual(Object.fromEntries(AUTO.map((id) => [id, 'passed'])));
  });

  for (const { name, breaks, keeps, patches, because } of cases) {
    it(`catch a fanout that ${name}`, async () => {
      const report = await gradeMutant(patches);
      const status = statuses(report);
      for (const id of breaks)
        expect(status[id], `${id} in ${JSON.stringify(status)}`).not.toBe('passed');
      for (const id of keeps)
        expect(status[id], `${id} in ${JSON.stringify(status)}`).toBe('passed');
      if (because) {
        const errors = report.criteria
          .filter((c) => breaks.includes(c.id))
          .flatMap((c) => c.tests.flatMap((t) => t.errors));
        expect(errors.join('\n')).toMatch(because);
      }
    });
  }
});
