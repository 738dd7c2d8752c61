import { useServedApp } from '../helpers/browser';
import { byLabel, clickButton, openPage, shots, signInAsStaff } from '../helpers/pageDriver';
import { totpCode } from '../../src/domain/totp';
import { M } from '../../src/messages';

/**
 * 动态口令 in real Chromium, JavaScript off and on, by labels and button texts: a new account enrols at its first
 * sign-in (the QR code shows, the secret is read as text and typed into an "authenticator" — here the RFC 6238
 * function at the app's clock), a wrong code is refused with the message by the field, the next sign-in asks for the
 * code only. The demo accounts pass by the 演示环境 note.
 */
const served = useServedApp();

async function newClerk(username: string) {
  const { ctx } = served;
  const point = await ctx.db('confirmation_points').orderBy('id').first('id', 'bureau_id');
  const made = await ctx.container.services.staff.create({ username, name: '新确认员', role: 'operator', bureauId: point.bureau_id, pointId: point.id, password: 'Clerk#2026' });
  if (!made.ok) throw new Error(JSON.stringify(made.errors));
}

describe.each([false, true])('JavaScript %s', (js) => {
  test('TOTP enrolment at the first sign-in, then login with the code', async () => {
    const username = js ? 'clerkjs' : 'clerknojs';
    await newClerk(username);
    const page = await openPage(await served.chromium.createBrowserContext(), { js });
    const at = () => served.ctx.clock.now().getTime();
    await page.goto(`${served.base}/staff/login`);
    await (await byLabel(page, '用户名')).type(username);
    await (await byLabel(page, '密码')).type('Clerk#2026');
    await clickButton(page, '登录');
    expect(await page.$eval('h1', (e) => e.textContent)).toBe('绑定动态口令');
    const qrLoaded = await page.$eval('main img[alt^="动态口令绑定二维码"]', (img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0);
    expect(qrLoaded).toBe(true);
    const secret = (await page.$eval('#totp-secret', (e) => e.textContent ?? '')).replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await shots(page, `staff-totp-enrol-${js ? 'js' : 'nojs'}`, { fitsPhone: true });
    await (await byLabel(page, '动态口令')).type('123456');
    await clickButton(page, '绑定并登录');
    expect(await page.$eval('#error-code', (e) => e.textContent)).toBe(M.staff.codeWrong);
    expect((await page.$eval('#totp-secret', (e) => e.textContent ?? '')).replace(/\s/g, '')).toBe(secret);
    await (await byLabel(page, '动态口令')).type(totpCode(secret, at()));
    await clickButton(page, '绑定并登录');
    expect(page.url()).toBe(`${served.base}/staff`);
    expect(await page.$eval('h1', (e) => e.textContent)).toBe('工作台');

    await clickButton(page, '退出', 'body');
    await page.goto(`${served.base}/staff/login`);
    await (await byLabel(page, '用户名')).type(username);
    await (await byLabel(page, '密码')).type('Clerk#2026');
    await clickButton(page, '登录');
    expect(await page.$eval('h1', (e) => e.textContent)).toBe('动态口令');
    expect(await page.$('#totp-secret')).toBeNull();
    await shots(page, `staff-totp-code-${js ? 'js' : 'nojs'}`, { fitsPhone: true });
    // The enrolment's code was used: refused; the next step's is accepted.
    await (await byLabel(page, '动态口令')).type(totpCode(secret, at()));
    await clickButton(page, '登录');
    expect(await page.$eval('#error-code', (e) => e.textContent)).toBe(M.staff.codeWrong);
    await (await byLabel(page, '动态口令')).type(totpCode(secret, at() + 30_000));
    await clickButton(page, '登录');
    expect(page.url()).toBe(`${served.base}/staff`);
    await page.close();
  });

  test('a demo account passes by the 演示环境 note', async () => {
    const page = await openPage(await served.chromium.createBrowserContext(), { js });
    await signInAsStaff(page, served.base, 'securityadmin', undefined, { onCodePage: (p) => shots(p, `staff-totp-demo-${js ? 'js' : 'nojs'}`, { fitsPhone: true }) });
    expect(page.url()).toBe(`${served.base}/staff`);
    expect(await page.$eval('main', (e) => e.textContent)).toContain('安全管理员');
    await page.close();
  });
});
