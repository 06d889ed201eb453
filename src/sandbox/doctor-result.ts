import type { SandboxInfo } from './detect-sandbox.js';

/** One line of `kit doctor`: what was checked, what was found, and what to do when it is missing. */
export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
  /** What to install or change when not ok. */
  fix?: string;
  /** Only the kit's own tests need it; a missing one does not fail the doctor. */
  optional?: boolean;
}

/** What `kit doctor` found. */
export interface DoctorResult {
  checks: DoctorCheck[];
  sandbox: SandboxInfo;
  /** True when every required check passed: runs are jailed here. */
  ok: boolean;
}
