/*
 * Issue 13: uploads and temporary files are removed after use. 数据导入's spreadsheet goes to a temporary file (the
 * only upload that touches the disk: photos and certificate images are parsed in memory) and its dry run writes the
 * valid rows to another; a failed dry run, a refused form and a finished import leave neither behind. (批量打印's PDF,
 * deleted once downloaded, is test/integration/print.test.ts.)
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { makeTestApp, TestContext, Browser, csrfFrom } from '../helpers/app';
import { staffBrowser } from '../helpers/staff';
import { IMPORT_UPLOAD_DIR } from '../../src/web/middleware/upload';

let ctx: TestContext;
let admin: Browser;
beforeAll(async () => {
  ctx = await makeTestApp({ env: { CHROMIUM_PATH: '/nonexistent/chromium' } });
  admin = await staffBrowser(ctx, 'bureauadmin');
});
afterAll(async () => {
  await ctx?.container.services.importJobs.idle();
  await ctx?.container.close();
  await ctx?.close();
});

const workDir = () => ctx.container.services.importJobs.workDir;
const listing = (dir: string) => new Set(fs.existsSync(dir) ? fs.readdirSync(dir) : []);
/** Files in the two import directories now that were not there `before` (other test processes share the directories). */
function newFiles(before: { uploads: Set<string>; work: Set<string> }) {
  return [...[...listing(IMPORT_UPLOAD_DIR)].filter((f) => !before.uploads.has(f)).map((f) => path.join('uploads', f)),
    ...[...listing(workDir())].filter((f) => f !== 'uploads' && !before.work.has(f))];
}
/** The new files once the deletions (asynchronous, after the job or the response) have had their moment. */
async function settled(before: { uploads: Set<string>; work: Set<string> }, expected: string[] = []) {
  for (let i = 0; i < 100 && JSON.stringify(newFiles(before)) !== JSON.stringify(expected); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
  return newFiles(before);
}
const snapshot = () => ({ uploads: listing(IMPORT_UPLOAD_DIR), work: listing(workDir()) });

async function upload(kind: string, data: Buffer, filename: string) {
  const token = csrfFrom((await admin.get('/staff/import')).text);
  let req = admin.agent.post('/staff/import').field('_csrf', token);
  if (kind) req = req.field('kind', kind);
  return req.attach('file', data, filename);
}

test('a failed import (not a spreadsheet) leaves no upload and no rows file behind', async () => {
  const before = snapshot();
  const res = await upload('schools', Buffer.from('%PDF-1.4\n1 0 obj\n'), 'data.xlsx');
  expect(res.status).toBe(303);
  await ctx.container.services.importJobs.idle();
  expect((await admin.get(res.headers.location)).text).toContain('无法导入');
  expect(await settled(before)).toEqual([]);
});

test('a form refused before the dry run (no kind chosen) deletes its upload', async () => {
  const before = snapshot();
  const res = await upload('', Buffer.from('学校名称,办学类型\n甲大学,1\n'), 'schools.csv');
  expect(res.status).toBe(422);
  expect(await settled(before)).toEqual([]); // deleted when the response ends
});

test('a dry run and its import: the upload goes after the dry run, the rows file after the import', async () => {
  const before = snapshot();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('学校');
  ws.addRow(['学校名称', '办学类型']);
  ws.addRow(['临时文件测试大学', '1']);
  const res = await upload('schools', Buffer.from(await wb.xlsx.writeBuffer()), 'schools.xlsx');
  expect(res.status).toBe(303);
  await ctx.container.services.importJobs.idle();
  const id = /\/staff\/import\/jobs\/([^/]+)$/.exec(res.headers.location)?.[1] as string;
  expect(await settled(before, [`${id}.ndjson`])).toEqual([`${id}.ndjson`]); // the rows waiting for 确认导入; the upload is gone
  const token = csrfFrom((await admin.get(res.headers.location)).text);
  expect((await admin.agent.post(`${res.headers.location}/run`).type('form').send({ _csrf: token })).status).toBe(303);
  await ctx.container.services.importJobs.idle();
  expect((await admin.get(res.headers.location)).text).toContain('导入完成');
  expect(await settled(before)).toEqual([]);
});
