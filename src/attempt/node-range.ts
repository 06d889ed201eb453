// The Node versions a set of packages runs on, from their package.json `engines.node` ranges (npm's
// semver syntax): each range becomes a union of version intervals, the intersection of those is
// written back as a range npm reads. Release versions only: a portable attempt's `engines` names
// Node releases, and the kit's own packages write plain ranges such as `^20.19.0 || >=22.12.0`.

/** A release version: major, minor, patch. */
type Version = readonly [number, number, number];

/** The versions from `lo` (included) up to `hi` (excluded; null: no upper bound). */
interface Interval {
  lo: Version;
  hi: Version | null;
}

const ZERO: Version = [0, 0, 0];

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** The interval of one comparator (`^20.19.0`, `>=22.12`, `<21`, `20.x`, `*`). */
function comparatorInterval(comparator: string, range: string): Interval {
  // A prerelease or build tag (`>=18.0.0-0`) is read as its release: engines name Node releases.
  const match =
    /^(\^|~|>=|<=|>|<|=)?v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:[-+][0-9A-Za-z.-]+)?$/.exec(
      comparator,
    );
  if (!match) throw new Error(`Cannot read the Node range "${range}" (at "${comparator}").`);
  const op = match[1] ?? '=';
  // A wildcard part ends the version: 20.x.3 reads as 20.
  const parts: number[] = [];
  for (const part of match.slice(2, 5)) {
    if (part === undefined || !/^\d+$/.test(part)) break;
    parts.push(Number(part));
  }
  if (parts.length === 0) return { lo: ZERO, hi: null };
  const [major = 0, minor = 0, patch = 0] = parts;
  const v: Version = [major, minor, patch];
  // The first version after every version this partial one names: 20 -> 21.0.0, 20.19 -> 20.20.0.
  const next: Version =
    parts.length === 1
      ? [major + 1, 0, 0]
      : parts.length === 2
        ? [major, minor + 1, 0]
        : [major, minor, patch + 1];
  switch (op) {
    case '^': {
      if (major > 0 || parts.length === 1) return { lo: v, hi: [major + 1, 0, 0] };
      if (minor > 0 || parts.length === 2) return { lo: v, hi: [0, minor + 1, 0] };
      return { lo: v, hi: [0, 0, patch + 1] };
    }
    case '~':
      return { lo: v, hi: parts.length === 1 ? [major + 1, 0, 0] : [major, minor + 1, 0] };
    case '>=':
      return { lo: v, hi: null };
    case '>':
      return { lo: next, hi: null };
    case '<':
      return { lo: ZERO, hi: v };
    case '<=':
      return { lo: ZERO, hi: next };
    default:
      return { lo: v, hi: next };
  }
}

function intersect(a: Interval, b: Interval): Interval | null {
  const lo = compare(a.lo, b.lo) >= 0 ? a.lo : b.lo;
  const hi = a.hi === null ? b.hi : b.hi === null ? a.hi : compare(a.hi, b.hi) <= 0 ? a.hi : b.hi;
  return hi !== null && compare(lo, hi) >= 0 ? null : { lo, hi };
}

/** A range as sorted, disjoint intervals: `||` is a union, spaces inside a set an intersection. */
function parseRange(range: string): Interval[] {
  const sets = range.split('||').map((set) => {
    const comparators = set
      .trim()
      .replace(/(\^|~|>=|<=|>|<|=)\s+/g, '$1')
      .split(/\s+/);
    let interval: Interval | null = { lo: ZERO, hi: null };
    for (const comparator of comparators.filter((c) => c !== '')) {
      interval = interval && intersect(interval, comparatorInterval(comparator, range));
    }
    return interval;
  });
  return normalize(sets.filter((set) => set !== null));
}

/** Sorts intervals and merges the ones that overlap or touch. */
function normalize(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => compare(a.lo, b.lo));
  const out: Interval[] = [];
  for (const interval of sorted) {
    const last = out.at(-1);
    if (last && (last.hi === null || compare(interval.lo, last.hi) <= 0)) {
      if (last.hi !== null && (interval.hi === null || compare(interval.hi, last.hi) > 0)) {
        last.hi = interval.hi;
      }
    } else out.push({ ...interval });
  }
  return out;
}

function formatInterval({ lo, hi }: Interval): string {
  const at = lo.join('.');
  if (hi === null) return `>=${at}`;
  if (lo[0] > 0 && compare(hi, [lo[0] + 1, 0, 0]) === 0) return `^${at}`;
  return `>=${at} <${hi.join('.')}`;
}

/**
 * The npm range of the Node versions every given range accepts, e.g. `^20.19.0 || >=22.12.0` and
 * `^20.0.0 || ^22.0.0 || >=24.0.0` give `^20.19.0 || ^22.12.0 || >=24.0.0`. Throws when no
 * version satisfies them all or a range is not npm syntax the kit reads.
 */
export function intersectNodeRanges(ranges: readonly string[]): string {
  let versions: Interval[] = [{ lo: ZERO, hi: null }];
  for (const range of ranges) {
    const next = parseRange(range);
    const both = versions.flatMap((a) => next.map((b) => intersect(a, b)));
    versions = normalize(both.filter((interval) => interval !== null));
  }
  if (versions.length === 0) {
    throw new Error(`No Node version satisfies all of ${ranges.map((r) => `"${r}"`).join(', ')}.`);
  }
  return versions.map(formatInterval).join(' || ');
}

/** Whether a Node version (`v22.11.0` or `22.11.0`) is in an npm range. */
export function nodeRangeAccepts(range: string, version: string): boolean {
  const parts = version.replace(/^v/, '').split('-')[0]?.split('.').map(Number) ?? [];
  const v: Version = [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
  return parseRange(range).some(
    (i) => compare(v, i.lo) >= 0 && (i.hi === null || compare(v, i.hi) < 0),
  );
}
