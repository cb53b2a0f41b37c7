import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryIo } from '../testing/memory-io';
import { csvValidateCommand } from './csv-validate';

describe('csv validate', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fleetlog-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function validate(name: string, content?: string) {
    const file = join(dir, name);
    if (content !== undefined) await writeFile(file, content);
    const io = memoryIo();
    const code = await csvValidateCommand.run([file], io);
    return { file, code, stdout: io.stdout.text, stderr: io.stderr.text };
  }

  it('prints FILE: ok (N hosts) and exits 0 for a valid file', async () => {
    const { file, code, stdout, stderr } = await validate(
      'good.csv',
      'Host,ApplicationName,Contact\n10.0.1.7,checkout,a@example.com\n::1,"local, test",\n',
    );
    expect(code).toBe(0);
    expect(stdout).toBe(`${file}: ok (2 hosts)\n`);
    expect(stderr).toBe('');
  });

  it('prints FILE:LINE: message for every problem and exits 1', async () => {
    const { file, code, stdout, stderr } = await validate(
      'bad.csv',
      'Host,ApplicationName,Contact\nweb-1,checkout,\n10.0.1.7,checkout,"two\nlines"\n10.0.1.7,other,\n',
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `${file}:2: host "web-1" is not an IPv4 or IPv6 address or CIDR block\n` +
        `${file}:5: host 10.0.1.7 maps to "other" here but to "checkout" on line 3\n`,
    );
  });

  it('refuses catch-all blocks with their lines, and reads a mapped host as IPv4', async () => {
    const { file, code, stderr } = await validate(
      'catch-all.csv',
      'Host,ApplicationName,Contact\n::ffff:10.0.1.7,checkout,\n0.0.0.0/0,everyone,\n::/0,everyone,\n10.0.1.7,other,\n',
    );
    expect(code).toBe(1);
    const why = 'as a row it would give every client one application and make UNKNOWN impossible';
    expect(stderr).toBe(
      `${file}:3: host 0.0.0.0/0 is a catch-all block: it contains every IPv4 address; ${why}\n` +
        `${file}:4: host ::/0 is a catch-all block: it contains every IPv6 address; ${why}\n` +
        `${file}:5: host 10.0.1.7 maps to "other" here but to "checkout" on line 2\n`,
    );
  });

  it('reports a missing file in one line and exits 1', async () => {
    const { file, code, stderr } = await validate('missing.csv');
    expect(code).toBe(1);
    expect(stderr).toBe(`${file}: cannot read: ENOENT: no such file or directory\n`);
  });
});
