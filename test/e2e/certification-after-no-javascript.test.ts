import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ElementHandle, Page } from 'puppeteer-core';
import { useServedApp } from '../helpers/browser';
import { byLabel, clickButton, followLink, openPage, shots, signInAsApplicant } from '../helpers/pageDriver';
import { DEMO } from '../helpers/app';
import { submittedCertification } from '../helpers/certification';
import { staffOf } from '../helpers/applications';
import { makePdf } from '../helpers/pdfFiles';
import { MATERIAL_MESSAGES } from '../../src/domain/certification/materialPdf';

/**
 * After a 教师资格认定 application is submitted, in real Chromium with JavaScript off (seed 002 §3.2): 业务平台 →
 * 查询报名信息 (认定) → 详情 (photo and signed 个人承诺书 shown) → 上传材料 (a file that is not a PDF first: the error
 * summary and the message by the field, the material kept; then a PDF) → 申请表预览 and its PDF. Each page photographed
 * at 1024×768 and 360 px.
 */
const served = useServedApp();
const textOf = (page: Page) => page.evaluate(() => document.querySelector('main')?.textContent?.replace(/\s+/g, ' ') ?? '');
const imagesLoaded = (page: Page) => page.$$eval('main img', (imgs) => imgs.map((i) => [i.getAttribute('alt'), (i as HTMLImageElement).naturalWidth > 0]));

test('查询认定报名信息 → 详情 → 上传材料 → 申请表预览 without JavaScript', async () => {
  const { ctx } = served;
  const { no, row } = await submittedCertification(ctx, DEMO.huang);
  const bureau = await ctx.db('bureaus').where({ id: row.bureau_id }).first();
  const admin = await staffOf(ctx, { bureau_id: bureau.id, point_id: null }, 'bureau_admin');
  const saved = await ctx.container.services.bureauAdmin.saveCertificationSettings(admin, bureau.id, {
    onlineProcessing: '1', onlineMaterials: '体检合格证明\n学历证书扫描件', certificationNotes: '', certificationChecklist: '', formCopies: '2',
  }, null);
  expect(saved.ok).toBe(true);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-cert-after-'));
  const notPdf = path.join(dir, '体检表.pdf');
  fs.writeFileSync(notPdf, Buffer.from('这不是PDF文件'));
  const pdf = path.join(dir, '体检合格证明.pdf');
  fs.writeFileSync(pdf, makePdf({ pages: 2 }));

  const page = await openPage(served.chromium);
  await signInAsApplicant(page, served.base, DEMO.huang.idNumber, DEMO.huang.password);
  await page.goto(`${served.base}/platform`);
  await followLink(page, '查询认定报名信息');
  expect(page.url()).toBe(`${served.base}/certifications`);
  const list = await textOf(page);
  for (const text of [no, '小学教师资格', '语文', '台山市教育局', '网报待确认', '（已上传 0/2 项）']) expect([text, list.includes(text)]).toEqual([text, true]);
  await shots(page, 'certifications-list');

  await followLink(page, `详情（报名号 ${no}）`);
  expect(await textOf(page)).toContain('个人照片和个人承诺书是否清晰完整');
  expect(await imagesLoaded(page)).toEqual([['申请人照片', true], ['申请人手写签名的个人承诺书', true]]);
  await shots(page, 'certification-detail', { fitsPhone: true });

  await followLink(page, '上传材料');
  await (await byLabel(page, '材料')).select('体检合格证明');
  await ((await byLabel(page, 'PDF 文件')) as ElementHandle<HTMLInputElement>).uploadFile(notPdf);
  await clickButton(page, '上传');
  expect(await page.$eval('.error-summary', (e) => e.textContent)).toContain(MATERIAL_MESSAGES.notPdf);
  expect(await page.$eval('#error-material', (e) => e.textContent)).toBe(MATERIAL_MESSAGES.notPdf);
  expect(await (await byLabel(page, '材料')).evaluate((e) => (e as HTMLSelectElement).value)).toBe('体检合格证明');
  await ((await byLabel(page, 'PDF 文件')) as ElementHandle<HTMLInputElement>).uploadFile(pdf);
  await clickButton(page, '上传');
  const uploaded = await textOf(page);
  expect(uploaded).toContain(MATERIAL_MESSAGES.uploaded('体检合格证明'));
  expect(uploaded).toContain('已上传：体检合格证明.pdf');
  await shots(page, 'certification-uploads', { fitsPhone: true });

  await followLink(page, '返回查询认定报名信息');
  expect(await textOf(page)).toContain('（已上传 1/2 项）');
  await followLink(page, `申请表预览（报名号 ${no}）`);
  expect(await page.$eval('h1', (h) => h.textContent)).toBe('教师资格认定申请表');
  expect(await page.$$eval('img', (imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth > 0))).toEqual([true, true]);
  await shots(page, 'certification-form-preview');
  const pdfHead = await page.evaluate(async () => {
    const link = [...document.querySelectorAll('a')].find((a) => (a.textContent ?? '').startsWith('下载申请表'));
    if (!link) return 'no 下载申请表 link';
    const res = await fetch(link.href, { credentials: 'same-origin' });
    const bytes = new Uint8Array(await res.arrayBuffer());
    return `${res.status} ${res.headers.get('content-type')} ${String.fromCharCode(...bytes.slice(0, 5))}`;
  });
  expect(pdfHead).toBe('200 application/pdf %PDF-');
  fs.rmSync(dir, { recursive: true, force: true });
}, 90_000);
