// Last step of `npm run build`: makes the packages-only folder attempts link to, then hashes the
// graders, the graded visible tests and dist/ into dist/kit-manifest.json, which `kit grade` and
// `kit serve` check before each run.
import { resolve } from 'node:path';
import { ensureAttemptPackages } from '../dist/src/attempt/attempt-packages.js';
import { writeKitManifest } from '../dist/src/integrity/kit-manifest.js';

const root = resolve(import.meta.dirname, '..');
await ensureAttemptPackages();
const count = await writeKitManifest(root);
console.log(`Wrote dist/kit-manifest.json (${count} files)`);
