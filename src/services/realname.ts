import fs from 'node:fs';
import type { Knex } from 'knex';
import type { Clock } from '../clock';
import type { AccountRow, AccountsRepo } from '../repositories/accounts';
import type { RealnameRepo, RealnameReviewRow } from '../repositories/realname';
import type { FilesRepo } from '../repositories/files';
import type { CertificatesRepo } from '../repositories/certificates';
import type { ApplicationsRepo } from '../repositories/applications';
import { locksIdentity } from '../domain/applicationStatus';
import { localDate } from '../domain/dates';
import { idNumberProblem, isIdTypeCode } from '../domain/identity';
import { nameProblem } from '../domain/personalInfo';
import { REALNAME_DAILY_LIMIT, REVIEW_PERIOD_LIMIT, reviewPeriodStart } from '../domain/realname';
import { fail, ok, Result } from '../domain/validation';
import type { NormalisedImage } from './images';
import type { AccountNotices } from './accountNotices';
import { auditTarget, Actor, AuditEntry, AuditService } from './audit';
import { M } from '../messages';

/** Answers whether a name belongs to an identity document. Pluggable: a bureau may wire a real service. */
export interface IdentityVerifier {
  verify(person: { idType: string; idNumber: string; name: string }): Promise<{ passed: boolean; reason?: string }>;
}

/**
 * Default verifier: the document number must pass its own rules and the name must be well formed; when
 * the bureau provides an identity list (CSV lines "证件号码,姓名"), the pair must also be on it.
 */
export function createLocalVerifier(identityListPath: string | null, today: () => Date): IdentityVerifier {
  let list: Map<string, string> | null = null;
  if (identityListPath) {
    list = new Map();
    for (const line of fs.readFileSync(identityListPath, 'utf8').split(/\r?\n/)) {
      const [number, name] = line.split(',').map((s) => s.trim());
      if (number && name) list.set(number.toUpperCase(), name);
    }
  }
  return {
    async verify({ idType, idNumber, name }) {
      if (!isIdTypeCode(idType) || idNumberProblem(idType, idNumber, today())) return { passed: false, reason: 'document' };
      if (nameProblem(name, idType)) return { passed: false, reason: 'name' };
      if (list && list.get(idNumber) !== name) return { passed: false, reason: 'list' };
      return { passed: true };
    },
  };
}

/** Thrown inside the decision's transaction to roll it back when another reviewer decided first. */
class AlreadyDecided extends Error {}

export function createRealnameService(deps: {
  db: Knex; accounts: AccountsRepo; realname: RealnameRepo; files: FilesRepo; certificates: CertificatesRepo; applications: ApplicationsRepo;
  audit: AuditService; verifier: IdentityVerifier; clock: Clock; timeZone: string;
  /** Tells the applicant a 人工审核 request was decided (omitted: nobody is told, as in unit set-ups). */
  notices?: AccountNotices;
}) {
  const { accounts, realname, clock } = deps;
  /** The applicant's own 实名认证 steps: actor and target are the account. */
  const byOwner = (account: AccountRow, ip: string | null): { actor: Actor; entry: AuditEntry } =>
    ({ actor: { kind: 'applicant', accountId: account.id }, entry: { target: auditTarget.account(account.id), ip } });

  /** "申报信息正在审批中的将不允许修改个人身份信息": the name is part of the identity. */
  const renameLocked = async (account: AccountRow, name: string) =>
    name !== account.name && (await deps.applications.statusesOf(account.id)).some(locksIdentity);

  /**
   * The only way the name changes (a passed check, an approved review). In one transaction the account's
   * certificates (and with them its registration history) are linked to it first, under the name they
   * were found by, so they stay the account's after the rename; the certificates keep the name they bear.
   */
  async function verifyName(account: AccountRow, name: string, now: string, more?: (trx: Knex.Transaction) => Promise<unknown>) {
    await deps.db.transaction(async (trx) => {
      await deps.certificates.linkToAccount(account.id, account.id_number, account.name, trx);
      if (name !== account.name) await deps.certificates.linkToAccount(account.id, account.id_number, name, trx);
      await accounts.update(account.id, { name, realname_status: 'verified', realname_verified_at: now, updated_at: now }, trx);
      if (more) await more(trx);
    });
  }
  const startOfLocalDay = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString();
  // The bureau's day: counted in its time zone (China has one, UTC+8, without daylight saving).
  const today = () => localDate(clock.now(), deps.timeZone);

  return {
    async attemptsLeftToday(accountId: number): Promise<number> {
      const used = await realname.countChecksSince(accountId, startOfLocalDay(today()));
      return Math.max(REALNAME_DAILY_LIMIT - used, 0);
    },

    /**
     * One 实名认证 attempt: the check, its outcome on the account and its audit row commit together. A request
     * refused before the verifier is asked (pending review, locked, daily limit) is no check and leaves no row.
     */
    async check(account: AccountRow, name: string, ip: string | null): Promise<Result<void>> {
      if (account.realname_status === 'pending_review') return fail({ _form: M.realname.pending });
      if (await renameLocked(account, name)) return fail({ _form: M.identity.locked });
      if ((await this.attemptsLeftToday(account.id)) <= 0) return fail({ _form: M.realname.dailyLimit });
      const outcome = await deps.verifier.verify({ idType: account.id_type, idNumber: account.id_number, name });
      const now = clock.now().toISOString();
      const { actor, entry } = byOwner(account, ip);
      const insertCheck = (trx: Knex.Transaction) =>
        realname.insertCheck({ account_id: account.id, name_tried: name, passed: outcome.passed, reason: outcome.reason ?? null, created_at: now }, trx);
      if (!outcome.passed) {
        await deps.db.transaction(async (trx) => {
          await insertCheck(trx);
          if (account.realname_status !== 'verified') await accounts.update(account.id, { realname_status: 'failed', updated_at: now }, trx);
          await deps.audit.record(actor, 'realname.failed', entry, trx);
        });
        return fail({ name: account.realname_status === 'verified' ? M.realname.updateFailed : M.realname.failed });
      }
      await verifyName(account, name, now, async (trx) => {
        await insertCheck(trx);
        await deps.audit.record(actor, 'realname.passed', entry, trx);
      });
      return ok(undefined);
    },

    reviews: (accountId: number): Promise<RealnameReviewRow[]> => realname.reviewsOf(accountId),

    async reviewsLeftThisPeriod(accountId: number): Promise<number> {
      const used = await realname.countReviewsSince(accountId, startOfLocalDay(reviewPeriodStart(today())));
      return Math.max(REVIEW_PERIOD_LIMIT - used, 0);
    },

    async canRequestReview(account: AccountRow): Promise<Result<void>> {
      if (account.realname_status === 'verified') return fail({ _form: M.realname.already });
      if (account.realname_status === 'pending_review') return fail({ _form: M.realname.pending });
      if (account.realname_status !== 'failed') return fail({ _form: M.realname.reviewNeedsFailure });
      if ((await this.reviewsLeftThisPeriod(account.id)) <= 0) return fail({ _form: M.realname.reviewLimit });
      return ok(undefined);
    },

    /** Stores both photos and the request in one transaction; the account waits in pending_review. */
    async requestReview(account: AccountRow, name: string, note: string, front: NormalisedImage, back: NormalisedImage, ip: string | null): Promise<Result<void>> {
      const allowed = await this.canRequestReview(account);
      if (!allowed.ok) return allowed;
      if (await renameLocked(account, name)) return fail({ _form: M.identity.locked });
      const now = clock.now().toISOString();
      await deps.db.transaction(async (trx) => {
        const fileRow = (img: NormalisedImage, kind: string) => ({
          kind, mime: img.mime, size: img.data.length, width: img.width, height: img.height, data: img.data, account_id: account.id, created_at: now,
        });
        const frontId = await deps.files.insert(fileRow(front, 'id-front'), trx);
        const backId = await deps.files.insert(fileRow(back, 'id-back'), trx);
        await realname.insertReview({ account_id: account.id, name, status: 'pending', front_file_id: frontId, back_file_id: backId, applicant_note: note || null, created_at: now }, trx);
        await accounts.update(account.id, { realname_status: 'pending_review', updated_at: now }, trx);
        const { actor, entry } = byOwner(account, ip);
        await deps.audit.record(actor, 'realname.review-requested', entry, trx);
      });
      return ok(undefined);
    },

    /** The 人工审核 queue and one request (staff pages; who may see them is the route's `requireRole`). */
    pendingReviews: () => realname.pendingReviews(),
    findReview: (id: number) => realname.findReviewView(id),
    /** One of a request's two photos (front/back), only through its request. */
    async reviewPhoto(id: number, side: 'front' | 'back') {
      const review = await realname.findReview(id);
      const fileId = review && (side === 'front' ? review.front_file_id : review.back_file_id);
      return review && fileId ? deps.files.findForAccount(fileId, review.account_id) : undefined;
    },

    /**
     * A reviewer's decision on a pending 人工审核 request: approved, the account is verified under the
     * requested name, as by a passed check; rejected (a reason is required, the applicant reads it), it is
     * back to failed. A rename is refused while an application is under review, as everywhere else. The
     * decision and its audit row (by the acting staff user, on the account) commit together.
     */
    async decideReview(actor: Actor, reviewId: number, approve: boolean, reviewerNote: string | null, ip: string | null): Promise<Result<void>> {
      const note = reviewerNote?.trim() || null;
      if (!approve && !note) return fail({ reason: M.queues.reasonRequired });
      if (note && [...note].length > 200) return fail({ reason: M.queues.reasonTooLong(200) });
      const review = await realname.findReview(reviewId);
      const account = review && (await accounts.findById(review.account_id));
      if (!review || !account || review.status !== 'pending') return fail({ _form: M.realname.reviewDecided });
      if (approve && (await renameLocked(account, review.name))) return fail({ _form: M.identity.locked });
      const now = clock.now().toISOString();
      let decided = 0;
      const decide = async (trx: Knex.Transaction) => {
        // Only a pending request is decided: two reviewers at once, the second changes nothing.
        decided = await realname.decideReview(review.id, { status: approve ? 'approved' : 'rejected', reviewer_note: note, decided_at: now }, trx);
        if (decided !== 1) throw new AlreadyDecided();
        await deps.audit.record(actor, 'realname.review-decided', {
          target: auditTarget.account(account.id), ip,
          detail: { review: review.id, decision: approve ? 'approved' : 'rejected', name: review.name, previousName: account.name, reason: note },
        }, trx);
      };
      try {
        if (approve) await verifyName(account, review.name, now, decide);
        else {
          await deps.db.transaction(async (trx) => {
            await decide(trx);
            await accounts.update(account.id, { realname_status: 'failed', updated_at: now }, trx);
          });
        }
      } catch (err) {
        if (err instanceof AlreadyDecided) return fail({ _form: M.realname.reviewDecided });
        throw err;
      }
      await deps.notices?.tell(account.id, `您的实名认证人工审核申请${approve ? '已通过' : '未通过'}，请登录系统在“实名认证”中查看。`, '人工审核结果', `realname review ${review.id}`);
      return ok(undefined);
    },
  };
}
export type RealnameService = ReturnType<typeof createRealnameService>;
