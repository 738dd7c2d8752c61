import type { Knex } from 'knex';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { AccountRow, AccountsRepo } from '../repositories/accounts';
import type { CertificatesRepo } from '../repositories/certificates';
import type { AccountNotices } from './accountNotices';
import type { ReferenceDataService } from './referenceData';
import type { ApplicationColumns, ApplicationRow, ApplicationsRepo, EventRow } from '../repositories/applications';
import type { MessagesRepo } from '../repositories/messages';
import type { DraftsRepo } from '../repositories/drafts';
import { localDate } from '../domain/dates';
import { applicationNumber, coversStage, insideOnlineWindow, windowText, WINDOW_MESSAGES } from '../domain/planWindow';
import { actionInputsOf, actionLabelsOf, applicantMayEdit, isConcludedStatus, REASON_MAX, STATUS, transition, Action, TransitionInput } from '../domain/applicationStatus';
import { putonghuaNeedsCheck } from '../domain/certification/counter';
import { applicationNotice } from '../domain/applicationNotices';
import { M } from '../messages';
import type { DataProtector } from '../security/dataProtector';
import { canonicalConclusion, CONCLUSION_SEAL_PURPOSE, LEGACY_SEAL, sealStateOf, type SealState } from '../domain/conclusionSeal';
import { scopeOf, StaffPrincipal } from '../domain/principal';
import type { QueueFilter, StaffQueueRepo } from '../repositories/staffQueue';

/** A staff action on a version someone else has already moved on. */
export const TAKEN_BY_OTHERS = '该报名信息已被其他人处理，请刷新后重试';

/** Rows per page of a staff list. */
export const STAFF_PAGE_SIZE = 20;

/** At most this many applications in one bulk conclusion (each is its own transaction). */
export const BULK_MAX = 200;

/** The conclusions a reviewer may give to many applications at once (机构选择有误 and 退回修改 are one by one). */
export const BULK_ACTIONS = ['approve', 'defer', 'reject', 'notEligible'] as const satisfies readonly Action[];
export type BulkAction = (typeof BULK_ACTIONS)[number];
/** The bulk conclusions a business has (认定: 认定通过, 认定不通过). */
export const bulkActionsOf = (business: string): readonly BulkAction[] =>
  business === 'certification' ? ['approve', 'reject'] : BULK_ACTIONS;

/**
 * The conclusions that write a registration record (定期注册信息), in the status change's transaction. The
 * national 定期注册信息 lists each registration with its 注册结论, and the 暂行办法 knows three: 合格, 暂缓, 不合格;
 * registrationDue counts only 注册合格 for the next due date, and shows the latest record as 上次注册. 不属于注册对象
 * writes none: the bureau found the teacher outside registration, so no registration of the certificate took place.
 */
const RECORDED_CONCLUSIONS: readonly Action[] = ['approve', 'defer', 'reject'];

/** One row of a bulk conclusion: the 报名号 and the version the reviewer saw. */
export interface BulkItem { no: string; version: number }
export type BulkOutcome = { no: string; ok: true; name: string; status: string } | { no: string; ok: false; name: string; message: string };
import { materialsLine } from '../domain/materials';
import type { Business } from '../domain/business';
import { fail, ok, Result } from '../domain/validation';
import type { PlacesService } from './places';
import { auditTarget, AuditService, Actor, LIFECYCLE_AUDIT_ACTIONS } from './audit';
import { maskIdNumber } from '../domain/personalInfo';

/** Statuses in which an application still holds its certificate: a second application of it elsewhere is refused. */
const OPEN_STATUSES = [STATUS.pendingConfirmation, STATUS.awaitingApproval, STATUS.confirmationFailed, STATUS.wrongBureau] as const;

export interface NewSubmission {
  account: AccountRow;
  /** The journey whose draft becomes this application (and is removed in the same transaction). */
  journey: string;
  columns: ApplicationColumns;
  /** The submission snapshot (JSON): what staff screens and the printed form show. */
  data: string;
  ip: string | null;
}

/**
 * Applications, shared by applicants and staff: find, submit, edit, events, messages. Every change writes its
 * event and its audit row in the same transaction as the change itself.
 */
export function createApplicationsService(deps: {
  db: Knex; applications: ApplicationsRepo; messages: MessagesRepo; drafts: DraftsRepo; places: PlacesService; audit: AuditService;
  queue: StaffQueueRepo; clock: Clock; config: Pick<Config, 'timeZone'>;
  accounts: AccountsRepo; certificates: CertificatesRepo; reference: ReferenceDataService; notices: AccountNotices;
  protector: Pick<DataProtector, 'mac' | 'verifyMac' | 'currentVersion'>;
}) {
  const { applications: repo, clock, config } = deps;
  const { notices } = deps;
  const nowIso = () => clock.now().toISOString();
  const applicant = (account: AccountRow): Actor => ({ kind: 'applicant', accountId: account.id });

  const service = {
    ofAccount: (accountId: number, business?: Business) => repo.ofAccount(accountId, business),
    statusesOf: (accountId: number) => repo.statusesOf(accountId),
    /** An applicant's own application by 报名号 (of one business when given); anyone else's reads as not found. */
    findOwn: (accountId: number, no: string, business?: Business) => (/^\d{8}$/.test(no) ? repo.findOfAccount(no, accountId, business) : Promise.resolve(undefined)),
    existingForPlan: (accountId: number, planId: number) => repo.findForPlan(accountId, planId),
    events: (applicationId: number): Promise<EventRow[]> => repo.events.of(applicationId),
    unreadCounts: (ids: number[]) => deps.messages.unreadCounts(ids),
    messageCounts: (ids: number[]) => deps.messages.counts(ids),
    /** The messages of an application; reading them marks them read. */
    async readMessages(application: ApplicationRow) {
      const rows = await deps.messages.of(application.id);
      await deps.messages.markRead(application.id, nowIso());
      return rows;
    },

    /**
     * 定期注册材料确认情况: the line for the application's status (the missing list only while 确认未通过; the
     * reason of a 退回修改 that brought it back to 网报待确认, if the last status change was one).
     */
    async materials(application: ApplicationRow): Promise<string> {
      const readsEvents = application.status === STATUS.confirmationFailed || application.status === STATUS.pendingConfirmation;
      const events = readsEvents ? [...(await repo.events.of(application.id))].reverse() : [];
      const missing = application.status === STATUS.confirmationFailed
        ? events.find((e) => e.to_status === STATUS.confirmationFailed && e.missing_materials)?.missing_materials ?? null : null;
      // The last event that changed the status (edits keep it), so an edit after the return keeps the line.
      const lastMove = events.find((e) => e.from_status !== e.to_status);
      const returned = application.status === STATUS.pendingConfirmation && lastMove?.action === 'returnForCorrection' ? lastMove.reason : null;
      const bureau = application.status === STATUS.pendingConfirmation ? (await deps.places.findBureau(application.bureau_id))?.name ?? '' : '';
      return materialsLine(application.status, missing, returned, bureau);
    },

    /**
     * What the applicant may change now (`applicantMayEdit`): the 注册信息 until the confirmation end (the point's,
     * else the plan's), the bureau inside the online window — or, in 机构选择有误, whatever that window says.
     */
    async editRights(application: ApplicationRow) {
      const online = await deps.places.insideOnlineWindow(application.plan_id);
      let beforeConfirmationEnd = false;
      if (!online && application.status === STATUS.pendingConfirmation) {
        const { plan, point } = await deps.places.confirmationDetails(application);
        const end = point?.confirm_end ?? plan?.confirm_end;
        // From the online start (a plan moved later has not begun) to the confirmation end.
        beforeConfirmationEnd = Boolean(plan && end && plan.online_start <= nowIso() && nowIso() <= end);
      }
      return applicantMayEdit(application.status, { online, beforeConfirmationEnd }, application.business);
    },

    /** The application of this business submitted in the last ten minutes, if any: what a retried 提交 should land on. */
    async recentSubmission(accountId: number, business: Business): Promise<ApplicationRow | null> {
      const latest = (await repo.ofAccount(accountId, business))[0];
      return latest && Date.parse(nowIso()) - Date.parse(latest.submitted_at) < 10 * 60_000 ? latest : null;
    },

    /**
     * 个人承诺 同意: one transaction takes a 报名号, makes the application (网报待确认), its first event and audit
     * row, and removes the draft. A second submission (double click, two tabs, a retried POST) finds the
     * application and returns it: one account, one application per plan. A certificate already in an open
     * application (another bureau's window may be open too) is refused, naming that application.
     */
    async submit(s: NewSubmission): Promise<Result<ApplicationRow>> {
      const { account } = s;
      const plan = await deps.places.findPlan(s.columns.plan_id);
      if (!plan) return fail({ _form: '该机构未设置网报计划，请联系所选的教育局。' });
      const existing = await repo.findForPlan(account.id, plan.id);
      if (existing) {
        await deps.drafts.remove(account.id, s.journey);
        return ok(existing);
      }
      // The plan may have been edited since step 2: a 学段 it no longer takes is refused (applications of it keep it).
      if (s.columns.teaching_stage && !coversStage(plan, s.columns.teaching_stage)) return fail({ _form: WINDOW_MESSAGES.stageNotCovered });
      if (!insideOnlineWindow(plan, nowIso())) {
        return fail({ _form: `当前时间不在该机构的网报时间段内（网报时间：${windowText(plan.online_start, plan.online_end, config.timeZone)}），无法提交。` });
      }
      const now = nowIso();
      try {
        const application = await deps.db.transaction(async (trx): Promise<ApplicationRow | { blocking: ApplicationRow }> => {
          // Checked under the certificate's lock: two submissions of one certificate cannot both see it free.
          const blocking = await holder(s.columns.certificate_id, undefined, trx);
          // The holder may be this very submission, made by a simultaneous second click that won the lock: return it.
          if (blocking && blocking.account_id === account.id && blocking.plan_id === plan.id) return blocking;
          if (blocking) return { blocking };
          const year = Number(localDate(clock.now(), config.timeZone).slice(0, 4));
          const sequence = await repo.nextSequence(`application_no:${year}`, trx);
          const row: Omit<ApplicationRow, 'id'> = {
            ...s.columns, application_no: applicationNumber(year, sequence), account_id: account.id, status: STATUS.pendingConfirmation,
            data: s.data, version: 1, submitted_at: now, created_at: now, updated_at: now,
          };
          const id = await repo.insert(row, trx);
          await repo.events.insert({ application_id: id, actor_type: 'applicant', actor_id: account.id, action: 'submit', from_status: null, to_status: STATUS.pendingConfirmation, reason: null, missing_materials: null, created_at: now }, trx);
          await deps.audit.record(applicant(account), 'application.submit', { target: auditTarget.application(row.application_no), ip: s.ip }, trx);
          await deps.drafts.remove(account.id, s.journey, trx);
          return { ...row, id };
        });
        if ('blocking' in application) return fail({ _form: await certificateBusy(application.blocking) });
        return ok(application);
      } catch (err) {
        // Two submissions racing: the unique (account, plan) index lets one through; the other returns it.
        const raced = await repo.findForPlan(account.id, plan.id);
        if (raced) return ok(raced);
        throw err;
      }
    },

    /**
     * 修改报名信息 (定期注册) and 修改认定报名信息 (认定, business from the row): writes the new snapshot and columns onto
     * the application (only at the version the form was loaded with), bumps its version and records the event and the audit row.
     */
    async applicantEdit(account: AccountRow, application: ApplicationRow, change: { part: 'bureau' | 'details' | 'identity'; columns: Partial<ApplicationColumns>; data: string; ip: string | null }): Promise<Result<void>> {
      const rights = await service.editRights(application);
      // 认定's 身份信息 (考试形式, 普通话, 在校生) is part of its 认定信息: the same right.
      if (!rights[change.part === 'bureau' ? 'bureau' : 'details']) return fail({ _form: '当前状态或时间不允许修改报名信息' });
      if (change.columns.plan_id !== undefined && change.columns.plan_id !== application.plan_id) {
        const other = await repo.findForPlan(account.id, change.columns.plan_id);
        if (other) return fail({ _form: `您在该机构的网报计划中已有报名信息（报名号 ${other.application_no}），不能再将本报名改到该机构。请选择其他注册机构，或直接查看已有的报名信息。` });
      }
      // The certificate the application will hold must not be in another open application, at any bureau: the
      // rule of 提交 holds for 修改报名信息 too (otherwise an edit would be the way round it).
      const certificateId = change.columns.certificate_id !== undefined ? change.columns.certificate_id : application.certificate_id;
      const now = nowIso();
      const newStatus = change.part === 'bureau' && application.status === STATUS.wrongBureau ? STATUS.pendingConfirmation : application.status;
      const certification = application.business === 'certification';
      const reason = change.part === 'bureau' ? (certification ? '修改认定机构' : '修改注册机构') : (certification ? '修改认定信息' : '修改注册信息');
      try {
        const updated = await deps.db.transaction(async (trx): Promise<boolean | { blocking: ApplicationRow }> => {
          const blocking = await holder(certificateId, application.id, trx);
          if (blocking) return { blocking };
          const count = await repo.update(application.id, application.version, { ...change.columns, data: change.data, updated_at: now, status: newStatus }, trx);
          if (count !== 1) return false;
          await repo.events.insert({ application_id: application.id, actor_type: 'applicant', actor_id: account.id, action: 'edit', from_status: application.status, to_status: newStatus, reason, missing_materials: null, created_at: now }, trx);
          await deps.audit.record(applicant(account), change.part === 'bureau' && application.status === STATUS.wrongBureau ? 'application.correct-bureau' : 'application.edit', { target: auditTarget.application(application.application_no), detail: reason, ip: change.ip }, trx);
          return true;
        });
        if (typeof updated === 'object') return fail({ _form: await certificateBusy(updated.blocking) });
        return updated ? ok(undefined) : fail({ _form: '报名信息已在其他页面修改，请刷新后重试' });
      } catch (err) {
        // A plan taken by another of this applicant's applications between the check and the write (unique index).
        // Only another application counts: finding this one (its plan unchanged) must not hide a real failure.
        const other = change.columns.plan_id !== undefined ? await repo.findForPlan(account.id, change.columns.plan_id) : undefined;
        if (other && other.id !== application.id) {
          return fail({ _form: `您在该机构的网报计划中已有报名信息（报名号 ${other.application_no}），不能再将本报名改到该机构。请选择其他注册机构，或直接查看已有的报名信息。` });
        }
        throw err;
      }
    },
  };

  /** Staff lifecycle actions (材料齐全, 材料不全, 退回修改, 机构选择有误, the conclusions), by the table in domain/applicationStatus.ts. */
  const staff = {
    /** An application by 报名号 inside the staff user's scope (the repository applies it). */
    find: (actor: StaffPrincipal, no: string) => (/^\d{8}$/.test(no) ? repo.findInScope(no, scopeOf(actor)) : Promise.resolve(undefined)),

    /** A page of the applications the staff user may see, newest first, with the counts by status. */
    async queue(actor: StaffPrincipal, filter: QueueFilter, page: number, pageSize = STAFF_PAGE_SIZE) {
      const scope = scopeOf(actor);
      // The counts by status hold the total: every status, or the one the filter asks for.
      const counts = await deps.queue.countsByStatus(scope, filter);
      const total = filter.status ? counts[filter.status] ?? 0 : Object.values(counts).reduce((sum, n) => sum + n, 0);
      const pages = Math.max(1, Math.ceil(total / pageSize));
      const rows = page > pages ? [] : await deps.queue.page(scope, filter, page, pageSize);
      const byBusiness = await deps.queue.countsByBusiness(scope, filter);
      return { rows, total, page, pages, counts, byBusiness };
    },

    /**
     * Whether a concluded application still matches its seal (domain/conclusionSeal.ts): staff pages warn when a
     * conclusion, its reason or its 注册记录 was changed in the database directly.
     */
    async sealState(application: ApplicationRow): Promise<SealState> {
      if (!isConcludedStatus(application.status) && !application.conclusion_seal) return 'notConcluded';
      const { event, record } = await repo.conclusionEvidence(application.id, application.status);
      return sealStateOf(application.status, application.conclusion_seal, () =>
        deps.protector.verifyMac(CONCLUSION_SEAL_PURPOSE, canonicalConclusion(application, event, record), application.conclusion_seal as string));
    },

    /**
     * Key rotation: a seal that verifies (under any key still held) is made again under the current key; a broken one
     * is left as it is (it shows as broken before and after). Legacy and current seals are untouched.
     */
    async resealConclusion(application: ApplicationRow): Promise<'resealed' | 'current' | 'broken' | 'skipped'> {
      const seal = application.conclusion_seal;
      if (!seal || seal === LEGACY_SEAL) return 'skipped';
      if (seal.startsWith(`v${deps.protector.currentVersion}:`)) return 'current';
      if (await staff.sealState(application) !== 'valid') return 'broken';
      const { event, record } = await repo.conclusionEvidence(application.id, application.status);
      await deps.db.transaction((trx) => repo.setSeal(application.id, deps.protector.mac(CONCLUSION_SEAL_PURPOSE, canonicalConclusion(application, event, record)), trx));
      return 'resealed';
    },

    /** Its history and messages, as staff read them (reading does not mark the applicant's messages read). */
    async history(application: ApplicationRow) {
      return { events: await repo.events.of(application.id), messages: await deps.messages.of(application.id) };
    },

    /**
     * Moves an application on: the table says whether this role may, from this status, with these inputs; the
     * counter works inside the confirmation window. The status change (at the version the clerk saw), its event
     * and its audit row are one transaction.
     */
    async transition(actor: StaffPrincipal, application: ApplicationRow, action: Action, input: TransitionInput & { ip?: string | null; putonghuaChecked?: boolean } = {}): Promise<Result<ApplicationRow>> {
      const inScope = await repo.findInScope(application.application_no, scopeOf(actor));
      if (!inScope) return fail({ _form: '未找到该报名信息' });
      // The business is the stored row's: it decides the table, the words and whether a 注册记录 is written.
      const business = inScope.business;
      const labels = actionLabelsOf(business);
      const verdict = transition(application.status, action, actor.role, input, business);
      if (!verdict.ok) return fail({ [verdict.field ?? '_form']: verdict.message });
      const putonghuaChecked = action === 'confirmComplete' && putonghuaNeedsCheck(business, inScope.data);
      if (putonghuaChecked && !input.putonghuaChecked) return fail({ putonghuaChecked: M.certificationLifecycle.putonghuaUnchecked });
      if (verdict.requires?.includes('confirmationWindow')) {
        const { plan, point } = await deps.places.confirmationDetails(application);
        const start = point?.confirm_start ?? plan?.confirm_start;
        const end = point?.confirm_end ?? plan?.confirm_end;
        const now = nowIso();
        if (!start || !end || now < start || now > end) return fail({ _form: `当前时间不在该确认点的确认时间内，不能办理“${labels[action]}”` });
      }
      const now = nowIso();
      const missing = verdict.missingMaterials?.length ? verdict.missingMaterials.join('、') : null;
      // Only 定期注册 writes a 注册记录: a 认定 conclusion is sealed with no record (canonicalConclusion takes null).
      const record = business === 'registration' && RECORDED_CONCLUSIONS.includes(action) ? await registrationRecord(inScope, verdict.to) : null;
      const moved = await deps.db.transaction(async (trx) => {
        const count = await repo.update(application.id, application.version, { status: verdict.to, updated_at: now }, trx);
        if (count !== 1) return null;
        if (record) await deps.certificates.insertRecord(record, trx);
        const event = {
          application_id: application.id, actor_type: 'staff', actor_id: actor.staffId, action, from_status: application.status, to_status: verdict.to,
          reason: verdict.reason ?? null, missing_materials: missing, created_at: now,
        };
        await repo.events.insert(event, trx);
        // A conclusion is sealed in its own transaction: the row as concluded, its event and its 注册记录.
        if (isConcludedStatus(verdict.to)) {
          await repo.setSeal(application.id, deps.protector.mac(CONCLUSION_SEAL_PURPOSE, canonicalConclusion({ ...inScope, status: verdict.to }, event, record)), trx);
        }
        await deps.audit.record(actor, LIFECYCLE_AUDIT_ACTIONS[action], {
          target: auditTarget.application(application.application_no),
          detail: { from: application.status, to: verdict.to, reason: verdict.reason ?? null, missing, ...(putonghuaChecked ? { putonghuaChecked: true } : {}) }, ip: input.ip ?? null,
        }, trx);
        return repo.findById(application.id, trx);
      });
      if (!moved) return fail({ _form: TAKEN_BY_OTHERS });
      await notifyApplicant(moved, 'status');
      return ok(moved);
    },

    /**
     * 批量审核: one conclusion (and one reason) for many applications, each at the version the reviewer saw and
     * in its own transaction, so one stale or refused row never holds back the others. Answers per row.
     */
    async transitionMany(actor: StaffPrincipal, items: readonly BulkItem[], action: BulkAction, input: { reason?: string; ip?: string | null; business?: Business }): Promise<Result<BulkOutcome[]>> {
      const business = input.business ?? 'registration';
      if (!bulkActionsOf(business).includes(action)) return fail({ action: business === 'certification' ? '请选择认定结论' : '请选择注册结论' });
      if (items.length === 0) return fail({ no: '请至少选择一条报名信息' });
      if (items.length > BULK_MAX) return fail({ no: `一次最多办理${BULK_MAX}条报名信息` });
      const rule = actionInputsOf(business)[action];
      const reason = (input.reason ?? '').trim();
      if (rule.reason === 'required' && !reason) return fail({ reason: M.required(rule.reasonLabel) });
      if (reason.length > REASON_MAX) return fail({ reason: M.tooLong(rule.reasonLabel, REASON_MAX) });
      const outcomes: BulkOutcome[] = [];
      const seen = new Set<string>();
      for (const item of items) {
        // A number ticked twice (a tampered form) is done once, not answered "taken by others" by itself.
        if (seen.has(item.no)) continue;
        seen.add(item.no);
        const found = await staff.find(actor, item.no);
        if (!found) {
          outcomes.push({ no: item.no, ok: false, name: '', message: '未找到该报名信息' });
          continue;
        }
        const name = found.applicant_name ?? '';
        // One conclusion means one thing: 认定通过 is not 注册合格, so a row of the other business is not done.
        if (found.business !== business) {
          outcomes.push({ no: item.no, ok: false, name, message: M.certificationLifecycle.otherBusiness });
          continue;
        }
        if (found.version !== item.version) {
          outcomes.push({ no: item.no, ok: false, name, message: TAKEN_BY_OTHERS });
          continue;
        }
        const result = await staff.transition(actor, found, action, { reason: reason || undefined, ip: input.ip });
        outcomes.push(result.ok ? { no: item.no, ok: true, name, status: result.value.status } : { no: item.no, ok: false, name, message: Object.values(result.errors)[0] });
      }
      return ok(outcomes);
    },

    /** A 留言 to the applicant, signed with the point's or the bureau's name. */
    /** The applicant's 证件号码 as staff see it on every page: masked. */
    async maskedIdNumber(application: ApplicationRow): Promise<string> {
      const account = await deps.accounts.findById(application.account_id);
      return account ? maskIdNumber(account.id_number) : '';
    },

    /**
     * 显示完整证件号码: the full number, for an application the caller found in the actor's scope. Who looked at whose
     * number is audited before the number is handed out; a failed audit write means no number.
     */
    async revealIdNumber(actor: StaffPrincipal, application: ApplicationRow, ip: string | null = null): Promise<string> {
      const account = await deps.accounts.findById(application.account_id);
      if (!account) throw new Error(`application ${application.application_no}: account ${application.account_id} not found`);
      await deps.audit.record(actor, 'application.reveal-id', { target: auditTarget.application(application.application_no), ip });
      return account.id_number;
    },

    /** A staff download of one 申请表 PDF (full 证件号码 and 手机号码 on it): recorded before the file is sent. */
    async recordFormDownload(actor: StaffPrincipal, application: ApplicationRow, ip: string | null = null): Promise<void> {
      await deps.audit.record(actor, 'application.form-pdf', { target: auditTarget.application(application.application_no), ip });
    },

    async leaveMessage(actor: StaffPrincipal, application: ApplicationRow, body: string, ip: string | null = null): Promise<Result<void>> {
      const text = body.trim();
      if (!text) return fail({ body: '请填写留言内容' });
      if ([...text].length > 500) return fail({ body: '留言内容不能超过500个字' });
      if (!(await repo.findInScope(application.application_no, scopeOf(actor)))) return fail({ _form: '未找到该报名信息' });
      const author = actor.pointId ? (await deps.places.findPoint(actor.pointId))?.name : (await deps.places.findBureau(application.bureau_id))?.name;
      await deps.db.transaction(async (trx) => {
        await deps.messages.insert({ application_id: application.id, author: author ?? (application.business === 'certification' ? '认定机构' : '注册机构'), body: text, created_at: nowIso() }, trx);
        await deps.audit.record(actor, 'application.message', { target: auditTarget.application(application.application_no), ip }, trx);
      });
      await notifyApplicant(application, 'message');
      return ok(undefined);
    },
  };

  /** The 定期注册信息 row a conclusion writes (null without a certificate): names as the national list shows them. */
  async function registrationRecord(application: ApplicationRow, conclusion: string) {
    if (!application.certificate_id) return null;
    const [bureau, point, names] = await Promise.all([
      deps.places.findBureau(application.bureau_id), application.point_id ? deps.places.findPoint(application.point_id) : undefined,
      deps.reference.namer(['teachingStage', 'subject']),
    ]);
    return {
      certificate_id: application.certificate_id, application_id: application.id, reg_type: application.reg_type ?? '定期注册', conclusion,
      concluded_on: localDate(clock.now(), config.timeZone), bureau_name: bureau?.name ?? '', point_name: point?.name ?? null,
      school_name: application.school_name, teaching_stage: application.teaching_stage ? names('teachingStage', application.teaching_stage) : null,
      teaching_subject: application.teaching_subject ? names('subject', application.teaching_subject) : null,
    };
  }

  /**
   * Tells the applicant, after the change has committed: an SMS to the account's mobile and, when it has one, an
   * e-mail. Only the 报名号 and what happened, no reasons (an SMS is read on a lock screen); the details are on
   * 查询报名信息. A failed send is logged and never undoes the change.
   */
  async function notifyApplicant(application: ApplicationRow, what: 'status' | 'message'): Promise<void> {
    const { text, subject } = applicationNotice(application.business, application.application_no, what === 'status' ? application.status : null);
    await notices.tell(application.account_id, text, subject, `application ${application.application_no}`);
  }

  /** An open application (other than `exceptId`) holding the certificate; inside a transaction, under the certificate's lock. */
  async function holder(certificateId: number | null, exceptId?: number, trx?: Knex.Transaction): Promise<ApplicationRow | undefined> {
    if (!certificateId) return undefined;
    if (trx) await repo.lockCertificate(certificateId, trx);
    return (await repo.ofCertificate(certificateId, OPEN_STATUSES, trx)).find((a) => a.id !== exceptId);
  }

  async function certificateBusy(blocking: ApplicationRow): Promise<string> {
    const bureau = await deps.places.findBureau(blocking.bureau_id);
    return `该教师资格证书已有正在办理的定期注册申请（报名号 ${blocking.application_no}，${bureau?.name ?? ''}，${blocking.status}），不能同时向多个注册机构申请。请在“查询报名信息”中查看或修改该申请。`;
  }

  return { ...service, staff };
}
export type ApplicationsService = ReturnType<typeof createApplicationsService>;
