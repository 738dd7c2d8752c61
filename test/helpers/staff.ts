import { Browser, csrfFrom, TestContext } from './app';
import { agreeToPromise, completeDraft, newApplicant } from './applicants';
import { staffOf, staffStatus } from './applications';
import { DEMO_STAFF_PASSWORD } from '../../seeds';
import type { StaffRole } from '../../src/domain/principal';

/** Signs a staff user in through /staff/login (captchas are off in tests). */
export async function staffBrowser(ctx: TestContext, username: string): Promise<Browser> {
  const b = new Browser(ctx.app);
  const res = await b.submit('/staff/login', { username, password: DEMO_STAFF_PASSWORD });
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
