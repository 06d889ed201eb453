import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeImplementation } from '../../src/grading/grade.js';
import type { GradeReport } from '../../src/grading/types.js';
import { makeMutant, type Patch, removeMutant } from '../support/mutants.js';

const kitRoot = resolve(import.meta.dirname, '../..');
const SERVER = 'distributed-server.ts';
const mutants: string[] = [];

afterAll(async () => {
  await Promise.all(mutants.map((dir) => removeMutant(dir)));
});

async function gradeMutant(patches: Patch[]): Promise<GradeReport> {
  const dir = await makeMutant('level3', patches);
  mutants.push(dir);
  return gradeImplementation({ levelId: 'level3', implDir: dir });
}

function statusOf(report: GradeReport, id: string): string | undefined {
  return report.criteria.find((c) => c.id === id)?.status;
}

/** The auto criteria that actually ran (R12 is skipped without REDIS_URL). */
function scoredAuto(report: GradeReport) {
  return report.criteria.filter((c) => c.kind !== 'manual' && c.status !== 'skipped');
}

// Each known-wrong implementation, the criterion it must lose, and ones it must keep.
const cases: Array<{ name: string; breaks: string; keeps: string[]; patches: Patch[] }> = [
  {
    name: 'republishes what it receives',
    breaks: 'R3',
    keeps: ['R1', 'R5', 'R7'],
    patches: [
      {
        file: SERVER,
        from: '    this.deliverLocally(envelope.payload);\n',
        to: '    this.deliverLocally(envelope.payload);\n    void this.pubsub.publish(channel, message);\n',
      },
    ],
  },
  {
    name: 'does not filter its own publish by origin',
    breaks: 'R4',
    keeps: ['R1', 'R3', 'R5', 'R8', 'R10'],
    patches: [
      { file: SERVER, from: '    if (envelope.origin === this.serverId) return;\n', to: '' },
    ],
  },
  {
    name: 'unsubscribes when the first member leaves',
    breaks: 'R5',
    keeps: ['R1', 'R2', 'R3', 'R4', 'R8', 'R10', 'R11'],
    patches: [
      {
        file: SERVER,
        from: '    if (!this.removeMember(userId, room)) return;\n    await this.syncSubscription(room);',
        to:
          '    if (!this.removeMember(userId, room)) return;\n' +
          '    if (this.subscribed.delete(room)) {\n' +
          '      await this.pubsub.unsubscribe(roomChannel(room), this.listener);\n' +
          '    }',
      },
    ],
  },
  {
    name: 'subscribes on every join',
    breaks: 'R5',
    keeps: ['R1', 'R2', 'R3', 'R4', 'R11'],
    patches: [
      {
        file: SERVER,
        from: '      await this.syncSubscription(room);\n    } catch',
        to:
          '      await this.pubsub.subscribe(roomChannel(room), this.listener);\n' +
          '      this.subscribed.add(room);\n    } catch',
      },
    ],
  },
  {
    name: 'resolves joinRoom before the subscribe is acknowledged',
    breaks: 'R8',
    keeps: ['R1', 'R3', 'R4', 'R5', 'R6', 'R7'],
    patches: [
      {
        file: SERVER,
        from: '      await this.syncSubscription(room);\n    } catch',
        to: '      void this.syncSubscription(room).catch(() => {});\n    } catch',
      },
    ],
  },
  {
    name: 'keeps the member after a failed subscribe',
    breaks: 'R10',
    keeps: ['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9', 'R11'],
    patches: [
      { file: SERVER, from: '      if (added) this.removeMember(userId, room);\n', to: '' },
    ],
  },
  {
    name: 'lets a late unsubscribe undo a rejoin (no per-room ordering)',
    breaks: 'R9',
    keeps: ['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R10', 'R11'],
    patches: [
      {
        file: SERVER,
        from: '    const step = (this.chains.get(room) ?? Promise.resolve()).then(async () => {',
        to: '    const step = Promise.resolve().then(async () => {',
      },
    ],
  },
  {
    name: 'delivers synchronously inside publish()',
    breaks: 'R1',
    keeps: ['R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9', 'R10', 'R11'],
    patches: [
      {
        file: 'mock-redis-pubsub.ts',
        from: '    setImmediate(() => {\n      for (const handler of receivers) handler(channel, message);\n    });',
        to: '    for (const handler of receivers) handler(channel, message);',
      },
    ],
  },
];

describe('level3 graders', () => {
  it('give the reference solution every auto point', async () => {
    const report = await gradeImplementation({
      levelId: 'level3',
      implDir: resolve(kitRoot, 'solutions/level3'),
    });
    expect(report.problems).toEqual([]);
    for (const criterion of scoredAuto(report)) {
      expect(criterion.status, `${criterion.id} ${criterion.title}`).toBe('passed');
      expect(criterion.earned).toBe(criterion.points);
    }
    const skipped = report.criteria.filter((c) => c.status === 'skipped').map((c) => c.id);
    expect(skipped).toEqual(process.env.REDIS_URL ? [] : ['R12']);
  });

  it('fail the starter on every auto criterion', async () => {
    const report = await gradeImplementation({
      levelId: 'level3',
      implDir: resolve(kitRoot, 'levels/level3/src'),
    });
    for (const criterion of scoredAuto(report)) {
      expect(criterion.status, `${criterion.id} ${criterion.title}`).toBe('failed');
      expect(criterion.earned).toBe(0);
    }
  });

  for (const { name, breaks, keeps, patches } of cases) {
    it(`catch a server that ${name} (${breaks})`, async () => {
      const report = await gradeMutant(patches);
      expect(statusOf(report, breaks), `${breaks} should not pass`).not.toBe('passed');
      for (const id of keeps)
        expect(statusOf(report, id), `${id} should still pass`).toBe('passed');
    });
  }
});
