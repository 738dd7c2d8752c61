/*
 * Issue 13: a generated 申请表 carries an HMAC. The PDF (real Chromium) prints a short 校验码 and holds the full MAC in
 * its document information; staff check a typed code on the application page, and a PDF through the forms service.
 * A PDF's 校验码/MAC verifies and a changed one does not. Run on SQLite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeTestApp, TestContext, escaped } from '../helpers/app';
import { submittedApplication } from '../helpers/applications';
import { staffBrowser } from '../helpers/staff';
import { FORM_CHECK_MESSAGES, findFormMarker } from '../../src/domain/formCode';
import type { ApplicationRow } from '../../src/repositories/applications';

let ctx: TestContext;
beforeAll(async () => { ctx = await makeTestApp(); });
afterAll(async () => {
  await ctx?.container.services.forms.close();
  await ctx?.close();
});

const hasPdfinfo = (() => { try { execFileSync('pdfinfo', ['-v'], { stdio: 'ignore' }); return true; } catch { return false; } })();

describe('a PDF\'s 校验码/MAC verifies and a changed one does not', () => {
  let row: ApplicationRow;
  let no: string;
  let pdf: Buffer;
  const forms = () => ctx.container.services.forms;
  const find = (n: string) => ctx.db('applications').where({ application_no: n }).first();

  beforeAll(async () => {
    ({ row, no } = await submittedApplication(ctx));
    pdf = (await forms().pdf(row)).pdf;
  }, 60_000);

  test('the form prints the 校验码 of its version; the PDF holds 报名号, version and the full MAC in its metadata', async () => {
    const code = forms().checkCode(row);
    expect(code).toMatch(/^1-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await forms().printHtml([row])).toContain(`校验码 <span class="check-code">${code}</span>`);
    expect(findFormMarker(pdf.toString('latin1'))).toEqual({ applicationNo: no, version: row.version, mac: expect.stringMatching(/^v1:[0-9a-f]{64}$/) });
    if (hasPdfinfo) {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tr-pdf-')), 'form.pdf');
      fs.writeFileSync(file, pdf);
      const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toMatch(new RegExp(`Keywords:\\s+TR-FORM1:${no}:1:v1:[0-9a-f]{64}`));
      expect(info).toMatch(new RegExp(`Title:\\s+教师资格定期注册申请表（报名号 ${no}）`));
      expect(info).toMatch(/Pages:\s+2/);
    }
    expect(await forms().checkPdf(pdf, find)).toMatchObject({ result: 'genuine' });
  });

  test('a changed MAC, another 报名号 or a changed submission does not verify; an older version says so', async () => {
    const marker = findFormMarker(pdf.toString('latin1'))!;
    const flipped = marker.mac.slice(0, -1) + (marker.mac.endsWith('0') ? '1' : '0');
    const forged = Buffer.from(pdf.toString('latin1').replace(marker.mac, flipped), 'latin1');
    expect(await forms().checkPdf(forged, find)).toMatchObject({ result: 'mismatch' });
    expect(await forms().checkPdf(Buffer.from('%PDF-1.4 nothing here'), find)).toEqual({ result: 'noMarker' });

    const code = forms().checkCode(row);
    expect(forms().checkTypedCode(row, code.toLowerCase().replace(/-/g, ' '))).toBe('genuine');
    const wrong = code.slice(0, -1) + (code.endsWith('0') ? '1' : '0');
    expect(forms().checkTypedCode(row, wrong)).toBe('mismatch');
    expect(forms().checkTypedCode(row, 'hello')).toBeNull();

    // The snapshot changed in the database at the same version: the code no longer matches.
    const tampered = { ...row, data: row.data.replace('}', ', "x": 1}') };
    expect(forms().checkTypedCode(tampered, code)).toBe('mismatch');
    expect(await forms().checkPdf(pdf, async () => tampered)).toMatchObject({ result: 'mismatch' });
    // A later version (an edit): the old form is outdated.
    const edited = { ...row, version: row.version + 1 };
    expect(forms().checkTypedCode(edited, code)).toBe('outdated');
    expect(await forms().checkPdf(pdf, async () => edited)).toMatchObject({ result: 'outdated', printedVersion: 1 });
  });

  test('the counter\'s application page shows the current 校验码 and checks a typed one', async () => {
    const clerk = await staffBrowser(ctx, 'operator');
    const code = forms().checkCode(row);
    const page = await clerk.get(`/staff/applications/${no}`);
    expect(page.text).toContain(`<strong id="form-check-code">${code}</strong>`);
    const good = await clerk.get(`/staff/applications/${no}?code=${encodeURIComponent(code)}`);
    expect(good.text).toContain(escaped(FORM_CHECK_MESSAGES.genuine(1)));
    const bad = await clerk.get(`/staff/applications/${no}?code=${encodeURIComponent(code.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))}`);
    expect(bad.text).toContain(escaped(FORM_CHECK_MESSAGES.mismatch));
    expect((await clerk.get(`/staff/applications/${no}?code=xyz`)).text).toContain(escaped(FORM_CHECK_MESSAGES.badCode));
  });
});
