/**
 * The Redis commands a jailed run may send: connecting, naming and listing connections, pub/sub.
 * That is all level3's graders and the kit's RedisPubSub use. Everything else stays out, among it
 * `CONFIG SET dir` with `SAVE` (a file written anywhere Redis may write), `SHUTDOWN`, `FLUSHALL`,
 * `REPLICAOF`, `MODULE`, `DEBUG`, `EVAL` and every read of the keys of whoever else uses that Redis.
 */
export const ALLOWED_REDIS_COMMANDS: ReadonlySet<string> = new Set([
  'AUTH',
  'HELLO',
  'CLIENT',
  'SELECT',
  'PING',
  'ECHO',
  'QUIT',
  'RESET',
  'SUBSCRIBE',
  'UNSUBSCRIBE',
  'PSUBSCRIBE',
  'PUNSUBSCRIBE',
  'SSUBSCRIBE',
  'SUNSUBSCRIBE',
  'PUBLISH',
  'SPUBLISH',
  'PUBSUB',
]);

/** Of `CLIENT`, what a connection does to itself or a grader asks: not `PAUSE` (all of Redis). */
const ALLOWED_CLIENT_SUBCOMMANDS: ReadonlySet<string> = new Set([
  'SETNAME',
  'GETNAME',
  'SETINFO',
  'ID',
  'INFO',
  'LIST',
  'KILL',
]);

/** A command longer than this is refused rather than held: a run cannot make the parent hoard. */
const MAX_COMMAND_BYTES = 16 * 1024 * 1024;

/** What the filter made of the bytes it was given. */
export interface FilterStep {
  /** Whole, allowed commands to pass on, in order. */
  forward: Buffer[];
  /** Set once a command was refused (or could not be read): the connection is to be closed. */
  refused?: string;
}

/** Reads a `\r\n`-ended line at `at`, or null while it is incomplete. */
function lineAt(buffer: Buffer, at: number): { text: string; next: number } | null {
  const end = buffer.indexOf('\r\n', at);
  if (end < 0) return null;
  return { text: buffer.toString('latin1', at, end), next: end + 2 };
}

type Parsed = { words: string[]; length: number } | { refused: string } | null;

/** The first two words and byte length of the first command in `buffer`; null while incomplete. */
function parseCommand(buffer: Buffer): Parsed {
  if (buffer[0] !== 0x2a /* '*' */) {
    // An inline command: one line of words.
    const end = buffer.indexOf('\n');
    if (end < 0) return null;
    const words = buffer.toString('latin1', 0, end).trim().split(/\s+/).slice(0, 2);
    return { words, length: end + 1 };
  }
  const head = lineAt(buffer, 0);
  if (!head) return null;
  const count = Number(head.text.slice(1));
  if (!Number.isInteger(count) || count < 1) return { refused: 'a malformed command' };
  let at = head.next;
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    const size = lineAt(buffer, at);
    if (!size) return null;
    const length = Number(size.text.slice(1));
    if (size.text[0] !== '$' || !Number.isInteger(length) || length < 0) {
      return { refused: 'a malformed command' };
    }
    if (size.next + length + 2 > buffer.length) return null;
    if (i < 2) words.push(buffer.toString('latin1', size.next, size.next + length));
    at = size.next + length + 2;
  }
  return { words, length: at };
}

function isAllowed(words: string[], allowed: ReadonlySet<string>): boolean {
  const [name = '', sub = ''] = words.map((w) => w.toUpperCase());
  if (!allowed.has(name)) return false;
  return name !== 'CLIENT' || ALLOWED_CLIENT_SUBCOMMANDS.has(sub);
}

/**
 * A filter for the bytes a jailed run sends to Redis: passes whole commands on the allow list,
 * and refuses the connection at the first other one (its earlier replies may still be in flight,
 * so an error reply could not be put in its place).
 */
export function createRedisFilter(
  allowed: ReadonlySet<string> = ALLOWED_REDIS_COMMANDS,
): (chunk: Buffer) => FilterStep {
  let pending: Buffer = Buffer.alloc(0);
  let refused: string | undefined;
  return (chunk) => {
    if (refused) return { forward: [], refused };
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    const forward: Buffer[] = [];
    for (;;) {
      if (pending.length === 0) return { forward };
      const parsed = parseCommand(pending);
      if (parsed === null) {
        if (pending.length > MAX_COMMAND_BYTES) refused = 'a command past 16 MiB';
        else return { forward };
      } else if ('refused' in parsed) {
        refused = parsed.refused;
      } else if (!isAllowed(parsed.words, allowed)) {
        refused = `the Redis command ${JSON.stringify(parsed.words.join(' ').slice(0, 60))}`;
      } else {
        forward.push(pending.subarray(0, parsed.length));
        pending = pending.subarray(parsed.length);
        continue;
      }
      pending = Buffer.alloc(0);
      return { forward, refused };
    }
  };
}
