import { Browser, csrfFrom, DEMO, loginAs, TestContext } from './app';
import { DETAILS, fillUpToPromise } from './wizard';
import type { Action } from '../../src/domain/applicationStatus';
import type { StaffPrincipal, StaffRole } from '../../src/domain/principal';

export type Ids = Awaited<ReturnType<typeof fillUpToPromise>>;

/** Signs in, walks the wizard and submits (同意): the 报名号, the application row and the ids used. */
export async function submittedApplication(ctx: TestContext, who = DEMO.liMing) {
  const b = await loginAs(ctx, who);
  const ids = await fillUpToPromise(ctx, b);
  const done = await b.submit('/apply/step/6', { promise: 'agree' });
  if (done.status !== 303) throw new Error(`submit: ${done.status} ${done.text.slice(0, 2000)}`);
  const no = String(done.headers.location).split('/').pop() as string;
  const row = await applicationRow(ctx, no);
  return { b, ids, no, row };
}

export const applicationRow = (ctx: TestContext, no: string) => ctx.db('applications').where({ application_no: no }).first();

export const editDetailsUrl = (no: string) => `/applications/${no}/edit/details`;
export const editBureauUrl = (no: string) => `/applications/${no}/edit/bureau`;

/** The step-3 answers of the demo application, ready to post on 修改报名信息 (注册信息). */
export const editFields = (ids: Ids, change: Record<string, string> = {}) => ({ ...DETAILS, certificateId: ids.certificateId, action: 'save', ...change });

/**
 * Posts the 修改报名信息 details form as a browser would: multipart, the CSRF token first. The token is read
 * from `tokenFrom` (the form itself by default); pass `token: null` to post without one.
 */
export async function postEditDetails(b: Browser, url: string, fields: Record<string, string>, photo: Buffer | null = null,
  opts: { tokenFrom?: string; token?: string | null } = {}) {
  const token = opts.token === undefined ? csrfFrom((await b.get(opts.tokenFrom ?? url)).text) : opts.token;
  let req = b.agent.post(url);
  if (token !== null) req = req.field('_csrf', token);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  if (photo) req = req.attach('photo', photo, 'photo.jpg');
  return req;
}

/** Everything an applicant's request could change about one application: the row, its events and its messages. */
export async function stateOf(ctx: TestContext, applicationId: number) {
  return {
    application: await ctx.db('applications').where({ id: applicationId }).first(),
    events: await ctx.db('application_events').where({ application_id: applicationId }).orderBy('id'),
    messages: await ctx.db('messages').where({ application_id: applicationId }).orderBy('id'),
    files: await ctx.db('files').count({ n: '*' }),
  };
}

/** A message (留言) from the confirmation point, as staff would leave it (through the applications service). */
export async function leaveMessage(ctx: TestContext, applicationId: number, body: string, createdAt: string, from: 'operator' | 'reviewer' = 'operator') {
  const application = await ctx.db('applications').where({ id: applicationId }).first();
  const was = ctx.clock.now();
  ctx.clock.set(new Date(createdAt));
  try {
    const result = await ctx.container.services.applications.staff.leaveMessage(await staffOf(ctx, application, from), application, body);
    if (!result.ok) throw new Error(`message: ${JSON.stringify(result.errors)}`);
  } finally {
    ctx.clock.set(was);
  }
}

/** A staff user of the application's bureau (and point, for an operator), made once per role. Staff accounts arrive with the staff side. */
export async function staffOf(ctx: TestContext, application: { bureau_id: number; point_id: number | null }, role: StaffRole): Promise<StaffPrincipal> {
  const username = `${role}-${application.bureau_id}-${role === 'operator' ? application.point_id : 0}`;
  let row = await ctx.db('staff_users').where({ username }).first();
  if (!row) {
    await ctx.db('staff_users').insert({
      username, name: username, role, bureau_id: application.bureau_id, point_id: role === 'operator' ? application.point_id : null,
      password_hash: 'x', created_at: ctx.clock.now().toISOString(),
    });
    row = await ctx.db('staff_users').where({ username }).first();
  }
  return { kind: 'staff', staffId: row.id, role, bureauId: row.bureau_id, pointId: row.point_id };
}

/** What moves an application to each status, and who does it. */
const STAFF_ACTION: Record<string, { action: Action; role: StaffRole; reason?: string }> = {
  待注册审批: { action: 'confirmComplete', role: 'operator' },
  确认未通过: { action: 'confirmIncomplete', role: 'operator' },
  机构选择有误: { action: 'wrongBureau', role: 'reviewer' },
  网报待确认: { action: 'returnForCorrection', role: 'reviewer', reason: '请修改报名信息' },
  注册合格: { action: 'approve', role: 'reviewer' },
  暂缓注册: { action: 'defer', role: 'reviewer', reason: '年度考核证明不全' },
  注册不合格: { action: 'reject', role: 'reviewer', reason: '师德考核不合格' },
  不属于注册对象: { action: 'notEligible', role: 'reviewer', reason: '非在编在岗教师' },
};

/** A status change by staff, through the applications service (the lifecycle table decides whether it may happen). */
export async function staffStatus(ctx: TestContext, applicationId: number, to: string, opts: { missing?: string | null; at?: string } = {}) {
  const application = await ctx.db('applications').where({ id: applicationId }).first();
  const step = STAFF_ACTION[to];
  if (!step) throw new Error(`no staff action leads to ${to}`);
  // A conclusion needs the materials confirmed first, as at a real counter.
  if (['approve', 'defer', 'reject'].includes(step.action) && application.status !== '待注册审批') {
    await staffStatus(ctx, applicationId, '待注册审批', { at: opts.at });
    return staffStatus(ctx, applicationId, to, opts);
  }
  const was = ctx.clock.now();
  if (opts.at) ctx.clock.set(new Date(opts.at));
  try {
    const result = await ctx.container.services.applications.staff.transition(await staffOf(ctx, application, step.role), application, step.action, {
      reason: step.reason, missingMaterials: opts.missing ? opts.missing.split('、') : step.action === 'confirmIncomplete' ? ['年度考核证明'] : undefined,
    });
    if (!result.ok) throw new Error(`${step.action}: ${JSON.stringify(result.errors)}`);
    return result.value;
  } finally {
    ctx.clock.set(was);
  }
}

/** The <tr> of 查询报名信息 for one 报名号 (its cells as text), and the 定期注册材料确认情况 line after it. */
export function listRow(html: string, no: string): { cells: string[]; ops: string; materials: string } | null {
  const row = new RegExp(`<tr><td>${no}</td>([\\s\\S]*?)</tr>\\s*<tr><th scope="row">定期注册材料确认情况</th><td colspan="6">([\\s\\S]*?)</td></tr>`).exec(html);
  if (!row) return null;
  const cells = [no, ...[...row[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1].replace(/<[^>]+>/g, '').trim())];
  const ops = /<td class="ops">([\s\S]*?)<\/td>/.exec(row[1])?.[1] ?? '';
  return { cells: cells.slice(0, 6), ops, materials: row[2].trim() };
}

/**
 * The hidden fields of a page's forms (except _csrf), as a browser would send them back: so a test posting
 * "from a page loaded earlier" carries whatever that page held (a photo id, a version…).
 */
export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [input] of html.matchAll(/<input\b[^>]*\btype="hidden"[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(input)?.[1];
    const value = /\bvalue="([^"]*)"/.exec(input)?.[1] ?? '';
    if (name && name !== '_csrf') fields[name] = value.replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  }
  return fields;
}
