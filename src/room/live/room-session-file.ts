import type { SessionActivity } from '../store/session-activity.js';
import type { StoredSession } from '../store/session-store.js';
import type { RoomConfig } from './room-context.js';

/**
 * What a room copies into `session.json` for the session list: activity, review, files and the
 * end. The recording is the truth, so a failed save is logged and never refuses anything.
 */
export class SessionFile {
  readonly #opts: RoomConfig;
  readonly #id: string;
  #activityFailed = false;

  /** Saves into the store of `opts` under the session `id`. */
  constructor(opts: RoomConfig, id: string) {
    this.#opts = opts;
    this.#id = id;
  }

  /** Saves the activity; a failure is logged once, and the next save writes it all again. */
  saveActivity(activity: SessionActivity): void {
    try {
      this.#opts.store.saveActivity(this.#id, activity);
      this.#activityFailed = false;
    } catch (error) {
      if (!this.#activityFailed) this.#opts.log(`room ${this.#id}: cannot save activity`, error);
      this.#activityFailed = true;
    }
  }

  /** Runs `save` (the review or the files), logging a failure as "cannot save the `what`". */
  save(what: string, save: () => void): void {
    try {
      save();
    } catch (error) {
      this.#opts.log(`room ${this.#id}: cannot save the ${what} in session.json`, error);
    }
  }

  /** Marks the session ended (a missed mark is fixed on the next load); returns the session. */
  markEnded(session: StoredSession, at: string): StoredSession {
    try {
      return this.#opts.store.markEnded(this.#id, at);
    } catch (error) {
      this.#opts.log(`room ${this.#id}: cannot mark the session ended`, error);
      return { ...session, endedAt: at };
    }
  }
}
