import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { processTreeBytes } from './processMemory';

const linux = fs.existsSync('/proc/self/stat');

(linux ? describe : describe.skip)('processTreeBytes (Linux /proc)', () => {
  test('a process with a child counts both; a process that does not exist is null', async () => {
    const alone = await processTreeBytes(process.pid);
    expect(alone).toBeGreaterThan(10 * 2 ** 20); // this Node process alone is tens of MB
    // Two idle Node processes, a parent and its child (this test's own process is busy and its size moves with
    // its garbage collector, so the comparison is between the two idle ones): the parent's tree holds both. The
    // parent names the child once the child's own code runs (a child still starting is a few MB); sizes are PSS,
    // so shared pages are split among every Node process on the machine (a CI run has many): a few MB each.
    const parent = spawn(process.execPath, ['-e', `
      const { spawn } = require('node:child_process');
      const child = spawn(process.execPath, ['-e', 'process.stdout.write("ready"); setTimeout(() => {}, 20000)'], { stdio: ['ignore', 'pipe', 'ignore'] });
      child.stdout.once('data', () => process.stdout.write(String(child.pid) + '\\n'));
      setTimeout(() => child.kill(), 20000);
      setTimeout(() => {}, 20000);`], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const childPid = Number(await new Promise<string>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()))));
      await new Promise((r) => setTimeout(r, 200));
      const tree = await processTreeBytes(parent.pid as number);
      const child = await processTreeBytes(childPid);
      expect(child).toBeGreaterThan(2 * 2 ** 20);
      expect(tree).toBeGreaterThan(1.5 * (child as number));
    } finally {
      parent.kill();
    }
    expect(await processTreeBytes(2 ** 22 + 12345)).toBeNull();
  });
});
