import { Browser, csrfFrom, TestContext } from './app';
import { agreeToPromise, completeDraft, newApplicant } from './applicants';
import { staffOf, staffStatus } from './applications';
import { DEMO_STAFF_PASSWORD, demoTotpSecretOf } from '../../seeds';
import type { StaffRole } from '../../src/domain/principal';
import { totpCode, totpStep } from '../../src/domain/totp';

/** The secret an enrolment page shows (in groups of four), or null on the plain 动态口令 page. */
export const enrolmentSecretFrom = (html: string): string | null => /id="totp-secret"[^>]*>([A-Z2-7 ]+)</.exec(html)?.[1].replace(/ /g, '') ?? null;

/**
 * The 6-digit code the account's authenticator would show at the app's clock: from the enrolment page's secret, the
 * demo's public secret, or the stored one (decrypted with the app's keys). A non-demo account signed in again at the
 * same fixed test time would be refused as a replay: its last used step is cleared first, standing for waiting for
 * the next 30-second step (the replay rule itself is tested in staff-second-factor.test.ts).
 */
export async function secondFactorCode(ctx: TestContext, username: string, pageHtml: string): Promise<string> {
  const now = ctx.clock.now().getTime();
  const shown = enrolmentSecretFrom(pageHtml);
  if (shown) return totpCode(shown, now);
  const row = await ctx.db('staff_users').where({ username }).first();
  if (!row?.totp_secret) throw new Error(`staff ${username} has no second factor and no enrolment page`);
  if (!row.demo && row.totp_last_step !== null && Number(row.totp_last_step) >= totpStep(now)) {
    await ctx.db('staff_users').where({ id: row.id }).update({ totp_last_step: null });
  }
  return totpCode(demoTotpSecretOf(username) ?? ctx.container.protector.decryptText(row.totp_secret), now);
}

/** The 动态口令 step after a right password: reads the page, posts the code. */
export async function passSecondFactor(ctx: TestContext, b: Browser, username: string) {
  const page = await b.get('/staff/login/code');
  if (page.status !== 200) throw new Error(`动态口令 page for ${username}: ${page.status}`);
  return b.agent.post('/staff/login/code').type('form').send({ _csrf: csrfFrom(page.text), code: await secondFactorCode(ctx, username, page.text) });
}

/**
 * Both steps of a staff sign-in as a browser without JavaScript: password (captchas are off in tests), then the
 * 动态口令. Answers the last response: the 303 into the staff site, or the first refusal (password or code).
 */
export async function signInStaff(ctx: TestContext, b: Browser, username: string, password = DEMO_STAFF_PASSWORD, fields: Record<string, string> = {}) {
  const res = await b.submit('/staff/login', { username, password, ...fields });
  if (res.status !== 303 || res.headers.location !== '/staff/login/code') return res;
  return passSecondFactor(ctx, b, username);
}

/** Signs a staff user in through /staff/login and its 动态口令 step. */
export async function staffBrowser(ctx: TestContext, username: string, password = DEMO_STAFF_PASSWORD): Promise<Browser> {
  const b = new Browser(ctx.app);
  const res = await signInStaff(ctx, b, username, password);
  if (res.status !== 303) throw new Error(`staff login ${username}: ${res.status}`);
  return b;
}

/** A staff user of another bureau or point (made through the test helper, password set through the staff service). */
export async function otherStaff(ctx: TestContext, where: { bureau_id: number; point_id: number | null }, role: StaffRole): Promise<Browser> {
  await staffOf(ctx, where, role);
  const username = `${role}-${where.bureau_id}-${role === 'operator' ? where.point_id : 0}`;
  await ctx.container.services.staff.resetPassword(username, DEMO_STAFF_PASSWORD);
  return staffBrowser(ctx, username);
}

/**
 * `count` applications of new applicants like 李明 at the demo bureau (at `pointIds[i % length]` when given),
 * submitted through the journey and moved to `status` by staff through the lifecycle service.
 */
export async function applicationsAt(ctx: TestContext, count: number, opts: { from?: number; status?: string; pointIds?: number[]; bureauId?: number } = {}) {
  const made: { no: string; id: number; accountId: number; mobile: string; email: string }[] = [];
  for (let i = 0; i < count; i += 1) {
    const n = (opts.from ?? 100) + i;
    const applicant = await newApplicant(ctx, n);
    const bureau = opts.bureauId ?? (await ctx.db('bureaus').where({ name: '台山市教育局' }).first('id')).id;
    const points = opts.pointIds ?? [(await ctx.db('confirmation_points').where({ bureau_id: bureau }).orderBy('id').first('id')).id];
    await completeDraft(ctx, applicant.account, applicant.certificateId, { bureauId: bureau, pointId: points[i % points.length] });
    const outcome = await agreeToPromise(ctx, applicant.account);
    if (outcome.kind !== 'redirect') throw new Error(`submit: ${JSON.stringify(outcome)}`);
    const row = await ctx.db('applications').where({ account_id: applicant.account.id }).first();
    if (opts.status && opts.status !== '网报待确认') await staffStatus(ctx, row.id, opts.status);
    made.push({ no: row.application_no, id: row.id, accountId: applicant.account.id, mobile: applicant.account.mobile, email: applicant.account.email });
  }
  return made;
}

/** Posts a staff form with the CSRF token of `page` (a staff page the browser opened). */
export async function staffPost(b: Browser, url: string, fields: Record<string, unknown>, page: string) {
  const token = csrfFrom((await b.get(page)).text);
  return b.agent.post(url).type('form').send({ _csrf: token, ...fields });
}
