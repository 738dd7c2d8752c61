import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeTestApp, TestContext, loginAs, DEMO, Browser, csrfFrom } from '../helpers/app';
import { getBinary, pageCount, pdfTools } from '../helpers/forms';
import { applicationsAt, otherStaff, staffBrowser, staffPost } from '../helpers/staff';
import { PRINT_BATCH_MAX } from '../../src/domain/printBatch';
import type { StaffPrincipal } from '../../src/domain/principal';

/**
 * 批量打印申请表: a print job made from the counter's or the review list, rendered in the background into one PDF,
 * watched on a page that refreshes itself (meta refresh without JavaScript, htmx polling with it), downloaded by
 * its owner only. Real Chromium for the PDF (read back with pdfinfo); a missing one for the failure path.
 */
jest.setTimeout(60_000);

let ctx: TestContext;
afterEach(async () => {
  await ctx?.container.services.printJobs.idle();
  await ctx?.container.close();
  await ctx?.close();
});

const demoBureau = async () => (await ctx.db('bureaus').where({ name: '台山市教育局' }).first('id')).id as number;
const pointsOf = async (bureauId: number) => (await ctx.db('confirmation_points').where({ bureau_id: bureauId }).orderBy('id').select('id')).map((p) => p.id as number);
const jobOf = (location: string | undefined) => {
  const id = /^\/staff\/print\/([0-9a-f-]{45})$/.exec(location ?? '')?.[1];
  if (!id) throw new Error(`no print job in ${location}`);
  return id;
};
/** Posts the counter's print form (the counter page's CSRF token) and returns the response. */
/** A file the server deletes once a response has ended (its callback runs just after the client has read it all). */
async function gone(file: string) {
  for (let i = 0; i < 100 && fs.existsSync(file); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(fs.existsSync(file)).toBe(false);
}
const counterPrint = (b: Browser, fields: Record<string, unknown>) => staffPost(b, '/staff/counter/print', fields, '/staff/counter');

describe('批量打印 with the real Chromium', () => {
  const tools = pdfTools();
  afterAll(() => tools.cleanup());
  beforeEach(async () => { ctx = await makeTestApp({ env: { CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' } }); });

  test('the ticked rows and the current filter, one PDF each (two copies per form), progress without and with JavaScript, download for the owner', async () => {
    const [a, b, c] = await applicationsAt(ctx, 3);
    const [approved] = await applicationsAt(ctx, 1, { from: 200, status: '待注册审批' });
    const operator = await staffBrowser(ctx, 'operator');
    const counter = await operator.get('/staff/counter');
    expect(counter.text).toContain(`name="no" value="${a.no}"`);
    expect(counter.text).toContain('批量打印申请表（当前筛选的全部 4 条）');

    const ticked = await counterPrint(operator, { print: 'selected', no: [a.no, c.no] });
    expect(ticked.status).toBe(303);
    const id = jobOf(ticked.headers.location);
    // While it renders: "已生成 n / N", a refresh for browsers without JavaScript, an htmx poll of the fragment.
    const running = await operator.get(`/staff/print/${id}`);
    expect(running.status).toBe(200);
    expect(running.headers['cache-control']).toBe('no-store');
    expect(running.text).toMatch(/已生成 \d \/ 2/);
    expect(running.text).toContain('<noscript><meta http-equiv="refresh" content="2"></noscript>');
    expect(running.text).toContain(`data-hx-get="/staff/print/${id}/status" data-hx-trigger="every 2s"`);
    expect((await operator.get(`/staff/print/${id}/pdf`)).status).toBe(404); // nothing to download yet

    await ctx.container.services.printJobs.idle();
    const done = await operator.get(`/staff/print/${id}`);
    expect(done.text).toContain('已生成 2 / 2');
    expect(done.text).not.toContain('http-equiv="refresh"');
    expect(done.text).toContain(`href="/staff/print/${id}/pdf"`);
    const fragment = await operator.get(`/staff/print/${id}/status`);
    expect(fragment.text).toContain('已生成 2 / 2');
    expect(fragment.text).not.toContain('hx-trigger'); // the poll stops
    expect(fragment.text).not.toContain('<html');
    // The finished PDF is a file of this process (readable by its user only), not server memory.
    const kept = fs.readdirSync(os.tmpdir()).filter((d) => d.startsWith('tr-print-'))
      .map((d) => path.join(os.tmpdir(), d, `${id}.pdf`)).find((f) => fs.existsSync(f)) as string;
    expect(kept).toBeDefined();
    expect(fs.statSync(kept).mode & 0o777).toBe(0o600);
    const size = fs.statSync(kept).size;
    const pdf = await getBinary(operator, `/staff/print/${id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['cache-control']).toBe('no-store');
    expect(pdf.headers['content-disposition']).toContain('attachment;');
    expect((pdf.body as Buffer).length).toBe(size);
    const file = tools.write('ticked.pdf', pdf.body as Buffer);
    expect(pageCount(tools.info(file))).toBe(4);
    // Downloaded whole, it is deleted from the server at once (issue 13), and the job's page says so.
    await gone(kept);
    const after = await operator.get(`/staff/print/${id}`);
    expect(after.text).toContain('PDF 下载完成后已从服务器删除');
    expect(after.text).not.toContain(`href="/staff/print/${id}/pdf"`);
    expect((await operator.get(`/staff/print/${id}/pdf`)).status).toBe(404);
    const text = tools.text(file, 1) + tools.text(file, 3);
    expect(text).toContain(a.no);
    expect(text).toContain(c.no);
    expect(text).not.toContain(b.no);

    // 网报待确认 of the point: a, b, c (not the one already confirmed), in 报名号 order.
    const filtered = await counterPrint(operator, { print: 'filter', status: '网报待确认' });
    expect(filtered.status).toBe(303);
    const all = jobOf(filtered.headers.location);
    await ctx.container.services.printJobs.idle();
    expect((await operator.get(`/staff/print/${all}`)).text).toContain('网报待确认（3 条）');
    const file2 = tools.write('filter.pdf', (await getBinary(operator, `/staff/print/${all}/pdf`)).body as Buffer);
    expect(pageCount(tools.info(file2))).toBe(6);
    expect([1, 3, 5].map((p) => /\d{8}/.exec(tools.text(file2, p).match(/报名号\s*(\d{8})/)?.[1] ?? '')?.[0])).toEqual([a.no, b.no, c.no].sort());
    expect(tools.text(file2, 1) + tools.text(file2, 3) + tools.text(file2, 5)).not.toContain(approved.no);
    // Both batches downloaded: the process's print directory is empty.
    await gone(path.join(path.dirname(kept), `${all}.pdf`));
    expect(fs.readdirSync(path.dirname(kept))).toEqual([]);

    // Who printed which forms is in the audit log.
    const audit = await ctx.db('audit_log').where({ action: 'application.print' }).orderBy('id');
    expect(audit).toHaveLength(2);
    expect(JSON.parse(audit[0].detail)).toMatchObject({ forms: 2, nos: [a.no, c.no].sort() });

    // 30 minutes after it finished the job is gone, and its file with it.
    // (Asked of the service: the staff session itself would have timed out by then.)
    ctx.clock.advance(31 * 60 * 1000);
    const nobody: StaffPrincipal = { kind: 'staff', staffId: -1, role: 'operator', bureauId: null, pointId: null };
    expect(ctx.container.services.printJobs.get(nobody, id)).toBeUndefined();
    await new Promise((r) => setTimeout(r, 100)); // the file is removed in the background
    expect(fs.existsSync(kept)).toBe(false);
  });

  test('the reviewer prints from the review list (its checkbox values carry the version)', async () => {
    const made = await applicationsAt(ctx, 2, { status: '待注册审批' });
    const reviewer = await staffBrowser(ctx, 'reviewer');
    const list = await reviewer.get('/staff/review');
    expect(list.text).toContain('formaction="/staff/review/print"');
    const versions = await Promise.all(made.map(async (m) => `${m.no}:${(await ctx.db('applications').where({ id: m.id }).first()).version}`));
    const res = await staffPost(reviewer, '/staff/review/print', { print: 'selected', no: versions }, '/staff/review');
    expect(res.status).toBe(303);
    const id = jobOf(res.headers.location);
    const byFilter = await staffPost(reviewer, '/staff/review/print', { print: 'filter' }, '/staff/review');
    expect(byFilter.status).toBe(303);
    await ctx.container.services.printJobs.idle();
    expect((await reviewer.get(`/staff/print/${id}`)).text).toContain('已生成 2 / 2');
    expect((await reviewer.get(byFilter.headers.location as string)).text).toContain('待注册审批（2 条）');
    expect(pageCount(tools.info(tools.write('review.pdf', (await getBinary(reviewer, `/staff/print/${id}/pdf`)).body as Buffer)))).toBe(4);
  });
});

describe('批量打印: failures, scope, limits, bad input (no Chromium)', () => {
  beforeEach(async () => { ctx = await makeTestApp({ env: { CHROMIUM_PATH: '/nonexistent/chromium' } }); });

  test(`the current filter holding more than ${PRINT_BATCH_MAX} applications is refused with a message`, async () => {
    await applicationsAt(ctx, PRINT_BATCH_MAX + 1);
    const operator = await staffBrowser(ctx, 'operator');
    const res = await counterPrint(operator, { print: 'filter', status: '网报待确认' });
    expect(res.status).toBe(422);
    expect(res.text).toContain(`共${PRINT_BATCH_MAX + 1}条报名信息，一次最多打印${PRINT_BATCH_MAX}份申请表`);
    expect(await ctx.db('audit_log').where({ action: 'application.print' }).select('id')).toEqual([]);
  });

  test('Chromium missing: the progress page says so in Chinese, there is nothing to download', async () => {
    const [a] = await applicationsAt(ctx, 1);
    const operator = await staffBrowser(ctx, 'operator');
    const id = jobOf((await counterPrint(operator, { print: 'selected', no: a.no })).headers.location);
    await ctx.container.services.printJobs.idle();
    const page = await operator.get(`/staff/print/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('生成失败');
    expect(page.text).toContain('申请表生成服务暂不可用，请稍后再试');
    expect(page.text).not.toContain('http-equiv="refresh"');
    expect((await operator.get(`/staff/print/${id}/pdf`)).status).toBe(404);
  });

  test('a job is its owner\'s: another point\'s operator, a colleague of the bureau, an applicant and a visitor never see it', async () => {
    const bureau = await demoBureau();
    const [, p2] = await pointsOf(bureau);
    const [mine] = await applicationsAt(ctx, 1);
    const [theirs] = await applicationsAt(ctx, 1, { from: 300, pointIds: [p2] });
    const operator = await staffBrowser(ctx, 'operator');
    const id = jobOf((await counterPrint(operator, { print: 'selected', no: mine.no })).headers.location);

    const stranger = await otherStaff(ctx, { bureau_id: bureau, point_id: p2 }, 'operator');
    const reviewer = await staffBrowser(ctx, 'reviewer');
    const sysadmin = await staffBrowser(ctx, 'sysadmin');
    for (const who of [stranger, reviewer, sysadmin]) {
      for (const url of [`/staff/print/${id}`, `/staff/print/${id}/status`, `/staff/print/${id}/pdf`]) expect((await who.get(url)).status).toBe(404);
    }
    const applicant = await loginAs(ctx, DEMO.liMing);
    expect((await applicant.get(`/staff/print/${id}`)).status).toBe(303);
    expect((await new Browser(ctx.app).get(`/staff/print/${id}`)).status).toBe(303);

    // The other point's application cannot be put in a batch (and the list's filter only ever holds the point's own).
    const foreign = await counterPrint(operator, { print: 'selected', no: [mine.no, theirs.no] });
    expect(foreign.status).toBe(422);
    expect(foreign.text).toContain(`以下报名号未找到或不属于您的办理范围：${theirs.no}`);
    const strangerAll = await staffPost(stranger, '/staff/counter/print', { print: 'filter' }, '/staff/counter');
    expect(strangerAll.status).toBe(303);
    await ctx.container.services.printJobs.idle();
    expect((await stranger.get(strangerAll.headers.location as string)).text).toContain('全部报名信息（1 条）');
    // Roles: a reviewer cannot use the counter's form, an operator not the review list's.
    expect((await staffPost(reviewer, '/staff/counter/print', { print: 'filter' }, '/staff/review')).status).toBe(403);
    expect((await staffPost(operator, '/staff/review/print', { print: 'filter' }, '/staff/counter')).status).toBe(403);
  });

  test(`limits and bad input: more than ${PRINT_BATCH_MAX}, nothing ticked, malformed values, unknown ids, no CSRF token`, async () => {
    const [a] = await applicationsAt(ctx, 1);
    const operator = await staffBrowser(ctx, 'operator');
    const many = Array.from({ length: PRINT_BATCH_MAX + 1 }, (_, i) => String(26900000 + i));
    const tooMany = await counterPrint(operator, { print: 'selected', no: [a.no, ...many.slice(1)] });
    expect(tooMany.status).toBe(422);
    expect(tooMany.text).toContain(`一次最多打印${PRINT_BATCH_MAX}份申请表`);
    expect(tooMany.text).toContain('class="error-summary"');
    expect(tooMany.text).toContain('href="#field-print"');
    expect(tooMany.text).toMatch(new RegExp(`value="${a.no}" id="pick-${a.no}" aria-label="[^"]*" checked`)); // the ticks are kept

    const none = await counterPrint(operator, { print: 'selected' });
    expect(none.status).toBe(422);
    expect(none.text).toContain('请至少勾选一条报名信息');
    for (const bad of ["1' or '1'='1", '<script>x</script>', '9'.repeat(500)]) {
      const res = await counterPrint(operator, { print: 'selected', no: bad });
      expect(res.status).toBe(422);
      expect(res.text).toContain('报名号格式不正确');
      expect(res.text).not.toContain('<script>x</script>');
    }
    const nothing = await counterPrint(operator, { print: 'filter', status: '注册合格' });
    expect(nothing.status).toBe(422);
    expect(nothing.text).toContain('没有符合条件的报名信息');

    for (const id of ['abc', '0f8fad5b-d9cb-469f-a165-70867728950e', '%2e%2e', "1' or 1=1", 'x'.repeat(300)]) {
      expect((await operator.get(`/staff/print/${id}`)).status).toBe(404);
      expect((await operator.get(`/staff/print/${id}/pdf`)).status).toBe(404);
    }
    const noToken = await operator.agent.post('/staff/counter/print').type('form').send({ print: 'filter' });
    expect(noToken.status).toBe(403);
    expect(csrfFrom((await operator.get('/staff/counter')).text)).toBeTruthy();
    // The review list says the same by its print buttons, with what was typed for 批量审核 kept.
    const reviewer = await staffBrowser(ctx, 'reviewer');
    const reviewNone = await staffPost(reviewer, '/staff/review/print', { print: 'selected', reason: '保留的原因', status: 'all' }, '/staff/review');
    expect(reviewNone.status).toBe(422);
    expect(reviewNone.text).toContain('<p class="error-message" id="error-print">请至少勾选一条报名信息');
    expect(reviewNone.text).toContain('保留的原因</textarea>');

    // Nothing refused was printed, so nothing was audited (PostgreSQL counts as text).
    expect(await ctx.db('audit_log').where({ action: 'application.print' }).select('id')).toEqual([]);
    // More checkboxes than any list shows (a forged form) is refused by the body parser, not a 500.
    const forged = await counterPrint(operator, { print: 'selected', no: Array.from({ length: 300 }, (_, i) => String(26800000 + i)) });
    expect(forged.status).toBeGreaterThanOrEqual(400);
    expect(forged.status).toBeLessThan(500);
  });
});
