import { parsePeopleMessage } from './parse-people-message.js';
import {
  CLIENT_MESSAGE_TYPES,
  type ClientMessage,
  type ErrorMessage,
  type Limits,
} from './protocol.js';

type Parsed = { ok: true; message: ClientMessage } | { ok: false; error: ErrorMessage };

const fail = (code: ErrorMessage['code'], message: string, ref?: string): Parsed => ({
  ok: false,
  error:
    ref === undefined ? { type: 'error', code, message } : { type: 'error', code, message, ref },
});

/** Parses and checks one JSON text frame from a client; never throws. */
export function parseClientMessage(text: string, limits: Limits): Parsed {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail('bad-json', 'The message is not valid JSON.');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail('bad-message', 'A message must be a JSON object with a "type".');
  }
  const m = raw as Record<string, unknown>;
  const ref = typeof m.ref === 'string' ? m.ref.slice(0, 64) : undefined;
  if (typeof m.type !== 'string')
    return fail('bad-message', 'A message needs a string "type".', ref);
  if (!(CLIENT_MESSAGE_TYPES as readonly string[]).includes(m.type)) {
    return fail('unknown-type', `Unknown message type "${m.type.slice(0, 40)}".`, ref);
  }
  switch (m.type) {
    case 'chat':
    case 'note': {
      if (typeof m.text !== 'string')
        return fail('bad-message', `"${m.type}" needs a string "text".`, ref);
      const text = m.text.trim();
      const max = m.type === 'chat' ? limits.maxChatChars : limits.maxNoteChars;
      if (text === '') return fail('bad-message', `An empty ${m.type} is not sent.`, ref);
      if (text.length > max) {
        return fail(
          'too-large',
          `A ${m.type} holds at most ${max} characters; this one has ${text.length}.`,
          ref,
        );
      }
      return {
        ok: true,
        message: ref === undefined ? { type: m.type, text } : { type: m.type, text, ref },
      };
    }
    case 'typing':
      if (typeof m.typing !== 'boolean')
        return fail('bad-message', '"typing" needs a boolean "typing".');
      return { ok: true, message: { type: 'typing', typing: m.typing } };
    case 'role.set':
      if ((m.role !== 'interviewer' && m.role !== 'candidate') || typeof m.canEdit !== 'boolean') {
        return fail(
          'bad-message',
          '"role.set" needs "role" (interviewer or candidate) and a boolean "canEdit".',
        );
      }
      return { ok: true, message: { type: 'role.set', role: m.role, canEdit: m.canEdit } };
    case 'run.request':
      if (m.scope !== undefined && m.scope !== 'visible' && m.scope !== 'all') {
        return fail('bad-message', '"run.request" takes "scope" visible or all.');
      }
      return {
        ok: true,
        message:
          m.scope === undefined ? { type: 'run.request' } : { type: 'run.request', scope: m.scope },
      };
    case 'session.end':
      return { ok: true, message: { type: 'session.end' } };
    case 'run.cancel':
    case 'run.share':
      if (!Number.isSafeInteger(m.runId) || (m.runId as number) < 1) {
        return fail('bad-message', `"${m.type}" needs "runId", a run number.`, ref);
      }
      return { ok: true, message: { type: m.type, runId: m.runId as number } };
    default: {
      const parsed = parsePeopleMessage(m);
      return typeof parsed === 'string'
        ? fail('bad-message', parsed, ref)
        : { ok: true, message: parsed };
    }
  }
}
