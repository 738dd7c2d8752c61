/*
 * Submission rules that need more than one application: 报名号 under concurrency, one open application per
 * certificate (whichever bureau), and one application per plan when an application moves. Run on SQLite, and on
 * PostgreSQL with TEST_DATABASE_URL.
 */
import { makeTestApp, TestContext, Browser, DEMO, escaped, countRows } from '../helpers/app';
import { BUREAU, cameraPhoto, DETAILS, postDetails } from '../helpers/wizard';
import { editBureauUrl, editDetailsUrl, editFields, postEditDetails, stateOf, staffStatus, submittedApplication } from '../helpers/applications';
import { agreeToPromise, completeDraft, newApplicant, openKaiping } from '../helpers/applicants';
import { snapshotOf } from '../../src/journeys/registration';
import type { AccountRow } from '../../src/repositories/accounts';
import type { ApplicationRow } from '../../src/repositories/applications';

jest.setTimeout(120_000);

let ctx: TestContext;
beforeEach(async () => { ctx = await makeTestApp(); });
afterEach(async () => ctx?.close());

const LI_CERT_A = '20094478131000123';
const LI_CERT_B = '20154478141000456';
const certId = async (no: string): Promise<number> => (await ctx.db('certificates').where({ cert_number: no }).first('id')).id;
const liMing = async (): Promise<AccountRow> => ctx.container.repos.accounts.findByIdNumber(DEMO.liMing.idNumber).then((found) => found[0]);

/** Steps 1–5 over HTTP for a bureau and point of the caller's choosing (the demo helper always takes 台山). */
async function walkTo(b: Browser, place: { bureauId: number; pointId: number }, certificateId: number) {
  expect((await b.submit('/apply/step/1', { agree: '1' })).status).toBe(303);
  const s2 = await b.submit('/apply/step/2', { ...BUREAU, bureauId: String(place.bureauId), pointId: String(place.pointId), action: 'next' });
  expect([s2.status, /error-summary[\s\S]*?<\/ul>/.exec(s2.text)?.[0]]).toEqual([303, undefined]);
  const s3 = await postDetails(b, { ...DETAILS, certificateId: String(certificateId) }, await cameraPhoto());
  expect([s3.status, /error-summary[\s\S]*?<\/ul>/.exec(s3.text)?.[0]]).toEqual([303, undefined]);
  expect((await b.submit('/apply/step/4', {})).status).toBe(303);
  expect((await b.submit('/apply/step/5', {})).status).toBe(303);
}

/**
 * A third certificate of 李明 (due, like his first) and a third bureau with an open window: 蓬江 gets a copy of
 * 台山's plan and a point.
 */
async function thirdCertificateAndBureau() {
  const first = await ctx.db('certificates').where({ cert_number: LI_CERT_A }).first();
  const { id: _id, ...copy } = first;
  await ctx.db('certificates').insert({ ...copy, cert_number: '20094478131000999' });
  const certC = await certId('20094478131000999');
  for (const r of await ctx.db('registration_records').where({ certificate_id: first.id })) {
    const { id: _r, ...rest } = r;
    await ctx.db('registration_records').insert({ ...rest, certificate_id: certC });
  }
  const bureau = await ctx.db('bureaus').where({ name: '江门市蓬江区教育局' }).first('id');
  const [point] = await ctx.db('confirmation_points').insert({ bureau_id: bureau.id, name: '蓬江区教育局人事股', active: true }).returning('id');
  const tsPlan = await ctx.db('plans').where({ bureau_id: (await ctx.db('bureaus').where({ name: '台山市教育局' }).first('id')).id }).first();
  const { id: _p, ...planCopy } = tsPlan;
  await ctx.db('plans').insert({ ...planCopy, bureau_id: bureau.id });
  return { certC, tsPlan, pengjiang: { bureauId: bureau.id as number, pointId: typeof point === 'number' ? point : (point as { id: number }).id } };
}

/** 李明's second application: certificate B at 开平 (whose window is open as well as 台山's). */
async function secondAtKaiping(b: Browser) {
  const kaiping = await openKaiping(ctx);
  await walkTo(b, kaiping, await certId(LI_CERT_B));
  const done = await b.submit('/apply/step/6', { promise: 'agree' });
  expect(done.status).toBe(303);
  const no = String(done.headers.location).split('/').pop() as string;
  return { kaiping, no, row: (await ctx.db('applications').where({ application_no: no }).first()) as ApplicationRow };
}

describe('报名号: one counter, atomic on both databases', () => {
  test('20 applicants submit at the same moment through the promise step: 20 applications, 20 distinct numbers, no error', async () => {
    const applicants = [];
    for (let n = 0; n < 20; n++) applicants.push(await newApplicant(ctx, n));
    for (const a of applicants) await completeDraft(ctx, a.account, a.certificateId);

    const outcomes = await Promise.all(applicants.map((a) => agreeToPromise(ctx, a.account)));

    for (const o of outcomes) expect(o).toMatchObject({ kind: 'redirect', to: expect.stringMatching(/^done\/\d{8}$/) });
    const rows = await ctx.db('applications').select('application_no', 'account_id');
    expect(rows).toHaveLength(20);
    const numbers = new Set(rows.map((r) => r.application_no));
    expect(numbers.size).toBe(20);
    // Each applicant was sent to the receipt of his own number.
    expect(new Set(outcomes.map((o) => (o.kind === 'redirect' ? o.to.slice(5) : '')))).toEqual(numbers);
    // The numbers are this year's 1…20: the counter went up once per submission and nothing was skipped.
    const sequences = [...numbers].map((no) => Number(no.slice(2))).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(Number((await ctx.db('counters').first()).value)).toBe(20);
    expect(await countRows(ctx, 'drafts')).toBe(0);
    expect(Number((await ctx.db('application_events').where({ action: 'submit' }).count({ n: '*' }).first())?.n)).toBe(20);
    expect(Number((await ctx.db('audit_log').where({ action: 'application.submit' }).count({ n: '*' }).first())?.n)).toBe(20);
  });
});

describe('one open application per certificate, whichever bureau', () => {
  test('步骤六: the same certificate at a second bureau with an open window is refused, naming the first 报名号; another certificate goes through', async () => {
    const { b, no: first } = await submittedApplication(ctx);
    const kaiping = await openKaiping(ctx);
    await walkTo(b, kaiping, await certId(LI_CERT_A));
    const refused = await b.submit('/apply/step/6', { promise: 'agree' });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('error-summary');
    expect(refused.text).toContain(escaped(`该教师资格证书已有正在办理的定期注册申请（报名号 ${first}，台山市教育局，网报待确认），不能同时向多个注册机构申请。`));
    expect(await countRows(ctx, 'applications')).toBe(1);
    expect(await countRows(ctx, 'drafts')).toBe(1); // the draft stays, so the applicant can choose another certificate

    // The other certificate is free: changing it at step 3 lets the submission through.
    const s3 = await postDetails(b, { ...DETAILS, certificateId: String(await certId(LI_CERT_B)) }, null);
    expect(s3.status).toBe(303);
    expect((await b.submit('/apply/step/4', {})).status).toBe(303);
    expect((await b.submit('/apply/step/5', {})).status).toBe(303);
    expect((await b.submit('/apply/step/6', { promise: 'agree' })).status).toBe(303);
    expect(await countRows(ctx, 'applications')).toBe(2);
  });

  test('a concluded application no longer holds its certificate', async () => {
    const { b, row } = await submittedApplication(ctx);
    await staffStatus(ctx, row.id, '暂缓注册');
    const kaiping = await openKaiping(ctx);
    await walkTo(b, kaiping, await certId(LI_CERT_A));
    expect((await b.submit('/apply/step/6', { promise: 'agree' })).status).toBe(303);
    expect(await countRows(ctx, 'applications')).toBe(2);
  });

  test('修改报名信息 (注册信息): changing to a certificate held by another open application is refused, naming it; nothing changes', async () => {
    const { b, no: first, ids } = await submittedApplication(ctx);
    const { no: second, row } = await secondAtKaiping(b);
    const before = await stateOf(ctx, row.id);
    const res = await postEditDetails(b, editDetailsUrl(second), editFields(ids, { certificateId: String(await certId(LI_CERT_A)) }));
    expect(res.status).toBe(409);
    expect(res.text).toContain(escaped(`该教师资格证书已有正在办理的定期注册申请（报名号 ${first}，台山市教育局，网报待确认）`));
    expect(await stateOf(ctx, row.id)).toEqual(before);
    // Its own certificate is not "held by another": an edit keeping it goes through.
    const kept = await postEditDetails(b, editDetailsUrl(second), editFields(ids, { certificateId: String(await certId(LI_CERT_B)), schoolName: '开平市第一中学' }));
    expect(kept.status).toBe(303);
  });

  test('修改报名信息 (注册机构): an application moves to another bureau with its certificate while no other open application holds it', async () => {
    const { b, no, row } = await submittedApplication(ctx);
    await staffStatus(ctx, row.id, '机构选择有误');
    const kaiping = await openKaiping(ctx);
    const res = await b.submit(editBureauUrl(no), { ...BUREAU, bureauId: String(kaiping.bureauId), pointId: String(kaiping.pointId), action: 'save' });
    expect(res.status).toBe(303);
    expect(await ctx.db('applications').where({ id: row.id }).first()).toMatchObject({ bureau_id: kaiping.bureauId, plan_id: kaiping.planId, status: '网报待确认' });
  });

  test('the service refuses any edit that would leave a certificate in two open applications (both parts)', async () => {
    // Two open applications of one certificate cannot be made any more; the edit must not be the way to one.
    const { b, no: first, ids } = await submittedApplication(ctx);
    const { row: second } = await secondAtKaiping(b);
    const account = await liMing();
    const { applications } = ctx.container.services;
    const deps = ctx.container.journeyDeps.registration;
    const answers = JSON.parse(second.data).answers;
    const moved = { ...answers, details: { ...answers.details, certificateId: Number(ids.certificateId) } };
    const { snapshot, columns } = await snapshotOf(deps, account, moved);
    for (const part of ['details', 'bureau'] as const) {
      const result = await applications.applicantEdit(account, second, { part, columns, data: JSON.stringify(snapshot), ip: null });
      expect(result).toEqual({ ok: false, errors: { _form: expect.stringContaining(`报名号 ${first}`) } });
    }
    expect(await ctx.db('applications').where({ id: second.id }).first()).toMatchObject({ certificate_id: second.certificate_id, version: second.version });
  });
});

describe('one open application per certificate, under concurrency', () => {
  test('an edit and a submission taking the same free certificate at the same moment: exactly one goes through', async () => {
    const { b } = await submittedApplication(ctx); // 台山, certificate A
    const { row: second } = await secondAtKaiping(b); // 开平, certificate B
    const { certC, pengjiang } = await thirdCertificateAndBureau();
    const account = await liMing();
    await completeDraft(ctx, account, certC, pengjiang); // a third application, with certificate C, ready to submit
    const deps = ctx.container.journeyDeps.registration;
    const answers = JSON.parse(second.data).answers;
    const { snapshot, columns } = await snapshotOf(deps, account, { ...answers, details: { ...answers.details, certificateId: certC } });

    const [edit, submit] = await Promise.all([
      ctx.container.services.applications.applicantEdit(account, second, { part: 'details', columns, data: JSON.stringify(snapshot), ip: null }),
      agreeToPromise(ctx, account),
    ]);

    const open = await ctx.db('applications').where({ certificate_id: certC }).whereIn('status', ['网报待确认', '待注册审批', '确认未通过', '机构选择有误']);
    expect(open).toHaveLength(1);
    expect([edit.ok, submit.kind === 'redirect'].filter(Boolean)).toHaveLength(1);
  });
});

describe('moving an application to a bureau whose plan already holds another of the applicant\'s applications', () => {
  test('修改报名信息 (注册机构): a message, not a 500; nothing changes', async () => {
    const { b, no: first, ids } = await submittedApplication(ctx);
    const { no: second, row } = await secondAtKaiping(b);
    await staffStatus(ctx, row.id, '机构选择有误');
    const before = await stateOf(ctx, row.id);
    const res = await b.submit(editBureauUrl(second), { ...BUREAU, bureauId: ids.bureauId, pointId: ids.pointId, action: 'save' });
    expect(res.status).toBe(409);
    expect(res.text).toContain(escaped(`您在该机构的网报计划中已有报名信息（报名号 ${first}），不能再将本报名改到该机构。`));
    expect(res.text).toContain('error-summary');
    expect(await stateOf(ctx, row.id)).toEqual(before);
  });

  test('two moves into the same plan at once: the unique (account, plan) index lets one through, the other gets the message', async () => {
    // 李明 holds three applications: 台山 is free once the first moves away, and two others race into it.
    const account = await liMing();
    const kaiping = await openKaiping(ctx);
    const { certC, pengjiang, tsPlan } = await thirdCertificateAndBureau();
    await completeDraft(ctx, account, await certId(LI_CERT_B), kaiping);
    expect(await agreeToPromise(ctx, account)).toMatchObject({ kind: 'redirect' });
    await completeDraft(ctx, account, certC, pengjiang);
    expect(await agreeToPromise(ctx, account)).toMatchObject({ kind: 'redirect' });
    const rows: ApplicationRow[] = await ctx.db('applications').where({ account_id: account.id }).orderBy('id');
    expect(rows).toHaveLength(2);

    // Both move to 台山 at the same moment (each passed its own check before either wrote).
    const { applications, places } = ctx.container.services;
    const deps = ctx.container.journeyDeps.registration;
    const toTaishan = await places.chooseBureau({ ...BUREAU, bureauId: String(tsPlan.bureau_id), pointId: String((await ctx.db('confirmation_points').where({ bureau_id: tsPlan.bureau_id }).first('id')).id), q: '' });
    const edits = await Promise.all(rows.map(async (row) => {
      const answers = { ...JSON.parse(row.data).answers, bureau: toTaishan.answers };
      const { snapshot, columns } = await snapshotOf(deps, account, answers);
      return applications.applicantEdit(account, row, { part: 'bureau', columns, data: JSON.stringify(snapshot), ip: null });
    }));
    expect(edits.filter((e) => e.ok)).toHaveLength(1);
    const refused = edits.find((e) => !e.ok);
    expect(refused).toEqual({ ok: false, errors: { _form: expect.stringContaining('您在该机构的网报计划中已有报名信息') } });
    const after: ApplicationRow[] = await ctx.db('applications').where({ account_id: account.id }).orderBy('id');
    expect(after.filter((a) => a.plan_id === tsPlan.id)).toHaveLength(1);
    expect(new Set(after.map((a) => a.plan_id)).size).toBe(2);
  });
});
