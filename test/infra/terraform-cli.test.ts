// Terraform itself on infra/terraform/agents: fmt, init, validate and `terraform test` (the
// .tftest.hcl files, against a mocked AWS provider). Runs where a terraform binary and the AWS
// provider are available offline: a filesystem mirror named by ALEX_TF_PROVIDER_MIRROR (the
// folder holding registry.terraform.io/), /opt/tf-plugins, or a CLI config already set in
// TF_CLI_CONFIG_FILE. Elsewhere the tests are skipped and say why in their name; the HCL
// structure tests (terraform-structure.test.ts) run everywhere.
import { execFile, execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const MODULE_DIR = resolve('infra/terraform/agents');
// The five agents' functions and the HTTP API's (api.tf).
const FUNCTIONS = ['planner', 'tagger', 'reporter', 'charter', 'retirement', 'api'];

function terraformVersion(): string | undefined {
  try {
    return execFileSync('terraform', ['version'], { encoding: 'utf8', stdio: 'pipe' }).split(
      '\n',
    )[0];
  } catch {
    return undefined;
  }
}

function providerMirror(): string | undefined {
  const candidates = [process.env['ALEX_TF_PROVIDER_MIRROR'], '/opt/tf-plugins'];
  return candidates.find(
    (folder) => folder !== undefined && existsSync(join(folder, 'registry.terraform.io')),
  );
}

const version = terraformVersion();
const mirror = providerMirror();
const presetConfig = process.env['TF_CLI_CONFIG_FILE'];
const available = version !== undefined && (mirror !== undefined || presetConfig !== undefined);
const why = available
  ? (version ?? '')
  : version === undefined
    ? 'skipped: terraform is not on PATH'
    : 'skipped: no offline AWS provider (set ALEX_TF_PROVIDER_MIRROR)';

describe.skipIf(!available)(`terraform on the agent stack (${why})`, () => {
  let workDir = '';
  let env: NodeJS.ProcessEnv = {};
  const terraform = (...args: string[]) =>
    run('terraform', [...args, '-no-color'], {
      cwd: join(workDir, 'agents'),
      env,
      // `terraform test` runs 20 plans and applies against the mocked provider: over 200 s on a loaded
      // two-core machine.
      timeout: 480_000,
    });

  beforeAll(async () => {
    // A copy, so init writes its .terraform folder outside the repository. The committed lock
    // file is copied with the module: init must accept it as it is (see the lock test below).
    workDir = mkdtempSync(join(tmpdir(), 'alex-terraform-'));
    cpSync(MODULE_DIR, join(workDir, 'agents'), {
      recursive: true,
      filter: (source) => basename(source) !== '.terraform',
    });
    // The module only checks that the zips exist; their content is never read in a test.
    const zips = join(workDir, 'dist');
    mkdirSync(zips);
    for (const name of FUNCTIONS) writeFileSync(join(zips, `${name}.zip`), `placeholder ${name}`);
    let cliConfig = presetConfig;
    if (mirror !== undefined) {
      cliConfig = join(workDir, 'terraform.rc');
      writeFileSync(
        cliConfig,
        `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`,
      );
    }
    env = {
      ...process.env,
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CHECKPOINT_DISABLE: '1',
    };
    await terraform('init', '-backend=false');
  }, 240_000);

  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('is formatted as terraform fmt writes it', async () => {
    const { stdout } = await run(
      'terraform',
      ['fmt', '-check', '-recursive', '-no-color', MODULE_DIR],
      {
        env,
      },
    ).catch((error: { stdout: string }) => ({ stdout: `unformatted:\n${error.stdout}` }));
    expect(stdout).toBe('');
  });

  it('installs the provider against the committed lock file and leaves it unchanged', () => {
    // init checks the mirror's linux_amd64 package against the lock's hashes and fails when
    // none matches, so reaching here means the lock's h1 entry is the one for this platform.
    const lockFile = '.terraform.lock.hcl';
    expect(readFileSync(join(workDir, 'agents', lockFile), 'utf8')).toBe(
      readFileSync(join(MODULE_DIR, lockFile), 'utf8'),
    );
  });

  it('validates', async () => {
    const { stdout } = await terraform('validate');
    expect(stdout).toContain('The configuration is valid');
  }, 240_000);

  it('passes its terraform test files (IAM per function, queue, alarms, the HTTP API, input checks)', async () => {
    const zips = join(workDir, 'dist');
    const result = await terraform('test', `-var=lambda_package_dir=${zips}`).catch(
      (error: { stdout: string; stderr: string }) => ({ stdout: error.stdout + error.stderr }),
    );
    expect(result.stdout).toMatch(/Success! \d+ passed, 0 failed/);
    expect(result.stdout).not.toContain('skip');
  }, 480_000);
});
