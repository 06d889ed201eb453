import { describe, expect, it } from 'vitest';
import { bwrapArgs } from '../../src/sandbox/bwrap-args.js';
import { defaultLimits, formatBytes, limitMessage } from '../../src/sandbox/limits.js';

const spec = {
  binds: [
    { src: '/host/attempt', dest: '/attempt' },
    { src: '/usr/bin/node', dest: '/usr/bin/node' },
    { src: '/host/src', dest: '/attempt/src' },
  ],
  tmpBytes: 256 * 1024 * 1024,
  cwd: '/attempt',
  env: { PATH: '/usr/bin', KIT_CHILD_CONFIG: '/run/kit/config.json' },
  command: ['/usr/bin/node', '/kit/dist/src/grading/test-child.js'],
  disableUserns: true,
};

describe('bwrapArgs', () => {
  it('unshares everything, drops every capability and dies with its parent', () => {
    const args = bwrapArgs(spec);
    for (const flag of ['--unshare-all', '--unshare-user', '--die-with-parent', '--new-session']) {
      expect(args).toContain(flag);
    }
    expect(args.join(' ')).toContain('--cap-drop ALL');
    expect(args.join(' ')).toContain('--disable-userns');
    expect(args.join(' ')).toContain(
      `--proc /proc --dev /dev --size ${spec.tmpBytes} --tmpfs /tmp`,
    );
  });

  it('binds read-only, parents before children, and nothing writable', () => {
    const args = bwrapArgs(spec);
    const binds = args.flatMap((a, i) => (a === '--ro-bind' ? [args[i + 2]] : []));
    expect(binds).toEqual(['/attempt', '/attempt/src', '/usr/bin/node']);
    expect(args).not.toContain('--bind');
    // After every mount: bwrap's own tmpfs root and /dev turn read-only.
    const lastBind = args.lastIndexOf('--ro-bind');
    expect(args.slice(lastBind + 3, lastBind + 7)).toEqual([
      '--remount-ro',
      '/dev',
      '--remount-ro',
      '/',
    ]);
  });

  it('clears the environment before setting only what it is given, and runs the command last', () => {
    const args = bwrapArgs(spec);
    const clear = args.indexOf('--clearenv');
    expect(clear).toBeGreaterThan(0);
    expect(args.slice(clear + 1, clear + 7)).toEqual([
      '--setenv',
      'PATH',
      '/usr/bin',
      '--setenv',
      'KIT_CHILD_CONFIG',
      '/run/kit/config.json',
    ]);
    expect(args.slice(-5)).toEqual(['--chdir', '/attempt', '--', ...spec.command]);
  });
});

describe('limitMessage', () => {
  it('names each limit with its value', () => {
    const limits = { ...defaultLimits(10_000), processes: 256 };
    expect(limitMessage('memory', limits)).toMatch(/^Memory limit of 1 GiB reached/);
    expect(limitMessage('processes', limits)).toMatch(/^Process limit of 256 reached/);
    expect(limitMessage('file-size', limits)).toMatch(/^File size limit of 64 MiB reached/);
    expect(limitMessage('output', limits)).toMatch(/^Output limit of 1 MiB reached/);
    expect(formatBytes(1536 * 1024)).toBe('2 MiB');
  });
});
