import { Browser, csrfFrom, DEMO, loginAs, TestContext } from './app';
import { DETAILS, fillUpToPromise } from './wizard';

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

/** A message (留言) from the confirmation point, as staff would leave it. */
export async function leaveMessage(ctx: TestContext, applicationId: number, body: string, createdAt: string, author = '台山市教育局人事股') {
  await ctx.db('messages').insert({ application_id: applicationId, author, body, created_at: createdAt });
}

/** A status change by staff, as the confirmation point would record it. */
export async function staffStatus(ctx: TestContext, applicationId: number, to: string, opts: { from?: string; missing?: string | null; at?: string } = {}) {
  await ctx.db('applications').where({ id: applicationId }).update({ status: to });
  await ctx.db('application_events').insert({
    application_id: applicationId, actor_type: 'staff', actor_id: null, action: 'status', from_status: opts.from ?? '网报待确认', to_status: to,
    reason: null, missing_materials: opts.missing ?? null, created_at: opts.at ?? ctx.clock.now().toISOString(),
  });
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
