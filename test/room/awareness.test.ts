import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import {
  isHexColor,
  ROLE_COLORS,
  safeAwarenessUser,
} from '../../src/room/protocol/awareness-user.js';
import { startTestServer, type TestClient } from './helpers.js';

let ctx: Awaited<ReturnType<typeof startTestServer>>;
afterEach(async () => ctx?.stop());

/** Sets a client's awareness state and sends it as the page does. */
function sendAwareness(client: TestClient, state: unknown): void {
  client.awareness.setLocalState(state as Record<string, unknown>);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(
    encoder,
    awarenessProtocol.encodeAwarenessUpdate(client.awareness, [client.doc.clientID]),
  );
  client.ws.send(encoding.toUint8Array(encoder));
}

/** What `to` holds as the awareness state of `from`, once it arrived. */
function stateSeen(to: TestClient, from: TestClient) {
  return to.until(
    () => to.awareness.getStates().get(from.doc.clientID) as Record<string, unknown> | undefined,
    'an awareness state',
  );
}

describe('awareness (remote cursors)', () => {
  it('forwards a well-formed user as sent', async () => {
    ctx = await startTestServer();
    const interviewer = await ctx.connect('interviewer', 'Grace');
    const candidate = await ctx.connect('candidate', 'Ada');
    const user = { name: 'Ada', color: '#0a6ebd', colorLight: '#0a6ebd33' };
    sendAwareness(candidate, { user, file: 'server.ts' });
    expect(await stateSeen(interviewer, candidate)).toEqual({ user, file: 'server.ts' });
  });

  it('never forwards a colour that is not strict #rrggbb, nor a name the server did not give', async () => {
    ctx = await startTestServer();
    const interviewer = await ctx.connect('interviewer', 'Grace');
    const candidate = await ctx.connect('candidate', 'Ada');
    sendAwareness(candidate, {
      user: {
        name: `Grace the interviewer ${'x'.repeat(100)}`,
        color: 'red; background-image: url(https://evil.example/)',
        colorLight: '#fff" onmouseover="alert(1)',
      },
    });
    const seen = await stateSeen(interviewer, candidate);
    expect(seen.user).toEqual({
      name: 'Ada',
      color: ROLE_COLORS.candidate,
      colorLight: `${ROLE_COLORS.candidate}33`,
    });
  });

  it('gives a state that is not an object a safe user', async () => {
    ctx = await startTestServer();
    const interviewer = await ctx.connect('interviewer', 'Grace');
    const candidate = await ctx.connect('candidate', 'Ada');
    sendAwareness(candidate, ['not', 'an', 'object']);
    expect((await stateSeen(interviewer, candidate)).user).toMatchObject({ name: 'Ada' });
  });
});

describe('safeAwarenessUser', () => {
  const fallback = { name: 'Anonymous', color: '#5b6470' };

  it('accepts #rrggbb only', () => {
    expect(isHexColor('#A0b1C2')).toBe(true);
    for (const bad of ['#abc', 'red', '#aabbcc;x', 'rgb(0,0,0)', '#aabbccdd', 7, null]) {
      expect(isHexColor(bad)).toBe(false);
    }
  });

  it('removes control characters from the name and cuts it', () => {
    const user = safeAwarenessUser(
      { name: ' A\u0000da\n'.padEnd(80, 'z'), color: '#123456' },
      fallback,
      10,
    );
    expect(user).toEqual({ name: 'Adazzzzzzz', color: '#123456', colorLight: '#12345633' });
  });

  it('falls back for a missing or empty user', () => {
    expect(safeAwarenessUser(undefined, fallback, 40)).toEqual({
      name: 'Anonymous',
      color: '#5b6470',
      colorLight: '#5b647033',
    });
    expect(safeAwarenessUser({ name: '  ', color: '' }, fallback, 40).name).toBe('Anonymous');
  });
});
