import * as Y from 'yjs';
import { FILE_LIMITS, type FileChangeRequest } from '../protocol/people-protocol.js';
import { encodeUpdateFrame } from '../protocol/yjs-frames.js';
import type { PeerConnection } from './peer-connection.js';
import type { RoomContext } from './room-context.js';

const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*\.ts$/;

// A name as it may appear inside an error message: no control characters, cut short.
function shown(name: string): string {
  const clean = name.replace(/\p{Cc}/gu, '');
  return clean.length > FILE_LIMITS.maxNameChars
    ? `${clean.slice(0, FILE_LIMITS.maxNameChars)}…`
    : clean;
}

/**
 * Why a file name is refused, or null when `src/<name>` is a fine new file: a flat `.ts` name of
 * letters, digits, `_`, `-` and `.`, no folders, no `..`, no absolute path, at most
 * `FILE_LIMITS.maxNameChars` characters.
 */
export function fileNameProblem(name: string): string | null {
  const max = FILE_LIMITS.maxNameChars;
  if (name.trim() === '') return 'A file needs a name, such as "queue.ts".';
  if (name.length > max)
    return `A file name has at most ${max} characters; this one has ${name.length}.`;
  if (name.startsWith('/') || name.startsWith('\\') || /^[A-Za-z]:/.test(name))
    return `"${shown(name)}" is an absolute path; give a name inside src/, such as "queue.ts".`;
  if (name.includes('..')) return `"${shown(name)}" contains "..": files stay inside src/.`;
  if (name.includes('/') || name.includes('\\'))
    return `"${shown(name)}" names a folder; files sit directly in src/, such as "queue.ts".`;
  if (!name.endsWith('.ts'))
    return `"${shown(name)}" is not a TypeScript file: names end in ".ts".`;
  if (!NAME.test(name))
    return `"${shown(name)}" has characters a file name may not use: use letters, digits, "_", "-" and ".".`;
  return null;
}

/** Why a change to the room's files is refused, or null when it may go ahead. */
export function fileChangeProblem(
  m: FileChangeRequest,
  files: readonly string[],
  starter: readonly string[],
): string | null {
  const kind = m.type.slice('file.'.length);
  if (kind === 'add') {
    const problem = fileNameProblem(m.name);
    if (problem) return problem;
    if (files.includes(m.name)) return `"${m.name}" already exists.`;
    if (files.length >= FILE_LIMITS.maxFiles)
      return `A room holds at most ${FILE_LIMITS.maxFiles} files; delete one first.`;
    return null;
  }
  if (!files.includes(m.name)) return `There is no file "${shown(m.name)}".`;
  if (starter.includes(m.name))
    return `"${m.name}" is one of the level's files, which the tests import: it cannot be ${kind === 'rename' ? 'renamed' : 'deleted'}.`;
  if (kind === 'delete') return null;
  const to = m.to ?? '';
  const problem = fileNameProblem(to);
  if (problem) return problem;
  if (files.includes(to)) return `"${to}" already exists.`;
  return null;
}

/**
 * Adds, renames or deletes a file of the room. The code moves as an ordinary edit from the
 * requester (recorded and sent to everyone, the requester included), then the new list is
 * recorded and sent. A renamed or deleted file's old text is emptied, so a file made later with
 * the same name starts empty.
 */
export function changeFiles(ctx: RoomContext, peer: PeerConnection, m: FileChangeRequest): void {
  const { state } = ctx;
  const problem = fileChangeProblem(m, state.files, state.starterFiles);
  if (problem) {
    ctx.error(peer, 'bad-file', problem);
    return;
  }
  const to = m.to ?? '';
  const files =
    m.type === 'file.add'
      ? [...state.files, m.name]
      : m.type === 'file.rename'
        ? state.files.map((f) => (f === m.name ? to : f))
        : state.files.filter((f) => f !== m.name);
  const update = editUpdate(ctx.doc, (doc) => {
    const target =
      m.type === 'file.delete' ? null : doc.getText(m.type === 'file.add' ? m.name : to);
    // Left over from a file of that name deleted before: it starts empty.
    if (target && target.length > 0) target.delete(0, target.length);
    if (m.type === 'file.add') return;
    const old = doc.getText(m.name);
    if (target) target.insert(0, old.toString());
    if (old.length > 0) old.delete(0, old.length);
  });
  if (update && !ctx.applyUpdate(peer, update)) return;
  if (update) peer.sendBinary(encodeUpdateFrame(update));
  const recorded = ctx.record({ type: 'files', files, by: peer.info.id });
  if (!recorded.ok) {
    ctx.error(peer, recorded.code, recorded.message);
    return;
  }
  state.files = files;
  ctx.saveFiles(files);
  const change = {
    kind: m.type === 'file.add' ? 'add' : m.type === 'file.rename' ? 'rename' : 'delete',
    name: m.name,
    ...(m.type === 'file.rename' ? { to } : {}),
  } as const;
  ctx.broadcast({
    type: 'files',
    files,
    change,
    by: { id: peer.info.id, name: peer.info.name },
  });
}

// The Yjs update an edit makes, made on a copy so the room's document changes only through the
// same checks as any participant's edit; null when the edit changes nothing.
function editUpdate(doc: Y.Doc, edit: (copy: Y.Doc) => void): Uint8Array | null {
  const copy = new Y.Doc();
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    let update: Uint8Array | null = null;
    copy.on('update', (u: Uint8Array) => {
      update = update ? Y.mergeUpdates([update, u]) : u;
    });
    copy.transact(() => edit(copy));
    return update;
  } finally {
    copy.destroy();
  }
}
