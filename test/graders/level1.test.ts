import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeImplementation } from '../../src/grading/grade.js';
import type { GradeReport } from '../../src/grading/types.js';
import { makeMutant, type Patch, removeMutant } from '../support/mutants.js';

const kitRoot = resolve(import.meta.dirname, '../..');
const AUTO = ['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9'];
const mutantDirs: string[] = [];
/**
 * A mutant's failing tests wait out their bounded waits (5 s each), so its run is slower than the
 * reference's; on a busy machine the engine's default 45 s limit would cut it off mid-run.
 */
const MUTANT_RUN_MS = 90_000;
const MUTANT_TEST_MS = MUTANT_RUN_MS + 30_000;

afterAll(async () => {
  await Promise.all(mutantDirs.map((dir) => removeMutant(dir)));
});

async function gradeMutant(patches: Patch[]): Promise<GradeReport> {
  const dir = await makeMutant('level1', patches);
  mutantDirs.push(dir);
  return gradeImplementation({ levelId: 'level1', implDir: dir, timeoutMs: MUTANT_RUN_MS });
}

/** `R1:passed R2:failed ...` for the auto and performance criteria, to read in a failure. */
function statuses(report: GradeReport): Record<string, string> {
  return Object.fromEntries(
    report.criteria.filter((c) => c.kind !== 'manual').map((c) => [c.id, c.status]),
  );
}

const SEND = '        client.send(data, { binary: isBinary });\n';

/** Correct output, but a JSON snapshot of every client is rebuilt for each recipient. */
const WASTEFUL_SEND = `        const snapshot = JSON.parse(
          JSON.stringify(
            [...this.#clients].map((c) => ({
              state: c.readyState,
              queued: c.bufferedAmount,
              type: c.binaryType,
              protocol: c.protocol,
              extensions: c.extensions,
              text: data.toString(),
            })),
          ),
        ) as unknown[];
        if (snapshot.length > 0) client.send(data, { binary: isBinary });
`;

/** Re-scans the set into an array for every recipient: quadratic, but cheap at 100 clients. */
const RESCAN_SEND = `        if ([...this.#clients].includes(client)) client.send(data, { binary: isBinary });
`;

const without = (id: string): string[] => AUTO.filter((other) => other !== id);

// Each known-wrong server, the criterion it must lose, and the ones it must keep, so a grader that
// fails for the wrong reason shows up here too.
const cases: Array<{ name: string; breaks: string[]; keeps: string[]; patches: Patch[] }> = [
  {
    name: 'echoes each message back to its sender',
    breaks: ['R2'],
    keeps: without('R2'),
    patches: [
      {
        file: 'server.ts',
        from: 'if (client === sender || client.readyState',
        to: 'if (client.readyState',
      },
    ],
  },
  {
    name: "has no 'error' listener on its sockets",
    breaks: ['R6'],
    keeps: without('R6'),
    patches: [{ file: 'server.ts', from: "    socket.on('error', () => {});\n", to: '' }],
  },
  {
    name: 'never removes a client that closed',
    breaks: ['R4'],
    keeps: without('R4'),
    patches: [
      {
        file: 'server.ts',
        from: "    socket.on('close', () => this.#clients.delete(socket));\n",
        to: '',
      },
    ],
  },
  {
    name: 'lets one throwing send abort the broadcast loop',
    breaks: ['R5'],
    keeps: without('R5'),
    patches: [
      { file: 'server.ts', from: '      try {\n', to: '' },
      {
        file: 'server.ts',
        from: '      } catch {\n        // One broken peer must not cost the others their copy; drop it and carry on.\n        client.terminate();\n      }\n',
        to: '',
      },
    ],
  },
  {
    name: 'turns binary messages into text',
    breaks: ['R3'],
    keeps: without('R3'),
    patches: [
      { file: 'server.ts', from: SEND, to: SEND.replace('binary: isBinary', 'binary: false') },
    ],
  },
  {
    name: 'leaves its heartbeat interval running after stop()',
    breaks: ['R8'],
    keeps: without('R8'),
    patches: [{ file: 'server.ts', from: '    clearInterval(this.#heartbeat);\n', to: '' }],
  },
  {
    name: 'rebuilds a JSON snapshot of every client for each recipient',
    breaks: ['R9'],
    keeps: without('R9'),
    patches: [{ file: 'server.ts', from: SEND, to: WASTEFUL_SEND }],
  },
];

describe('level1 graders', () => {
  it('give the reference every auto and performance point', async () => {
    const report = await gradeImplementation({
      levelId: 'level1',
      implDir: resolve(kitRoot, 'solutions/level1'),
    });
    expect(report.problems).toEqual([]);
    expect(statuses(report)).toEqual(Object.fromEntries(AUTO.map((id) => [id, 'passed'])));
  });

  it('fail the starter on every auto and performance criterion', async () => {
    const report = await gradeImplementation({
      levelId: 'level1',
      implDir: resolve(kitRoot, 'levels/level1/src'),
    });
    expect(statuses(report)).toEqual(Object.fromEntries(AUTO.map((id) => [id, 'failed'])));
  });

  it(
    'keep the R9 points for a server that copies the client list per recipient',
    async () => {
      // The performance factor is generous: mild waste at 100 clients must not cost points.
      const report = await gradeMutant([{ file: 'server.ts', from: SEND, to: RESCAN_SEND }]);
      expect(statuses(report)).toEqual(Object.fromEntries(AUTO.map((id) => [id, 'passed'])));
    },
    MUTANT_TEST_MS,
  );

  for (const { name, breaks, keeps, patches } of cases) {
    it(
      `catch a server that ${name}`,
      async () => {
        const report = await gradeMutant(patches);
        const status = statuses(report);
        for (const id of breaks) {
          expect(status[id], `${id} in ${JSON.stringify(status)}`).not.toBe('passed');
        }
        for (const id of keeps) {
          expect(status[id], `${id} in ${JSON.stringify(status)}`).toBe('passed');
        }
      },
      MUTANT_TEST_MS,
    );
  }
});
