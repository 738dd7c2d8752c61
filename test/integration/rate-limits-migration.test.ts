import { makeTestApp } from '../helpers/app';
import { migrationSource } from '../../migrations';

/** The rate_limits migration goes down (back to login_throttle) and up again, on SQLite and PostgreSQL. */
test('rate_limits: down and up', async () => {
  const ctx = await makeTestApp({ demo: false });
  try {
    await ctx.db('rate_limits').insert({ key: 'register:127.0.0.1', hits: 1, window_started_at: '2026-11-23T02:00:00.000Z', blocked_until: null });
    await ctx.db.migrate.down({ migrationSource, name: '20261125000020_rate_limits' });
    expect(await ctx.db.schema.hasTable('rate_limits')).toBe(false);
    expect(await ctx.db.schema.hasTable('login_throttle')).toBe(true);
    await ctx.db.migrate.latest({ migrationSource });
    expect(await ctx.db.schema.hasTable('rate_limits')).toBe(true);
    expect(await ctx.db.schema.hasTable('login_throttle')).toBe(false);
  } finally {
    await ctx.close();
  }
});
