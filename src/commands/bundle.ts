import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { readAttempt } from '../attempt/attempt-file.js';
import { readInterviewerCopy, saveInterviewerCopy } from '../attempt/interviewer-copy.js';
import { scaffoldAttempt } from '../attempt/scaffold.js';
import { type TarEntry, tarGzip } from '../attempt/tar-gzip.js';
import { KitError } from '../errors.js';
import { findLevel, type LevelInfo } from '../levels/level-registry.js';

/** Options of `kit bundle`. */
export interface BundleOptions {
  level: string;
  /** The archive to write; defaults to `./<level id>-attempt.tgz`. */
  out?: string;
  /** Replace an existing archive (and its checksum file). */
  force?: boolean;
  cwd?: string;
  now?: Date;
}

/** What `kit bundle` wrote. */
export interface BundleResult {
  level: LevelInfo;
  file: string;
  /** `<file>.sha256`, in the format `sha256sum -c` reads. */
  checksumFile: string;
  sha256: string;
  bytes: number;
  /** The paths inside the archive, under its one top folder. */
  entries: string[];
}

async function listFiles(dir: string, root = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(`${relative(root, path)}/`, ...(await listFiles(path, root)));
    else if (entry.isFile()) out.push(relative(root, path));
  }
  return out.sort();
}

/**
 * `kit bundle <level>`: a portable attempt (as `kit start --portable` makes) packed into one .tgz
 * to email or upload, with its sha256 printed and written beside it. The interviewer's copy of the
 * attempt record remembers the file and checksum, so `kit grade` of the folder that comes back
 * names the bundle it went out as. Never replaces an existing file unless `force`.
 */
export async function bundleAttempt(options: BundleOptions): Promise<BundleResult> {
  const level = findLevel(options.level);
  const file = resolve(options.cwd ?? process.cwd(), options.out ?? `${level.id}-attempt.tgz`);
  const checksumFile = `${file}.sha256`;
  if (!options.force) {
    for (const path of [file, checksumFile]) {
      if (existsSync(path)) {
        throw new KitError(
          'KIT_FILE_EXISTS',
          `"${path}" already exists. Choose another with \`kit bundle ${level.id} --out <file.tgz>\`, or add --force to replace it.`,
        );
      }
    }
  }
  const staging = await mkdtemp(join(tmpdir(), 'kit-bundle-'));
  try {
    const top = `${level.id}-attempt`;
    const dir = join(staging, top);
    const now = options.now ?? new Date();
    await scaffoldAttempt({ levelId: level.id, dir, portable: true, now });
    const paths = await listFiles(dir);
    const entries: TarEntry[] = [{ path: `${top}/` }];
    for (const path of paths) {
      const inside = `${top}/${path.split('\\').join('/')}`;
      entries.push(
        path.endsWith('/')
          ? { path: inside }
          : { path: inside, content: await readFile(join(dir, path)) },
      );
    }
    const archive = tarGzip(entries, now.getTime() / 1000);
    const sha256 = createHash('sha256').update(archive).digest('hex');
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, archive);
    await rename(temp, file);
    await writeFile(checksumFile, `${sha256}  ${basename(file)}\n`);
    const record = await readAttempt(dir);
    const copy = record.id ? await readInterviewerCopy(record.id) : null;
    if (copy) await saveInterviewerCopy({ ...copy, bundle: { file, sha256 } });
    return {
      level,
      file,
      checksumFile,
      sha256,
      bytes: archive.length,
      entries: entries.map((e) => e.path),
    };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
