import { startHousekeeping } from './housekeeping';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the periodic housekeeping run', () => {
  test('runs every interval, never two at once, logs what it removed and any failure, and stops', async () => {
    let runs = 0;
    let running = 0;
    let most = 0;
    const logs: string[] = [];
    const stop = startHousekeeping({
      run: async () => {
        runs += 1;
        running += 1;
        most = Math.max(most, running);
        await sleep(25); // longer than the interval
        running -= 1;
        if (runs === 2) throw new Error('database is locked');
        return { drafts: 2, outbox: 0, files: 3 };
      },
    }, 10, (m) => logs.push(m));
    await sleep(120);
    stop();
    const seen = runs;
    expect(seen).toBeGreaterThanOrEqual(2);
    expect(most).toBe(1);
    expect(logs).toContain('[housekeeping] removed 2 draft(s) of ended plans, 0 outbox row(s), 3 unreferenced upload(s)');
    expect(logs).toContain('[housekeeping] failed: database is locked');
    await sleep(60);
    expect(runs).toBe(seen);
  });
});
