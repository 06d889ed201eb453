import { describe, expect, it } from 'vitest';
import { hostAllowed } from '../../src/room/http/request-guard.js';

describe('hostAllowed with a reverse proxy', () => {
  const policy = {
    port: 8080,
    boundHost: '10.0.0.5',
    allowedHosts: ['interviews.example.com:443'],
  };

  it('accepts the proxy name with its own port, and only that port', () => {
    expect(hostAllowed('interviews.example.com:443', policy)).toBe(true);
    expect(hostAllowed('interviews.example.com:444', policy)).toBe(false);
    expect(hostAllowed('interviews.example.com', policy)).toBe(false);
    expect(hostAllowed('evil.example.com:443', policy)).toBe(false);
  });

  it('takes a Host without a port as port 80', () => {
    expect(hostAllowed('proxy.lan', { ...policy, allowedHosts: ['proxy.lan:80'] })).toBe(true);
  });

  it('still wants the server port for names listed without one', () => {
    const named = { ...policy, allowedHosts: ['kit.lan'] };
    expect(hostAllowed('kit.lan:8080', named)).toBe(true);
    expect(hostAllowed('kit.lan:443', named)).toBe(false);
  });
});
