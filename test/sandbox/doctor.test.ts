import { afterEach, describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/commands/doctor.js';
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
});
