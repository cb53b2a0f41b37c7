import * as kms from 'aws-cdk-lib/aws-kms';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createApp } from './app';
import { acknowledgeControlTowerRule, DISABLED_CONTROL_TOWER_RULES } from './control-tower';

// The Control Tower proactive rules run on every synth of the app, offline, beside cdk-nag.
function appWithPlainKey() {
  const outdir = mkdtempSync(join(tmpdir(), 'fleetlog-ct-'));
  const { app, stack } = createApp({
    appProps: { outdir, context: { 'aws:cdk:bundling-stacks': [] } },
  });
  // cdk-nag clean (rotation on), but no CreateGrant guard in its policy: CT.KMS.PR.3 must fire.
  const key = new kms.Key(stack, 'PlainKey', { enableKeyRotation: true });
  return { app, key };
}

it('fails the synth on a new Control Tower finding', () => {
  const { app } = appWithPlainKey();
  expect(() => app.synth()).toThrow(/CT\.KMS\.PR\.3/);
}, 180_000);

it('passes once that finding is acknowledged at the resource with a reason', () => {
  const { app, key } = appWithPlainKey();
  acknowledgeControlTowerRule(
    key,
    'kms_create_grant_aws_service_check',
    'test: a deliberately plain key',
  );
  expect(() => app.synth()).not.toThrow();
}, 180_000);

it('disables only rules that exist, each with a written reason', () => {
  const rulesDir = join(
    dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')),
    'rules/control-tower/cfn-guard',
  );
  const ruleFiles = new Set(
    readdirSync(rulesDir).flatMap((service) =>
      readdirSync(join(rulesDir, service)).map((f) => f.replace(/\.guard$/, '')),
    ),
  );
  expect(ruleFiles.size).toBeGreaterThan(100);
  for (const [rule, reason] of Object.entries(DISABLED_CONTROL_TOWER_RULES)) {
    expect(ruleFiles.has(rule)).toBe(true);
    expect(reason.length).toBeGreaterThan(40);
  }
});

it('ships the cfn-guard binary for this platform (no download at synth)', () => {
  const arch = process.arch === 'arm64' ? 'aarch64' : 'x86_64';
  const platform = process.platform === 'darwin' ? 'macos' : 'ubuntu';
  const binary = join(
    dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')),
    'bin',
    platform,
    arch,
    'cfn-guard',
  );
  expect(existsSync(binary)).toBe(true);
});
