// The committed dependency lock file of infra/terraform/agents: it pins a provider version that
// versions.tf allows, and carries the hashes `terraform init` needs on every platform: the
// registry's zip checksums (zh:, one per published platform, what init checks a download
// against on macOS, Windows or Linux) and the h1: hash of the linux_amd64 package (what init
// checks an unpacked mirror against; terraform-cli.test.ts proves it matches the mirror).
// No terraform binary needed.
import { parse } from '@cdktf/hcl2json';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  asArray,
  asBody,
  loadTerraformModule,
  nestedBlock,
  onlyBlock,
  required,
} from '../../src/entry/aws/terraform-module.ts';

const MODULE_DIR = 'infra/terraform/agents';
const AWS_PROVIDER = 'registry.terraform.io/hashicorp/aws';

type Version = [number, number, number];

function parseVersion(text: string): Version {
  const match = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`not a version: ${text}`);
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

function compare(left: Version, right: Version): number {
  for (let index = 0; index < 3; index += 1) {
    const difference = left[index]! - right[index]!;
    if (difference !== 0) return difference;
  }
  return 0;
}

/** Terraform's version constraint syntax: comma-separated `op version`, all must hold. */
function satisfies(version: string, constraints: string): boolean {
  const actual = parseVersion(version);
  return constraints.split(',').every((part) => {
    const match = /^\s*(>=|<=|!=|~>|>|<|=)?\s*([\d.]+)\s*$/.exec(part);
    if (!match) throw new Error(`not a version constraint: ${part}`);
    const bound = parseVersion(match[2]!);
    const order = compare(actual, bound);
    switch (match[1] ?? '=') {
      case '>=':
        return order >= 0;
      case '>':
        return order > 0;
      case '<=':
        return order <= 0;
      case '<':
        return order < 0;
      case '!=':
        return order !== 0;
      case '~>': {
        // ~> 5.100 allows 5.x from 5.100; ~> 5.100.1 allows 5.100.x from .1.
        const parts = match[2]!.split('.').length;
        const ceiling: Version = parts >= 3 ? [bound[0], bound[1] + 1, 0] : [bound[0] + 1, 0, 0];
        return order >= 0 && compare(actual, ceiling) < 0;
      }
      default:
        return order === 0;
    }
  });
}

async function lockedAwsProvider(): Promise<{ version: string; hashes: string[] }> {
  const text = readFileSync(join(MODULE_DIR, '.terraform.lock.hcl'), 'utf8');
  const lock = asBody(await parse('.terraform.lock.hcl', text), 'lock file');
  const providers = asBody(lock['provider'], 'lock providers');
  const aws = onlyBlock(providers[AWS_PROVIDER], AWS_PROVIDER);
  return {
    version: String(aws['version']),
    hashes: asArray(aws['hashes'], 'hashes').map(String),
  };
}

describe('the agent module lock file', () => {
  it('reads a Terraform version constraint as Terraform does', () => {
    expect(satisfies('5.100.0', '>= 5.100, < 7.0')).toBe(true);
    expect(satisfies('5.99.1', '>= 5.100, < 7.0')).toBe(false);
    expect(satisfies('7.0.0', '>= 5.100, < 7.0')).toBe(false);
    expect(satisfies('5.140.0', '~> 5.100')).toBe(true);
    expect(satisfies('6.0.0', '~> 5.100')).toBe(false);
    expect(satisfies('5.100.3', '~> 5.100.1')).toBe(true);
    expect(satisfies('5.101.0', '~> 5.100.1')).toBe(false);
  });

  it('pins an AWS provider version that versions.tf allows', async () => {
    const tf = await loadTerraformModule(MODULE_DIR);
    const versions = nestedBlock(required(tf.files, 'versions.tf'), 'terraform');
    const aws = asBody(nestedBlock(versions, 'required_providers')['aws'], 'aws provider');
    const { version } = await lockedAwsProvider();
    expect(version).toBe('5.100.0');
    expect(satisfies(version, String(aws['version']))).toBe(true);
  });

  it('holds the h1 hash of one unpacked package and the zip checksum of every platform', async () => {
    const { hashes } = await lockedAwsProvider();
    const h1 = hashes.filter((hash) => hash.startsWith('h1:'));
    const zh = hashes.filter((hash) => hash.startsWith('zh:'));
    expect(h1).toHaveLength(1);
    expect(h1[0]).toMatch(/^h1:[A-Za-z0-9+/]{43}=$/);
    // The registry publishes 5.100.0 for darwin, freebsd, linux and windows on several
    // architectures; a lock with only the local platform's hash (what `providers lock` writes
    // from a mirror) has no zh: entries and stops init everywhere else.
    expect(zh.length).toBeGreaterThanOrEqual(14);
    expect(new Set(zh).size).toBe(zh.length);
    for (const hash of zh) expect(hash).toMatch(/^zh:[0-9a-f]{64}$/);
    expect(hashes).toHaveLength(h1.length + zh.length);
  });
});
