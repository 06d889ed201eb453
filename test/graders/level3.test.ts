import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeImplementation } from '../../src/grading/grade.js';
import type { GradeReport } from '../../src/grading/types.js';
import { makeMutant, type Patch, removeMutant } from '../support/mutants.js';

const kitRoot = resolve(import.meta.dirname, '../..');
const SERVER = 'distributed-server.ts';
const MOCK = 'mock-redis-pubsub.ts';
const withRedis = Boolean(process.env.REDIS_URL);
const mutants: string[] = [];

afterAll(async () => {
  await Promise.all(mutants.map((dir) => removeMutant(dir)));
});

async function gradeMutant(patches: Patch[]): Promise<GradeReport> {
  const dir = await makeMutant('level3', patches);
  mutants.push(dir);
  return gradeImplementation({ levelId: 'level3', implDir: dir });
}

/** The auto criteria that actually ran (R12 is skipped without REDIS_URL). */
function scoredAuto(report: GradeReport) {
  return report.criteria.filter((c) => c.kind !== 'manual' && c.status !== 'skipped');
}

/** Asserts that a report loses exactly `lost` among the criteria that ran, naming the failures. */
function expectLosesExactly(report: GradeReport, lost: string[]): void {
  const verdicts = Object.fromEntries(
    scoredAuto(report).map((c) => [c.id, c.status === 'passed' ? 'kept' : 'lost']),
  );
  const wanted = Object.fromEntries(
    Object.keys(verdicts).map((id) => [id, lost.includes(id) ? 'lost' : 'kept']),
  );
  const failures = scoredAuto(report)
    .flatMap((c) => c.tests)
    .filter((t) => t.state !== 'passed')
    .map((t) => `${t.name}: ${t.errors.join(' | ').slice(0, 300)}`);
  const problems = report.problems.map((p) => `${p.kind}: ${p.message.slice(0, 300)}`);
  expect(verdicts, [...failures, ...problems].join('\n')).toEqual(wanted);
}

/** A replacement of one method or block of the reference, written out in full. */
function swap(file: string, from: string, to: string): Patch {
  return { file, from, to };
}

// Classic bugs, each written as a change to the reference, and the one criterion it must lose.
// Every other criterion that runs must still pass: a test judges its own criterion only.
const cases: Array<{ name: string; loses: string; redisOnly?: boolean; patches: Patch[] }> = [
  {
    name: 'a mock that delivers synchronously inside publish()',
    loses: 'R1',
    patches: [
      swap(
        MOCK,
        '    setImmediate(() => {\n      for (const handler of receivers) handler(channel, message);\n    });',
        '    for (const handler of receivers) handler(channel, message);',
      ),
    ],
  },
  {
    name: 'a mock that calls a handler subscribed twice twice',
    loses: 'R1',
    patches: [
      swap(
        MOCK,
        'private readonly channels = new Map<string, Set<MessageHandler>>();',
        'private readonly channels = new Map<string, MessageHandler[]>();',
      ),
      swap(MOCK, 'handlers = new Set();', 'handlers = [];'),
      swap(MOCK, 'handlers.add(handler);', 'handlers.push(handler);'),
      swap(
        MOCK,
        'this.channels.get(channel)?.delete(handler);',
        'const handlers = this.channels.get(channel) ?? [];\n' +
          '    handlers.splice(handlers.indexOf(handler) >>> 0, 1);',
      ),
    ],
  },
  {
    name: 'a mock that picks the receivers when it delivers, not when publish() is called',
    loses: 'R1',
    patches: [
      swap(
        MOCK,
        '      for (const handler of receivers) handler(channel, message);',
        '      for (const handler of [...(this.channels.get(channel) ?? [])]) handler(channel, message);',
      ),
    ],
  },
  {
    name: 'a mock whose unsubscribe removes every handler of the channel',
    loses: 'R1',
    patches: [
      swap(
        MOCK,
        '    this.channels.get(channel)?.delete(handler);\n',
        '    this.channels.delete(channel);\n',
      ),
    ],
  },
  {
    name: 'a mock that delivers what was published in one turn newest first',
    loses: 'R1',
    patches: [
      swap(
        MOCK,
        '    setImmediate(() => {\n      for (const handler of receivers) handler(channel, message);\n    });',
        '    const deliver = () => {\n      for (const handler of receivers) handler(channel, message);\n    };\n' +
          '    this.pending.unshift(deliver);\n' +
          '    if (this.pending.length === 1) {\n' +
          '      setImmediate(() => {\n        const batch = this.pending;\n        this.pending = [];\n' +
          '        for (const run of batch) run();\n      });\n    }',
      ),
      swap(
        MOCK,
        'export class MockRedisPubSub implements PubSub {\n',
        'export class MockRedisPubSub implements PubSub {\n  private pending: Array<() => void> = [];\n',
      ),
    ],
  },
  {
    name: 'a server that echoes a message back to its sender',
    loses: 'R2',
    patches: [
      swap(
        SERVER,
        '      if (userId !== message.from) client.send(message);',
        '      client.send(message);',
      ),
    ],
  },
  {
    name: 'a server that forgets the other local members of the sender',
    loses: 'R2',
    patches: [swap(SERVER, '    this.deliverLocally(payload);\n', '')],
  },
  {
    name: 'a server that republishes what it receives',
    loses: 'R3',
    patches: [
      swap(
        SERVER,
        '    this.deliverLocally(envelope.payload);\n',
        '    this.deliverLocally(envelope.payload);\n    void this.pubsub.publish(_channel, message);\n',
      ),
    ],
  },
  {
    name: 'a server that does not drop its own publish by origin',
    loses: 'R4',
    patches: [swap(SERVER, '    if (envelope.origin === this.serverId) return;\n', '')],
  },
  {
    name: 'a server that unsubscribes when the first member leaves',
    loses: 'R5',
    patches: [
      swap(
        SERVER,
        '    this.removeMember(userId, room);\n',
        '    if (!this.rooms.get(room)?.has(userId)) return;\n' +
          '    this.removeMember(userId, room);\n',
      ),
      swap(
        SERVER,
        '\n    await this.syncSubscription(room);\n',
        '\n    await this.syncSubscription(room, true);\n',
      ),
      swap(
        SERVER,
        '  private syncSubscription(room: string): Promise<void> {',
        '  private syncSubscription(room: string, leaving = false): Promise<void> {',
      ),
      swap(
        SERVER,
        'const wanted = this.rooms.has(room);',
        'const wanted = !leaving && this.rooms.has(room);',
      ),
    ],
  },
  {
    name: 'a server that subscribes again for every member who joins',
    loses: 'R5',
    patches: [
      swap(
        SERVER,
        '      const wanted = this.rooms.has(room);\n      if (wanted && !this.subscribed.has(room)) {',
        '      const wanted = this.rooms.has(room);\n      if (wanted) {',
      ),
    ],
  },
  {
    name: 'a server that subscribes once per member, each with a handler of its own',
    loses: 'R5',
    patches: [
      swap(
        SERVER,
        '      const wanted = this.rooms.has(room);\n' +
          '      if (wanted && !this.subscribed.has(room)) {\n' +
          '        await this.pubsub.subscribe(roomChannel(room), this.listener);\n' +
          '        this.subscribed.add(room);\n' +
          '      } else if (!wanted && this.subscribed.has(room)) {\n' +
          '        await this.pubsub.unsubscribe(roomChannel(room), this.listener);\n' +
          '        this.subscribed.delete(room);\n' +
          '      }',
        '      const prefix = room + "\\n";\n' +
          '      const users = new Set(this.rooms.get(room)?.keys() ?? []);\n' +
          '      for (const key of this.subscribed) {\n' +
          '        if (key.startsWith(prefix)) users.add(key.slice(prefix.length));\n' +
          '      }\n' +
          '      for (const userId of users) {\n' +
          '        const key = prefix + userId;\n' +
          '        const wanted = this.rooms.get(room)?.has(userId) ?? false;\n' +
          '        if (wanted && !this.subscribed.has(key)) {\n' +
          '          await this.pubsub.subscribe(roomChannel(room), this.handlerOf(userId));\n' +
          '          this.subscribed.add(key);\n' +
          '        } else if (!wanted && this.subscribed.has(key)) {\n' +
          '          await this.pubsub.unsubscribe(roomChannel(room), this.handlerOf(userId));\n' +
          '          this.subscribed.delete(key);\n' +
          '        }\n' +
          '      }',
      ),
      swap(
        SERVER,
        '  private deliverLocally(message: ChatMessage): void {',
        '  private readonly handlers = new Map<string, MessageHandler>();\n' +
          '  private handlerOf(userId: string): MessageHandler {\n' +
          '    let handler = this.handlers.get(userId);\n' +
          '    if (!handler) {\n' +
          '      handler = (_channel, message) => {\n' +
          '        const envelope = JSON.parse(message) as Envelope;\n' +
          '        if (envelope.origin === this.serverId || envelope.payload.from === userId) return;\n' +
          '        this.clients.get(userId)?.send(envelope.payload);\n' +
          '      };\n' +
          '      this.handlers.set(userId, handler);\n' +
          '    }\n' +
          '    return handler;\n' +
          '  }\n\n' +
          '  private deliverLocally(message: ChatMessage): void {',
      ),
    ],
  },
  {
    name: 'a server that forgets a disconnected client but leaves none of its rooms',
    loses: 'R6',
    patches: [
      swap(
        SERVER,
        '    await Promise.all(rooms.map(([room]) => this.leaveRoom(userId, room)));\n',
        '',
      ),
    ],
  },
  {
    name: 'a server whose disconnect leaves only the first room',
    loses: 'R6',
    patches: [
      swap(SERVER, 'await Promise.all(rooms.map(', 'await Promise.all(rooms.slice(0, 1).map('),
    ],
  },
  {
    name: 'a server that unsubscribes a room when a non-member leaves it',
    loses: 'R7',
    patches: [
      swap(
        SERVER,
        '    this.removeMember(userId, room);\n',
        '    const wasMember = this.rooms.get(room)?.has(userId);\n' +
          '    this.removeMember(userId, room);\n' +
          '    if (!wasMember) {\n' +
          '      await this.pubsub.unsubscribe(roomChannel(room), this.listener);\n' +
          '      this.subscribed.delete(room);\n' +
          '      return;\n' +
          '    }\n',
      ),
    ],
  },
  {
    name: 'a server that subscribes a second handler when a member joins again',
    loses: 'R7',
    patches: [
      swap(
        SERVER,
        '    const join: Membership',
        '    if (this.rooms.get(room)?.has(userId)) {\n' +
          '      await this.pubsub.subscribe(roomChannel(room), (c, m) => this.onPubSubMessage(c, m));\n' +
          '      return;\n' +
          '    }\n' +
          '    const join: Membership',
      ),
    ],
  },
  {
    name: 'a server that subscribes in the background, rolling the join back if refused',
    loses: 'R8',
    patches: [
      swap(
        SERVER,
        '      await this.syncSubscription(room);\n    } catch',
        '      void this.syncSubscription(room).catch(() => this.removeMember(userId, room));\n' +
          '    } catch',
      ),
    ],
  },
  {
    name: 'a server where a second member joins without waiting for the pending subscribe',
    loses: 'R8',
    patches: [
      swap(
        SERVER,
        '    this.rooms.set(room, members);\n',
        '    this.rooms.set(room, members);\n    if (members.size > 1) return;\n',
      ),
    ],
  },
  {
    name: 'a server whose repeated join of a member resolves at once',
    loses: 'R8',
    patches: [
      swap(
        SERVER,
        '    const join: Membership',
        '    if (this.rooms.get(room)?.has(userId)) return;\n    const join: Membership',
      ),
    ],
  },
  {
    name: 'a server that does not order the subscription changes of a room',
    loses: 'R9',
    patches: [
      swap(
        SERVER,
        '    const step = (this.chains.get(room) ?? Promise.resolve()).then(async () => {',
        '    const step = Promise.resolve().then(async () => {',
      ),
    ],
  },
  {
    name: 'a server that decides each change when it is asked, then waits for the call in flight',
    loses: 'R9',
    patches: [
      swap(
        SERVER,
        '  private syncSubscription(room: string): Promise<void> {',
        '  private async syncSubscription(room: string): Promise<void> {\n' +
          '    const wanted = this.rooms.has(room);\n' +
          '    const inFlight = this.chains.get(room);\n' +
          '    if (inFlight) await inFlight.catch(() => {});\n' +
          '    let call: Promise<void> | undefined;\n' +
          '    if (wanted && !this.subscribed.has(room)) {\n' +
          '      call = this.pubsub.subscribe(roomChannel(room), this.listener).then(() => {\n' +
          '        this.subscribed.add(room);\n' +
          '      });\n' +
          '    } else if (!wanted && this.subscribed.has(room)) {\n' +
          '      call = this.pubsub.unsubscribe(roomChannel(room), this.listener).then(() => {\n' +
          '        this.subscribed.delete(room);\n' +
          '      });\n' +
          '    }\n' +
          '    if (!call) return;\n' +
          '    this.chains.set(room, call);\n' +
          '    await call;\n' +
          '  }\n\n' +
          '  private syncSubscriptionInOrder(room: string): Promise<void> {',
      ),
    ],
  },
  {
    name: 'a server that keeps the member after a failed subscribe',
    loses: 'R10',
    patches: [
      swap(
        SERVER,
        '      if (members.get(userId) === join) this.removeMember(userId, room);\n',
        '',
      ),
    ],
  },
  {
    name: 'a server whose second join of a user resolves after the first one failed, user gone',
    loses: 'R8',
    patches: [
      swap(
        SERVER,
        '      if (members.get(userId) === join) this.removeMember(userId, room);',
        '      if (!alreadyMember) this.removeMember(userId, room);',
      ),
      swap(
        SERVER,
        '    const join: Membership',
        '    const alreadyMember = this.rooms.get(room)?.has(userId) ?? false;\n    const join: Membership',
      ),
    ],
  },
  {
    name: 'a server that lets concurrent sends overtake each other',
    loses: 'R11',
    patches: [
      swap(
        SERVER,
        '    const payload: ChatMessage = { room, from: userId, text };\n',
        '    this.sends = (this.sends ?? 0) + 1;\n' +
          '    if (this.sends % 2 === 0) await new Promise((done) => setImmediate(done));\n' +
          '    const payload: ChatMessage = { room, from: userId, text };\n',
      ),
      swap(
        SERVER,
        '  private readonly clients = new Map<string, LocalClient>();\n',
        '  private readonly clients = new Map<string, LocalClient>();\n  private sends?: number;\n',
      ),
    ],
  },
  {
    name: 'a server that delivers a room message to every local client',
    loses: 'R11',
    patches: [
      swap(
        SERVER,
        'for (const [userId, { client }] of this.rooms.get(message.room) ?? NOBODY) {',
        'for (const [userId, client] of this.clients) {',
      ),
    ],
  },
  {
    name: 'a server that publishes the envelope as an object, which only Redis refuses',
    loses: 'R12',
    redisOnly: true,
    patches: [
      swap(SERVER, 'JSON.stringify(envelope));', 'envelope as unknown as string);'),
      swap(
        SERVER,
        'const envelope = JSON.parse(message) as Envelope;',
        'const envelope = (typeof message === "string" ? JSON.parse(message) : message) as Envelope;',
      ),
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
    expect(skipped).toEqual(withRedis ? [] : ['R12']);
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

  it('cover every auto criterion with at least one mutant, and 15 or more mutants in all', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
    const covered = new Set(cases.map((c) => c.loses));
    for (const id of ['R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'R8', 'R9', 'R10', 'R11', 'R12']) {
      expect(covered.has(id), `${id} has no mutant`).toBe(true);
    }
  });

  for (const { name, loses, redisOnly, patches } of cases) {
    it.skipIf(redisOnly === true && !withRedis)(`lose exactly ${loses} for ${name}`, async () => {
      expectLosesExactly(await gradeMutant(patches), [loses]);
    });
  }
});
