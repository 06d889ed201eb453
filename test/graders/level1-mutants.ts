import type { Patch } from '../support/mutants.js';

/** A known-wrong level 1 server: patches of the reference, and the criteria it must lose. */
export interface Mutant {
  name: string;
  loses: string[];
  patches: Patch[];
}

const file = 'server.ts';
const SEND = '        client.send(data, { binary: isBinary });\n';
const p = (from: string, to: string): Patch => ({ file, from, to });

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

/**
 * The classic bugs of level 1, one each. Every mutant must lose exactly its criteria and keep all
 * the others: a grader that fails for the wrong reason shows up here.
 */
export const LEVEL1_MUTANTS: Mutant[] = [
  {
    name: 'echoes each message back to its sender',
    loses: ['R2'],
    patches: [p('      if (client === sender) continue;\n', '')],
  },
  {
    name: 'delivers every message twice',
    loses: ['R2'],
    patches: [p(SEND, SEND + SEND)],
  },
  {
    name: 'turns binary messages into text',
    loses: ['R3'],
    patches: [p(SEND, SEND.replace('binary: isBinary', 'binary: false'))],
  },
  {
    name: 'turns text messages into binary',
    loses: ['R3'],
    patches: [p(SEND, SEND.replace('binary: isBinary', 'binary: true'))],
  },
  {
    name: 'skips empty messages',
    loses: ['R3'],
    patches: [
      p(
        '  #broadcast(sender: WebSocket, data: RawData, isBinary: boolean): void {\n',
        '  #broadcast(sender: WebSocket, data: RawData, isBinary: boolean): void {\n' +
          '    if ((data as Buffer).length === 0) return;\n',
      ),
    ],
  },
  {
    name: 'ignores the maxPayload it is given',
    loses: ['R3'],
    patches: [
      p(
        '{ host, port, maxPayload, clientTracking',
        '{ host, port, maxPayload: DEFAULT_MAX_PAYLOAD, clientTracking',
      ),
    ],
  },
  {
    name: 'never removes a client that closed',
    loses: ['R4'],
    patches: [p("    socket.on('close', () => this.#clients.delete(socket));\n", '')],
  },
  {
    name: 'lets one throwing send abort the broadcast loop',
    loses: ['R5'],
    patches: [
      p('      try {\n', ''),
      // The try's end: the catch clause, its comments and the Stryker mark above it.
      p(
        '      } catch {\n' +
          "        // One broken peer must not cost the others their copy. Its 'close', or the heartbeat,\n" +
          '        // removes it; nothing to do here.\n' +
          '      }\n',
        '',
      ),
    ],
  },
  {
    name: 'splices a closing client out of an array while looping over it',
    loses: ['R5'],
    patches: [
      p('readonly #clients = new Set<WebSocket>();', 'readonly #clients: WebSocket[] = [];'),
      p('return this.#clients.size;', 'return this.#clients.length;'),
      p('this.#clients.add(socket);', 'this.#clients.push(socket);'),
      p(
        "socket.on('close', () => this.#clients.delete(socket));",
        "socket.on('close', () => {\n      const i = this.#clients.indexOf(socket);\n      if (i !== -1) this.#clients.splice(i, 1);\n    });",
      ),
      p(
        '      if (client === sender) continue;\n',
        '      if (client.readyState !== client.OPEN) {\n        this.#clients.splice(this.#clients.indexOf(client), 1);\n        continue;\n      }\n      if (client === sender) continue;\n',
      ),
    ],
  },
  {
    name: "has no 'error' listener on its sockets",
    loses: ['R6'],
    patches: [p("    socket.on('error', () => {});\n", '')],
  },
  {
    name: 'defers large messages, so a small one overtakes them',
    loses: ['R7'],
    patches: [
      p(
        SEND,
        '        if ((data as Buffer).length > 65_536) {\n' +
          '          setImmediate(() => client.send(data, { binary: isBinary }));\n' +
          `        } else ${SEND.trimStart()}`,
      ),
    ],
  },
  {
    name: 'leaves its heartbeat interval running after stop()',
    loses: ['R8'],
    patches: [p('    clearInterval(this.#heartbeat);\n', '')],
  },
  {
    name: 'resolves stop() before anything has closed',
    loses: ['R8'],
    patches: [p('    await Promise.all(closed);\n', '    void Promise.all(closed);\n')],
  },
  {
    name: 'never cuts off a client that ignores the close handshake',
    loses: ['R8'],
    patches: [p('      for (const client of this.#clients) client.terminate();\n', '')],
  },
  {
    name: 'copies the client list for each recipient',
    loses: ['R9'],
    patches: [
      p(
        SEND,
        '        if ([...this.#clients].includes(client)) client.send(data, { binary: isBinary });\n',
      ),
    ],
  },
  {
    name: 'rebuilds a JSON snapshot of every client for each recipient',
    loses: ['R9'],
    patches: [p(SEND, WASTEFUL_SEND)],
  },
  {
    name: 'binds every interface when no host is given',
    loses: ['R1'],
    patches: [p("host: options.host ?? '127.0.0.1'", "host: options.host ?? '0.0.0.0'")],
  },
  {
    name: 'never settles start() when the port is taken',
    loses: ['R1'],
    patches: [
      p(
        "    await once(wss, 'listening');\n",
        "    wss.on('error', () => {});\n    await new Promise((resolve) => wss.once('listening', resolve));\n",
      ),
    ],
  },
  {
    name: 'forgets its port once stopped',
    loses: ['R1'],
    patches: [
      p(
        '    this.#wss = undefined;\n    clearInterval',
        '    this.#wss = undefined;\n    this.#port = 0;\n    clearInterval',
      ),
    ],
  },
  {
    name: 'never drops a client that answers no pings',
    loses: ['R10'],
    patches: [p('      if (missed >= 2) {\n', '      if (missed >= Number.POSITIVE_INFINITY) {\n')],
  },
  {
    name: 'drops clients that answer every ping',
    loses: ['R10'],
    patches: [p("    socket.on('pong', () => this.#unanswered.set(socket, 0));\n", '')],
  },
];
