import type { Role } from './protocol.js';

/**
 * The `user` field of an awareness state, which y-codemirror.next draws as a remote cursor: the
 * name as text, the colours inside a `style` attribute. Shared by the server and the page.
 */
export interface AwarenessUser {
  name: string;
  /** `#rrggbb`. */
  color: string;
  /** `#rrggbb` or `#rrggbbaa`, the selection background. */
  colorLight: string;
}

/** Each role's cursor colour. */
export const ROLE_COLORS: Readonly<Record<Role, string>> = {
  interviewer: '#7c3aed',
  candidate: '#0a6ebd',
  observer: '#5b6470',
};

const COLOR = /^#[0-9a-fA-F]{6}$/;
const COLOR_LIGHT = /^#[0-9a-fA-F]{6}(?:[0-9a-fA-F]{2})?$/;

/** True for a strict `#rrggbb` colour, the only form a peer may put into a style attribute. */
export function isHexColor(value: unknown): value is string {
  return typeof value === 'string' && COLOR.test(value);
}

/**
 * A peer's `user` made safe to draw: colours must be strict hex (anything else, such as
 * `red; background: url(...)`, becomes `fallback.color`), the name is text without control
 * characters, cut to `maxNameChars`.
 */
export function safeAwarenessUser(
  user: unknown,
  fallback: { name: string; color: string },
  maxNameChars: number,
): AwarenessUser {
  const u = typeof user === 'object' && user !== null ? (user as Record<string, unknown>) : {};
  const name =
    typeof u.name === 'string'
      ? u.name
          .replace(/\p{Cc}/gu, '')
          .trim()
          .slice(0, maxNameChars)
      : '';
  const color = isHexColor(u.color) ? u.color : fallback.color;
  const light =
    typeof u.colorLight === 'string' && COLOR_LIGHT.test(u.colorLight)
      ? u.colorLight
      : `${color}33`;
  return { name: name || fallback.name, color, colorLight: light };
}

/**
 * An awareness state with its `user` made safe; a state that is not an object becomes `{ user }`.
 * `force` (the server's view of the peer) replaces whatever name the peer claimed.
 */
export function safeAwarenessState(
  state: unknown,
  fallback: { name: string; color: string },
  maxNameChars: number,
  force = false,
): Record<string, unknown> {
  const s =
    typeof state === 'object' && state !== null && !Array.isArray(state)
      ? (state as Record<string, unknown>)
      : {};
  const user = safeAwarenessUser(s.user, fallback, maxNameChars);
  return { ...s, user: force ? { ...user, name: fallback.name } : user };
}
