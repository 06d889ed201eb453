/** Stable codes for errors a user can fix; `kit` prints them as one red line and exits 2. */
export type KitErrorCode =
  | 'KIT_LEVEL_NOT_FOUND'
  | 'KIT_NOT_AN_ATTEMPT'
  /** A folder looks like an attempt (src/ and test/, or .kit/) but lacks .kit/attempt.json. */
  | 'KIT_ATTEMPT_RECORD_MISSING'
  | 'KIT_DIR_NOT_EMPTY'
  | 'KIT_BAD_OPTION'
  | 'KIT_ATTEMPT_BROKEN'
  | 'KIT_SESSION_NOT_FOUND'
  | 'KIT_SESSION_ENDED'
  | 'KIT_STORAGE_PAUSED'
  | 'KIT_DATA_DIR_UNWRITABLE'
  | 'KIT_GUIDE_MISSING'
  | 'KIT_NOTHING_TO_DO'
  /** A file the command would write exists (`kit bundle --out`); --force replaces it. */
  | 'KIT_FILE_EXISTS'
  /** A level's manifest (or the packs config file) is malformed; the message names file and field. */
  | 'KIT_LEVEL_INVALID'
  /** Two levels (of the kit or of packs) answer to the same id or slug. */
  | 'KIT_LEVEL_CONFLICT'
  /** A level pack named by --levels, KIT_LEVELS or interview-kit.json is not there. */
  | 'KIT_PACK_NOT_FOUND'
  /** `--redis` names a server that does not answer (`kit serve --redis`, `kit worker`). */
  | 'KIT_REDIS_UNREACHABLE'
  /** `kit worker` found no jail to run candidate code in; `--unsafe-runs` runs it anyway. */
  | 'KIT_SANDBOX_MISSING'
  /** A session's recording holds something the kit refuses to act on (`kit export`: a file name). */
  | 'KIT_RECORDING_BROKEN'
  /** The kit's graders or compiled engine differ from its build's manifest; `kit` exits 3. */
  | 'KIT_SELF_CHECK_FAILED';

/**
 * An error the user can fix. The message quotes the offending value and names the next command,
 * e.g. `Level "level9" not found. Run \`kit list\`.` Anything that is not a KitError is a bug in
 * the kit and keeps its stack.
 */
export class KitError extends Error {
  readonly code: KitErrorCode;

  constructor(code: KitErrorCode, message: string) {
    super(message);
    this.name = 'KitError';
    this.code = code;
  }
}

/** Narrows an unknown thrown value to a KitError. */
export function isKitError(error: unknown): error is KitError {
  return error instanceof KitError;
}

/** A thrown value as an Error (a library may throw a string or anything else). */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
