import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Read-only for everyone, root included: chmod does not stop root, the immutable attribute does. It needs
 * CAP_LINUX_IMMUTABLE and a filesystem that has it: immutableUnavailable() says why not, so a test can skip visibly.
 */
export function immutableUnavailable(): string | undefined {
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-immutable-probe-'));
  try {
    setImmutable([probe], true);
    let blocked = false;
    try {
      fs.writeFileSync(path.join(probe, 'x'), 'x');
    } catch {
      blocked = true;
    }
    setImmutable([probe], false);
    return blocked ? undefined : 'the immutable attribute does not stop writes here';
  } catch (err) {
    return `chattr +i is not possible here (${(err as Error).message.split('\n')[0]})`;
  } finally {
    fs.rmSync(probe, { recursive: true, force: true });
  }
}

export function setImmutable(paths: string[], on: boolean): void {
  if (paths.length > 0) execFileSync('chattr', [on ? '+i' : '-i', ...paths], { stdio: 'pipe' });
}
