import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { processTreeBytes } from './processMemory';

const linux = fs.existsSync('/proc/self/stat');

(linux ? describe : describe.skip)('processTreeBytes (Linux /proc)', () => {
  test('a process with a child counts both; a process that does not exist is null', async () => {
    const alone = await processTreeBytes(process.pid);
    expect(alone).toBeGreaterThan(10 * 2 ** 20); // this Node process alone is tens of MB
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const withChild = await processTreeBytes(process.pid);
      expect(withChild).toBeGreaterThan(alone as number);
    } finally {
      child.kill();
    }
    expect(await processTreeBytes(2 ** 22 + 12345)).toBeNull();
  });
});
