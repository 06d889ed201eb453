import { afterEach, describe, expect, it } from 'vitest';
import { nodeCheck, runDoctor } from '../../src/commands/doctor.js';
import { renderDoctor } from '../../src/report/render-doctor.js';

afterEach(() => {
  delete process.env.KIT_SANDBOX;
});

describe('kit doctor', () => {
  it('finds the jail and the limits on this host', async () => {
    const result = await runDoctor();
    const byName = new Map(result.checks.map((c) => [c.name, c]));
    expect(byName.get('Sandbox')).toMatchObject({ ok: true });
    expect(byName.get('Run limits')?.detail).toMatch(/^memory and processes by cgroup/);
    expect(result.ok).toBe(true);
    expect(renderDoctor(result, false)).toContain('Candidate code runs jailed');
  });

  it('says there is no sandbox, why, and how to fix it', async () => {
    process.env.KIT_SANDBOX = 'none';
    const result = await runDoctor();
    expect(result.ok).toBe(false);
    const text = renderDoctor(result, false);
    expect(text).toContain('✘ Sandbox       none: KIT_SANDBOX=none turned the jail off');
    expect(text).toContain('Unset KIT_SANDBOX.');
    expect(text).toContain('No sandbox: kit grade and kit test run candidate code');
  });

  it("checks Node against the kit's engines range, which vitest and vite set", () => {
    const range = '^20.19.0 || ^22.12.0 || >=24.0.0';
    expect(nodeCheck(range, 'v20.20.2')).toMatchObject({ ok: true, detail: 'v20.20.2' });
    expect(nodeCheck(range, 'v24.1.0').ok).toBe(true);
    expect(nodeCheck(range, 'v22.11.0')).toMatchObject({
      ok: false,
      detail: `v22.11.0, not in ${range}`,
      fix: `Install a Node version in ${range} (vitest and vite run on no other).`,
    });
    expect(nodeCheck(range, 'v21.7.3').ok).toBe(false);
    expect(nodeCheck(range, 'v20.18.1').ok).toBe(false);
  });
});
