import { readdir, readFile } from 'node:fs/promises';

/**
 * How many tasks (processes and threads) this user runs now, as RLIMIT_NPROC counts them: by real
 * uid, threads included. The limit a run gets is this plus its own allowance, since the kernel
 * checks it against the user's whole count as well as the jail's.
 */
export async function countUserTasks(uid: number): Promise<number> {
  let tasks = 0;
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const status = await readFile(`/proc/${entry}/status`, 'utf8').catch(() => '');
    const realUid = /^Uid:\s+(\d+)/m.exec(status)?.[1];
    if (realUid === undefined || Number(realUid) !== uid) continue;
    tasks += Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? 1);
  }
  return tasks;
}
