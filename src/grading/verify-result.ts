import type { LevelId } from './types.js';

/** One check of `kit verify`, with what is wrong when it fails. */
export interface VerifyCheck {
  name: string;
  ok: boolean;
  problems: string[];
  notes: string[];
}

/** The checks of one level. */
export interface LevelVerification {
  id: LevelId;
  checks: VerifyCheck[];
}

/** What `kit verify` found. */
export interface VerifyResult {
  ok: boolean;
  levels: LevelVerification[];
}
