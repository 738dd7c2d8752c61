import { Readable, Writable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import ExcelJS from 'exceljs';
import { makeTestApp, TestContext } from '../helpers/app';
import { insertApplications } from '../../bench/exportData';
import { EXPORT_HEADERS } from '../../src/domain/exportColumns';
import type { StaffPrincipal } from '../../src/domain/principal';

/**
 * A big export streams: 20,000 applications go out page by page, the JS heap stays flat while they do (measured at
 * every page: an exceljs workbook held in memory takes hundreds of MB for this many rows), and the file read back with
 * exceljs's streaming reader holds every application once, in order. `npm run bench:export` measures 100,000.
 */
const ROWS = 20_000;
// A full collection before each reading, so the heap measured is what the export holds, not garbage awaiting collection.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

let ctx: TestContext;
beforeAll(async () => { ctx = await makeTestApp(); });
afterAll(async () => ctx?.close());

test(`${ROWS} applications export in pages with a flat heap and read back whole`, async () => {
  const bureau = await ctx.db('bureaus').where({ name: '台山市教育局' }).first('id', 'name');
  const plan = await ctx.db('plans').where({ bureau_id: bureau.id }).first();
  const points = await ctx.db('confirmation_points').where({ bureau_id: bureau.id }).orderBy('id').select('id', 'name');
  await insertApplications(ctx.db, ROWS, { bureauId: bureau.id, bureauName: bureau.name, planId: plan.id, points, from: plan.online_start, to: ctx.clock.now().toISOString() });

  const admin = await ctx.db('staff_users').where({ username: 'bureauadmin' }).first();
  const actor: StaffPrincipal = { kind: 'staff', staffId: admin.id, role: 'bureau_admin', bureauId: admin.bureau_id, pointId: null };
  const reports = ctx.container.services.reports;
  const parsed = await reports.parse(actor, { plan: String(plan.id), point: '', status: [] }, { latestByDefault: false });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));

  // The file goes to a sink that keeps the bytes (≈ 2 MB compressed) so it can be read back.
  const chunks: Buffer[] = [];
  let bytesSoFar = 0;
  let bytesAtHalf = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      bytesSoFar += chunk.length;
      done();
    },
  });
  gc();
  const base = process.memoryUsage().heapUsed;
  const held: number[] = [];
  const started = Date.now();
  const result = await reports.exportTo(actor, parsed, sink, {
    onPage: (rows) => {
      if (rows === ROWS / 2) bytesAtHalf = bytesSoFar;
      if (rows % 2000 !== 0) return; // every fourth page: a full collection costs time
      gc();
      held.push(process.memoryUsage().heapUsed - base);
    },
  });
  const ms = Date.now() - started;
  expect(result).toEqual({ rows: ROWS, complete: true });
  // Streamed: half the rows in, a good part of the file has gone out (the zip takes each page before the next is read;
  // without that wait, exceljs's pipe to the zip held nearly everything until the end).
  expect(bytesAtHalf).toBeGreaterThan(0.3 * bytesSoFar);
  // Flat: after a page the export holds that page of rows and the zip's state, never the rows already written (an
  // in-memory workbook of 20,000 × 50 cells is ≈ 300 MB). The bytes this test's sink keeps are Buffers, off the JS heap.
  const MB = 1024 * 1024;
  const kept = Buffer.concat(chunks).length;
  const peak = Math.max(...held);
  expect(held).toHaveLength(ROWS / 2000);
  expect(peak).toBeLessThan(24 * MB);
  expect(held[held.length - 1] - held[0]).toBeLessThan(8 * MB);
  console.log(`export of ${ROWS} rows: ${ms} ms (with ${held.length} full GCs), JS heap held after every 2,000 rows: first ${(held[0] / MB).toFixed(1)} MB, max ${(peak / MB).toFixed(1)} MB, last ${(held[held.length - 1] / MB).toFixed(1)} MB; the file kept by the sink, off the heap: ${(kept / MB).toFixed(1)} MB`);

  // Read back with the streaming reader: every 报名号 once, in id order, the header first.
  const expected = await ctx.db('applications').where({ plan_id: plan.id }).orderBy('id').pluck('application_no');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(chunks), {});
  const nos: string[] = [];
  let header: string[] = [];
  for await (const sheet of reader) {
    for await (const row of sheet) {
      const values = (row as ExcelJS.Row).values as unknown[];
      if (!header.length) header = values.slice(1).map(String);
      else nos.push(String(values[1]));
    }
  }
  expect(header).toEqual(EXPORT_HEADERS);
  expect(nos).toHaveLength(expected.length);
  expect(nos).toEqual(expected);

  // A download abandoned half-way (the browser closed): the export stops reading pages, says so, and is audited.
  let received = 0;
  const quitter = new Writable({
    write(chunk: Buffer, _enc, done) {
      received += chunk.length;
      if (received > 256 * 1024) { this.destroy(); return; }
      done();
    },
  });
  quitter.on('error', () => undefined);
  const audits = await ctx.db('audit_log').where({ action: 'application.export' }).count({ n: '*' });
  const abandoned = await reports.exportTo(actor, parsed, quitter);
  expect(abandoned.complete).toBe(false);
  expect(abandoned.rows).toBeLessThan(ROWS);
  expect(Number((await ctx.db('audit_log').where({ action: 'application.export' }).count({ n: '*' }))[0].n)).toBe(Number(audits[0].n) + 1);
}, 180_000);
