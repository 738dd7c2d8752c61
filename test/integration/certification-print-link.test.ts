import { makeTestApp, TestContext, Browser } from '../helpers/app';
import { submittedApplication } from '../helpers/applications';
import { submittedCertification } from '../helpers/certification';
import { staffBrowser } from '../helpers/staff';

/**
 * The links to a 申请表's PDF say what they print: 认定's form in the copies its bureau sets on 教师资格认定设置
 * (staff 打印…, the preview's 下载…); 定期注册's 打印申请表（PDF，一式两份） as before.
 */
let ctx: TestContext;
let admin: Browser;
beforeAll(async () => {
  ctx = await makeTestApp({ env: { CHROMIUM_PATH: '/nonexistent/chromium' } });
  admin = await staffBrowser(ctx, 'bureauadmin');
});
afterAll(async () => { await ctx?.container.close(); await ctx?.close(); });

const printLink = (html: string, no: string) => new RegExp(`href="/staff/applications/${no}/form\\.pdf">([^<]*)</a>`).exec(html)?.[1];

/** 教师资格认定设置 as the bureau admin saves it, changing only the copies. */
async function setCopies(copies: '1' | '2') {
  const page = await admin.get('/staff/bureau/certification');
  const values = Object.fromEntries([...page.text.matchAll(/name="(onlineProcessing|formCopies)" value="(\d)" checked/g)].map((m) => [m[1], m[2]]));
  const res = await admin.post('/staff/bureau/certification', {
    onlineProcessing: values.onlineProcessing ?? '0', onlineMaterials: '', certificationNotes: '', certificationChecklist: '', formCopies: copies,
  }, '/staff/bureau/certification');
  expect(res.status).toBe(303);
}

test('认定: 打印教师资格认定申请表（PDF，一式两份）, or 一式一份 as the bureau sets; 定期注册 unchanged', async () => {
  const cert = await submittedCertification(ctx);
  const reg = await submittedApplication(ctx);
  const clerk = await staffBrowser(ctx, 'operator');

  await setCopies('2');
  expect(printLink((await clerk.get(`/staff/applications/${cert.no}`)).text, cert.no)).toBe('打印教师资格认定申请表（PDF，一式两份）');
  expect((await clerk.get(`/staff/applications/${cert.no}/form`)).text).toContain('>下载申请表（PDF，一式两份）</a>');

  await setCopies('1');
  expect(printLink((await clerk.get(`/staff/applications/${cert.no}`)).text, cert.no)).toBe('打印教师资格认定申请表（PDF，一式一份）');
  expect((await clerk.get(`/staff/applications/${cert.no}/form`)).text).toContain('>下载申请表（PDF，一式一份）</a>');

  expect(printLink((await clerk.get(`/staff/applications/${reg.no}`)).text, reg.no)).toBe('打印申请表（PDF，一式两份）');
});

test('批量打印\'s hint names the copies: the bureau\'s for 认定 lists, always two for 定期注册\'s', async () => {
  await submittedCertification(ctx);
  const clerk = await staffBrowser(ctx, 'operator');
  const reviewer = await staffBrowser(ctx, 'reviewer');
  const hint = (html: string) => /合为一个 PDF（([^）]*)）/.exec(html)?.[1];
  await setCopies('1');
  expect(hint((await clerk.get('/staff/counter?business=certification')).text)).toBe('每份一式一份');
  expect(hint((await reviewer.get(`/staff/review?business=certification&status=${encodeURIComponent('网报待确认')}`)).text)).toBe('每份一式一份');
  expect(hint((await clerk.get('/staff/counter')).text)).toBe('每份一式两份');
  await setCopies('2');
  expect(hint((await clerk.get('/staff/counter?business=certification')).text)).toBe('每份一式两份');
});
