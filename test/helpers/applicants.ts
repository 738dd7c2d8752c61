import type { TestContext } from './app';
import { DEMO } from './app';
import { BUREAU, cameraPhoto, DETAILS } from './wizard';
import { checkDetails, registrationJourney } from '../../src/journeys/registration';
import type { Answers } from '../../src/journeys/registration';
import type { StepInput, StepOutcome } from '../../src/journeys/engine';
import type { AccountRow } from '../../src/repositories/accounts';
import { gb11643CheckChar } from '../../src/domain/identity';

/** What a copied row resets to be a plain row from before encryption (the sealing step encrypts and indexes it). */
export const PLAIN = {
  accounts: { id_number_index: null, mobile_index: null, key_version: null },
  certificates: { id_number_index: null, key_version: null },
};

/** A valid 居民身份证 number of 台山 (440781), born 1985-03-15, male (odd 17th digit), numbered by `n` (0–498; 李明's own number skipped). */
export function idNumberFor(n: number): string {
  // Odd sequence numbers (men, born the day 李明 was), skipping 李明's own 123: n = 61 would otherwise be him.
  const sequence = n * 2 + 1 >= 123 ? n * 2 + 3 : n * 2 + 1;
  if (sequence > 999) throw new Error(`idNumberFor(${n}): no sequence number left`);
  const first17 = `44078119850315${String(sequence).padStart(3, '0')}`;
  return first17 + gb11643CheckChar(first17);
}

export interface Applicant { account: AccountRow; idNumber: string; password: string; certificateId: number }

/**
 * Another applicant like 李明, as the demo seed makes him: a verified account and a synced certificate (a copy
 * of 李明's first one, with its two registration records, so it is due now), under a new ID number and name.
 */
export async function newApplicant(ctx: TestContext, n: number): Promise<Applicant> {
  const [liAccount] = await ctx.container.repos.accounts.findByIdNumber(DEMO.liMing.idNumber);
  const li = await ctx.db('accounts').where({ id: liAccount.id }).first();
  const liCert = await ctx.db('certificates').where({ cert_number: '20094478131000123' }).first();
  const idNumber = idNumberFor(n);
  const name = `测试${String.fromCharCode(0x4e00 + n)}`;
  const { id: _id, ...accountRow } = li;
  // Written plain (as before encryption) and sealed by the start-up step, which tests the upgrade path on the way.
  await ctx.db('accounts').insert({
    ...accountRow, id_number: idNumber, name, email: `t${n}@example.com`, mobile: `1380750${String(n).padStart(4, '0')}`, session_epoch: 0,
    last_login_at: null, previous_login_at: null, ...PLAIN.accounts,
  });
  const { id: certId, ...certRow } = liCert;
  const [inserted] = await ctx.db('certificates')
    .insert({ ...certRow, cert_number: `2009447813${String(9_000_000 + n)}`, holder_name: name, id_number: idNumber, account_id: null, ...PLAIN.certificates })
    .returning('id');
  await ctx.container.services.protection.sealLegacyRows();
  const [account] = await ctx.container.repos.accounts.findByIdNumber(idNumber);
  const certificateId = typeof inserted === 'number' ? inserted : (inserted as { id: number }).id;
  const records = await ctx.db('registration_records').where({ certificate_id: certId });
  for (const { id: _r, ...r } of records) await ctx.db('registration_records').insert({ ...r, certificate_id: certificateId });
  return { account, idNumber, password: DEMO.liMing.password, certificateId };
}

/**
 * A complete 定期注册 draft for an account, made through the journey's own rules (step 2's cascade, step 3's
 * parser and photo handling), as bench/pdf.ts does: what the promise step will submit.
 */
export async function completeDraft(ctx: TestContext, account: AccountRow, certificateId: number,
  place: { bureauId: number; pointId: number } | null = null): Promise<Answers> {
  const { places, drafts } = ctx.container.services;
  const deps = ctx.container.journeyDeps.registration;
  const where = place ?? (await demoPlace(ctx));
  const sel = { ...BUREAU, bureauId: String(where.bureauId), pointId: String(where.pointId), q: '' };
  const chosen = await places.chooseBureau(sel);
  if (!chosen.answers) throw new Error(`bureau: ${JSON.stringify(chosen.errors)}`);
  const start = { answers: { agreement: { agreed: true as const }, bureau: chosen.answers } };
  await drafts.save(account.id, 'registration', start);
  const { verdict } = await checkDetails(deps, account, start, { ...DETAILS, certificateId: String(certificateId) },
    { file: await cameraPhoto(), error: null }, (next, trx) => drafts.save(account.id, 'registration', next, trx));
  if (verdict.errors) throw new Error(`details: ${JSON.stringify(verdict.errors)}`);
  const draft = await drafts.find<Answers>(account.id, 'registration');
  const answers: Answers = { ...draft.answers, review: { confirmed: true }, notes: { read: true } };
  await drafts.save(account.id, 'registration', { answers });
  return answers;
}

/** 步骤六 同意, through the journey's promise step (the service path the wizard's POST takes). */
export async function agreeToPromise(ctx: TestContext, account: AccountRow): Promise<StepOutcome> {
  const input: StepInput = { method: 'POST', query: {}, body: { promise: 'agree' }, file: () => null, fileError: () => null, fromReview: false, ip: '127.0.0.1' };
  const draft = await ctx.container.services.drafts.find<Answers>(account.id, 'registration');
  const promise = registrationJourney.steps[registrationJourney.steps.length - 1];
  return promise.submit({ account, draft, input, deps: ctx.container.journeyDeps.registration });
}

/** The 台山 bureau and its first point. */
export async function demoPlace(ctx: TestContext): Promise<{ bureauId: number; pointId: number }> {
  const bureau = await ctx.db('bureaus').where({ name: '台山市教育局' }).first('id');
  const point = await ctx.db('confirmation_points').where({ bureau_id: bureau.id }).orderBy('id').first('id');
  return { bureauId: bureau.id, pointId: point.id };
}

/**
 * 开平市教育局: the demo gives it a plan whose online window is open too, but no confirmation point (the seeds'
 * "no points" message); this adds one, so the same applicant may choose it while 台山's window is open.
 */
export async function openKaiping(ctx: TestContext): Promise<{ bureauId: number; pointId: number; planId: number }> {
  const bureau = await ctx.db('bureaus').where({ name: '开平市教育局' }).first('id');
  const [point] = await ctx.db('confirmation_points')
    .insert({ bureau_id: bureau.id, name: '开平市教育局人事股', scope: '开平市各中小学', address: '开平市长沙街道', phone: '0750-2200001', active: true })
    .returning('id');
  const plan = await ctx.db('plans').where({ bureau_id: bureau.id, business: 'registration' }).first('id');
  return { bureauId: bureau.id, pointId: typeof point === 'number' ? point : (point as { id: number }).id, planId: plan.id };
}
