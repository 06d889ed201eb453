import { isIP } from 'node:net';

/** What the server accepts in `Host` and `Origin`. */
export interface HostPolicy {
  port: number;
  /** The host the server is bound to, e.g. `127.0.0.1`. */
  boundHost: string;
  /** Extra host names to accept (a LAN name when bound to 0.0.0.0). */
  allowedHosts?: readonly string[];
  /** Extra origins to accept on upgrade (a page served from a dev server). */
  allowedOrigins?: readonly string[];
}

/**
 * True when `Host` names this server: `localhost`, the bound host, an extra allowed name, or an IP
 * literal, on the bound port. A DNS-rebinding page reaches us under its own name and is refused.
 */
export function hostAllowed(host: string | undefined, policy: HostPolicy): boolean {
  if (!host) return false;
  let url: URL;
  try {
    url = new URL(`http://${host}`);
  } catch {
    return false;
  }
  if (url.username || url.pathname !== '/') return false;
  // `name:port` entries name a reverse proxy in front of the server, which listens elsewhere.
  const hostPort = `${url.hostname}:${url.port || '80'}`.toLowerCase();
  if ((policy.allowedHosts ?? []).some((h) => h.toLowerCase() === hostPort)) return true;
  if (url.port !== String(policy.port)) return false;
  const name = url.hostname.toLowerCase();
  const bare = name.startsWith('[') ? name.slice(1, -1) : name;
  return (
    name === 'localhost' ||
    bare === policy.boundHost.toLowerCase() ||
    isIP(bare) !== 0 ||
    (policy.allowedHosts ?? []).some((h) => h.toLowerCase() === name)
  );
}

/**
 * True when a WebSocket upgrade's `Origin` is this server's own page (`http://<Host>`) or an allowed
 * origin. No `Origin` at all means a non-browser client, which still needs a token.
 */
export function originAllowed(
  origin: string | undefined,
  host: string | undefined,
  policy: HostPolicy,
): boolean {
  if (origin === undefined) return true;
  if ((policy.allowedOrigins ?? []).includes(origin)) return true;
  return host !== undefined && origin.toLowerCase() === `http://${host.toLowerCase()}`;
}
