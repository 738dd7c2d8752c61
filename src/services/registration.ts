import type { Knex } from 'knex';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { AccountRow } from '../repositories/accounts';
import type { CertificateRow, CertificatesRepo } from '../repositories/certificates';
import type { CodeItem, CodeListsRepo } from '../repositories/misc';
import type { FilesRepo } from '../repositories/files';
import type { ApplicationRow, PlanRow, RegistrationRepo } from '../repositories/registration';
import { localDate, localDateTime } from '../domain/dates';
import { registrationDue, DueResult } from '../domain/registrationDue';
import { applicationNumber, currentPlan, insideOnlineWindow, windowProblem } from '../domain/planWindow';
import { applicantMayEdit, STATUS } from '../domain/applicationStatus';
import { fail, ok, parseId, Result } from '../domain/validation';
import {
  Answers, BureauSelection, DETAIL_FIELDS, Draft, DetailsEcho, SummaryRefs, parseBureau, parseDetails, summarySections, withAnswer,
} from '../journeys/registration';
import { normaliseApplicantPhoto } from './images';

export interface CertificateChoice {
  id: number; certNumber: string; qualification: string; subject: string; source: string;
  passedCount: number; lastDate: string; lastConclusion: string; due: DueResult;
}

export interface Cascade {
  provinces: CodeItem[]; cities: CodeItem[]; stages: CodeItem[]; subjects: CodeItem[];
  bureaus: { code: string; name: string }[];
  plan: PlanRow | null; windowProblem: string | null;
  points: { id: number; name: string; scope: string; address: string }[]; pointCountAll: number;
  names: { province: string; city: string; bureau: string; point: string };
}

/** Subjects offered for a 学段: 幼儿园 D, 小学/初中 the C series, 高中/中职 the B series. */
function subjectCodesFor(stage: string, subjects: CodeItem[]): CodeItem[] {
  if (stage === '1') return subjects.filter((s) => s.code === 'D');
  if (stage === '2' || stage === '3') return subjects.filter((s) => s.code.startsWith('C'));
  if (stage === '4' || stage === '5') return subjects.filter((s) => s.code.startsWith('B'));
  return [];
}

const emptyDraft = (): Draft => ({ answers: {} });

/** The registration business: the cascade, certificates due, drafts, submission, and the applicant's applications. */
export function createRegistrationService(deps: {
  db: Knex; repo: RegistrationRepo; certificates: CertificatesRepo; codeLists: CodeListsRepo; files: FilesRepo; clock: Clock;
  config: Pick<Config, 'timeZone' | 'retirementAge'>;
}) {
  const { repo, clock, config } = deps;
  const nowIso = () => clock.now().toISOString();
  const today = () => localDate(clock.now(), config.timeZone);
  const list = (name: string): Promise<CodeItem[]> => deps.codeLists.list(name);
  /** Selectable codes: for a tree (items with parents), only the last level. */
  async function selectable(name: string): Promise<string[]> {
    const items = await list(name);
    const parents = new Set(items.map((i) => i.parent_code).filter(Boolean));
    return items.filter((i) => !parents.has(i.code)).map((i) => i.code);
  }
  async function codeNamer() {
    const names = new Map<string, string>();
    for (const name of ['teachingStage', 'subject', 'qualification', 'putonghua', 'education', 'majorCategory', 'major', 'degree',
      'learningForm', 'schoolNature', 'schoolLocation', 'teacherTitle', 'postType', 'political']) {
      for (const item of await list(name)) names.set(`${name}:${item.code}`, item.name);
    }
    return (listName: string, code: string) => names.get(`${listName}:${code}`) ?? code;
  }

  async function planFor(bureauId: number): Promise<PlanRow | null> {
    return currentPlan(await repo.plansOf(bureauId), nowIso());
  }

  const service = {
    selectable,
    list,

    /** The code lists step 3 draws from (and 办学类型 for 新增学校); 所学专业 also as groups of its last level. */
    async detailLists(): Promise<{ lists: Record<string, CodeItem[]>; majorGroups: { name: string; options: CodeItem[] }[] }> {
      const lists: Record<string, CodeItem[]> = {};
      for (const f of DETAIL_FIELDS) if (f.list) lists[f.list] = await list(f.list);
      lists.schoolType = await list('schoolType');
      const majors = lists.major ?? [];
      const majorGroups = majors.filter((m) => !m.parent_code).map((g) => ({ name: g.name, options: majors.filter((m) => m.parent_code === g.code) }));
      return { lists, majorGroups };
    },

    /** 选择省 → 选择市 → 现任教学段 → 现任教学科 → 注册机构 → 网报时间 → 确认点, from what is chosen so far. */
    async cascade(sel: BureauSelection): Promise<Cascade> {
      const all = await repo.bureausWithRegions();
      // A bureau sits in a county (whose parent is a city) or in a city itself.
      const placed = all.map((b) => b.r_level === 'county'
        ? { bureau: b, cityCode: b.p_code ?? '', cityName: b.p_name ?? '', provinceCode: b.pp_code ?? '', provinceName: b.pp_name ?? '' }
        : { bureau: b, cityCode: b.region_code, cityName: b.r_name, provinceCode: b.p_code ?? '', provinceName: b.p_name ?? '' });
      const uniq = (pairs: [string, string][]) => [...new Map(pairs).entries()].map(([code, name]) => ({ code, name, parent_code: null }));
      const provinces = uniq(placed.map((p) => [p.provinceCode, p.provinceName]));
      const cities = uniq(placed.filter((p) => p.provinceCode === sel.provinceCode).map((p) => [p.cityCode, p.cityName]));
      const stages = await list('teachingStage');
      const subjects = subjectCodesFor(sel.stage, await list('subject'));
      const bureaus = placed.filter((p) => p.cityCode === sel.cityCode && p.provinceCode === sel.provinceCode)
        .map((p) => ({ code: String(p.bureau.id), name: p.bureau.name }));
      const bureau = bureaus.find((b) => b.code === sel.bureauId) ? all.find((b) => String(b.id) === sel.bureauId) ?? null : null;
      const plan = bureau ? await planFor(bureau.id) : null;
      const allPoints = bureau ? await repo.pointsOf(bureau.id) : [];
      const points = bureau ? (sel.q ? await repo.pointsOf(bureau.id, sel.q) : allPoints) : [];
      const problem = bureau ? windowProblem(plan, allPoints.length, nowIso()) : null;
      return {
        provinces, cities, stages, subjects, bureaus, plan, windowProblem: problem,
        points: problem ? [] : points.map((p) => ({ id: p.id, name: p.name, scope: p.scope ?? '', address: p.address ?? '' })),
        pointCountAll: allPoints.length,
        names: {
          province: provinces.find((p) => p.code === sel.provinceCode)?.name ?? '',
          city: cities.find((c) => c.code === sel.cityCode)?.name ?? '',
          bureau: bureau?.name ?? '',
          point: allPoints.find((p) => String(p.id) === sel.pointId)?.name ?? '',
        },
      };
    },

    async chooseBureau(sel: BureauSelection): Promise<ReturnType<typeof parseBureau>> {
      const c = await service.cascade(sel);
      const bureauId = parseId(sel.bureauId);
      const allPoints = bureauId ? await repo.pointsOf(bureauId) : [];
      return parseBureau(sel, {
        provinces: c.provinces.map((p) => p.code), cities: c.cities.map((p) => p.code), stages: c.stages.map((s) => s.code),
        subjects: c.subjects.map((s) => s.code), bureaus: c.bureaus.map((b) => b.code), points: allPoints.map((p) => String(p.id)),
        planId: c.plan?.id ?? null, windowProblem: c.windowProblem,
      });
    },

    /** The certificates linked to the account, each with whether it may register now (step 3's table). */
    async certificateChoices(account: AccountRow): Promise<CertificateChoice[]> {
      const certs = await deps.certificates.ofHolder(account.id_number, account.name);
      const records = await deps.certificates.recordsOfHolder(account.id_number, account.name);
      const qualifications = await list('qualification');
      return certs.map((c: CertificateRow) => {
        const own = records.filter((r) => r.certificate_id === c.id).map((r) => ({ conclusion: r.conclusion, concludedOn: r.concluded_on }));
        const due = registrationDue({
          qualificationCode: c.qualification_code, restriction: c.restriction, records: own, birthDate: account.birth_date,
          sex: account.sex, today: today(), retirementAge: config.retirementAge,
        });
        return {
          id: c.id, certNumber: c.cert_number, qualification: qualifications.find((q) => q.code === c.qualification_code)?.name ?? c.qualification_code,
          subject: c.subject_name ?? '无', source: c.source, passedCount: due.passedCount,
          lastDate: due.last?.concludedOn ?? '', lastConclusion: due.last?.conclusion ?? '', due,
        };
      });
    },

    // ---- drafts --------------------------------------------------------------------------------
    async draft(accountId: number): Promise<Draft> {
      const row = await repo.drafts.find(accountId);
      if (!row) return emptyDraft();
      try {
        const parsed = JSON.parse(row.data) as Draft;
        return parsed && typeof parsed === 'object' && parsed.answers ? parsed : emptyDraft();
      } catch {
        return emptyDraft();
      }
    },
    async saveDraft(accountId: number, draft: Draft, trx?: Knex.Transaction): Promise<void> {
      await repo.drafts.save(accountId, JSON.stringify(draft), nowIso(), trx);
    },
    abandon: (accountId: number) => repo.drafts.remove(accountId),

    /**
     * Step 3's rules with the photo: a valid upload is normalised and stored (with `persist`, in the same
     * transaction as the draft) even when other fields still have errors, so it is never uploaded twice.
     */
    async processDetails(account: AccountRow, base: Draft, echo: DetailsEcho, upload: Buffer | null, uploadError: string | null,
      persist?: (next: Draft, trx: Knex.Transaction) => Promise<void>): Promise<{ result: ReturnType<typeof parseDetails>; draft: Draft }> {
      let photoError = uploadError;
      let newPhoto: { data: Buffer; width: number; height: number; mime: string } | null = null;
      if (upload && !photoError) {
        const normalised = await normaliseApplicantPhoto(upload);
        if (normalised.ok) newPhoto = normalised.value;
        else photoError = normalised.errors.file;
      }
      const certificates = await service.certificateChoices(account);
      const codesByList = new Map<string, string[]>();
      for (const f of DETAIL_FIELDS) if (f.list) codesByList.set(f.list, await selectable(f.list));
      const schoolKnown = Boolean(echo.graduationSchool && (await repo.findSchoolByName(echo.graduationSchool)));
      let next: Draft = { ...base, answers: { ...base.answers } };
      let result: ReturnType<typeof parseDetails> = { errors: {} };
      await deps.db.transaction(async (trx) => {
        let photoFileId = base.pendingPhotoFileId ?? base.answers.details?.photoFileId ?? null;
        if (newPhoto) {
          photoFileId = await deps.files.insert({
            kind: 'photo', mime: newPhoto.mime, size: newPhoto.data.length, width: newPhoto.width, height: newPhoto.height,
            data: newPhoto.data, account_id: account.id, created_at: nowIso(),
          }, trx);
          next.pendingPhotoFileId = photoFileId;
        }
        result = parseDetails(echo, {
          eligibleCertificateIds: certificates.filter((c) => c.due.eligible).map((c) => c.id),
          codes: (name) => codesByList.get(name) ?? [], today: today(), birthDate: account.birth_date, photoFileId, schoolKnown,
        });
        if (photoError) result = { errors: { ...(result.errors ?? {}), photo: photoError } };
        if (!result.errors) next = { answers: withAnswer(next.answers, 'details', result.answers) };
        if (persist) await persist(next, trx);
      });
      return { result, draft: next };
    },

    saveDetails: (account: AccountRow, draft: Draft, echo: DetailsEcho, upload: Buffer | null, uploadError: string | null) =>
      service.processDetails(account, draft, echo, upload, uploadError, (next, trx) => service.saveDraft(account.id, next, trx)),

    /** For 修改报名信息: the same checks on the application's answers; a photo uploaded by this account may be carried over. */
    async checkDetails(account: AccountRow, answers: Answers, echo: DetailsEcho, upload: Buffer | null, uploadError: string | null, pendingPhotoId: number | null) {
      const pending = pendingPhotoId && (await deps.files.findForAccount(pendingPhotoId, account.id)) ? pendingPhotoId : undefined;
      return service.processDetails(account, { answers, pendingPhotoFileId: pending }, echo, upload, uploadError);
    },

    /** Names for the summary (step 4, the staff view and the 申请表 use the same rows). */
    async summaryRefs(account: AccountRow, answers: Answers): Promise<SummaryRefs> {
      const codeName = await codeNamer();
      const b = answers.bureau;
      const bureau = b ? await repo.findBureau(b.bureauId) : undefined;
      const point = b ? await repo.findPoint(b.pointId) : undefined;
      const province = b ? await repo.regionOf(b.provinceCode) : undefined;
      const city = b ? await repo.regionOf(b.cityCode) : undefined;
      const certificate = answers.details ? (await service.certificateChoices(account)).find((c) => c.id === answers.details?.certificateId) : undefined;
      return {
        codeName, bureauName: bureau?.name ?? '', pointName: point?.name ?? '', provinceName: province?.name ?? '', cityName: city?.name ?? '',
        certificate: certificate ? { certNumber: certificate.certNumber, qualification: certificate.qualification, subject: certificate.subject, regType: certificate.due.regType } : null,
      };
    },

    async summary(account: AccountRow, answers: Answers) {
      return summarySections(answers, await service.summaryRefs(account, answers));
    },

    async bureauContext(bureauId: number) {
      const bureau = await repo.findBureau(bureauId);
      const plan = await planFor(bureauId);
      return { bureau, plan };
    },

    /**
     * 个人承诺 同意: one transaction makes the application (报名号, status 网报待确认, first event) and removes
     * the draft. A second submission (double click, two tabs, a retried POST) finds the application and
     * returns it: one account, one application per plan.
     */
    async submit(account: AccountRow): Promise<Result<ApplicationRow>> {
      const draft = await service.draft(account.id);
      const a = draft.answers;
      if (!a.bureau) {
        const recent = await service.recentSubmission(account.id);
        return recent ? ok(recent) : fail({ _form: '申报信息不完整，请从第一步重新填写' });
      }
      const plan = await repo.findPlan(a.bureau.planId);
      if (!plan) return fail({ _form: '该机构未设置网报计划，请联系所选的教育局。' });
      const existing = await repo.applications.findForPlan(account.id, plan.id);
      if (existing) {
        await repo.drafts.remove(account.id);
        return ok(existing);
      }
      if (!insideOnlineWindow(plan, nowIso())) {
        return fail({ _form: `当前时间不在该机构的网报时间段内（网报时间：${windowText(plan.online_start, plan.online_end, config.timeZone)}），无法提交。` });
      }
      if (!a.agreement || !a.details || !a.review || !a.notes) return fail({ _form: '申报信息不完整，请完成前面的步骤' });
      const certificates = await service.certificateChoices(account);
      const certificate = certificates.find((c) => c.id === a.details?.certificateId);
      if (!certificate?.due.eligible) return fail({ _form: certificate?.due.reason ?? '请选择参与本次定期注册的教师资格证书' });
      const refs = await service.summaryRefs(account, a);
      const now = nowIso();
      try {
        const application = await deps.db.transaction(async (trx) => {
          const year = Number(localDate(clock.now(), config.timeZone).slice(0, 4));
          const sequence = await repo.nextSequence(`application_no:${year}`, trx);
          const row: Omit<ApplicationRow, 'id'> = {
            application_no: applicationNumber(year, sequence), account_id: account.id, certificate_id: certificate.id,
            plan_id: plan.id, bureau_id: a.bureau!.bureauId, point_id: a.bureau!.pointId, status: STATUS.pendingConfirmation,
            data: JSON.stringify({ answers: a, summary: summarySections(a, refs) }), photo_file_id: a.details!.photoFileId,
            version: 1, submitted_at: now, created_at: now, updated_at: now,
            teaching_stage: a.bureau!.stage, teaching_subject: a.bureau!.subject, reg_type: certificate.due.regType,
          };
          const id = await repo.applications.insert(row, trx);
          await repo.events.insert({ application_id: id, actor_type: 'applicant', actor_id: account.id, action: 'submit', from_status: null, to_status: STATUS.pendingConfirmation, reason: null, missing_materials: null, created_at: now }, trx);
          await repo.drafts.remove(account.id, trx);
          return { ...row, id };
        });
        return ok(application);
      } catch (err) {
        // Two submissions racing: the unique (account, plan) index lets one through; the other returns it.
        const raced = await repo.applications.findForPlan(account.id, plan.id);
        if (raced) return ok(raced);
        throw err;
      }
    },

    /** The application submitted in the last ten minutes, if any: what a retried 提交 should land on. */
    async recentSubmission(accountId: number): Promise<ApplicationRow | null> {
      const latest = (await repo.applications.ofAccount(accountId))[0];
      return latest && Date.parse(nowIso()) - Date.parse(latest.submitted_at) < 10 * 60_000 ? latest : null;
    },

    /** 业务平台: each bureau's current window and whether registration is open anywhere. */
    async platformWindows() {
      const now = nowIso();
      return Promise.all((await repo.bureausWithRegions()).map(async (b) => {
        const plan = currentPlan(await repo.plansOf(b.id), now);
        return { bureau: b.name, window: plan ? windowText(plan.online_start, plan.online_end, config.timeZone) : '', open: Boolean(plan && insideOnlineWindow(plan, now)) };
      }));
    },

    // ---- 毕业学校 ---------------------------------------------------------------------------------
    searchSchools: (text: string) => repo.searchSchools(text),
    /** 新增学校: a name and a 办学类型; a name already listed is simply chosen. */
    async addSchool(name: string, type: string): Promise<Result<string>> {
      if (!name || [...name].length > 60) return fail({ newSchoolName: '请填写学校名称（不超过60个字）' });
      if (!(await selectable('schoolType')).includes(type)) return fail({ newSchoolName: '请选择办学类型' });
      if (!(await repo.findSchoolByName(name))) await repo.addSchool(name, type, nowIso());
      return ok(name);
    },

    // ---- after submission ----------------------------------------------------------------------
    /** 申报提醒 and 查看注册事项: the bureau, the chosen point and the confirmation window of the application's own plan. */
    async confirmationDetails(application: ApplicationRow) {
      const bureau = await repo.findBureau(application.bureau_id);
      const point = application.point_id ? await repo.findPoint(application.point_id) : undefined;
      const plan = await repo.findPlan(application.plan_id);
      const start = point?.confirm_start ?? plan?.confirm_start;
      const end = point?.confirm_end ?? plan?.confirm_end;
      const confirmWindow = start && end ? windowText(start, end, config.timeZone) : '';
      const confirmDates = start && end ? windowText(start, end, config.timeZone, true) : '';
      return { bureau, point, plan, confirmWindow, confirmDates };
    },

    /** Names the 查询报名信息 table shows for an application. */
    async listNames(application: ApplicationRow) {
      const cert = application.certificate_id ? await deps.certificates.findById(application.certificate_id) : undefined;
      const codeName = await codeNamer();
      return {
        bureau: (await repo.findBureau(application.bureau_id))?.name ?? '', certNumber: cert?.cert_number ?? '',
        stage: application.teaching_stage ? codeName('teachingStage', application.teaching_stage) : '',
        subject: application.teaching_subject ? codeName('subject', application.teaching_subject) : '',
      };
    },

    applications: (accountId: number) => repo.applications.ofAccount(accountId),
    application: (accountId: number, no: string) => (/^\d{8}$/.test(no) ? repo.applications.findOfAccount(no, accountId) : Promise.resolve(undefined)),
    unreadCounts: (ids: number[]) => repo.messages.unreadCounts(ids),
    events: (applicationId: number) => repo.events.of(applicationId),
    async messages(application: ApplicationRow) {
      const rows = await repo.messages.of(application.id);
      await repo.messages.markRead(application.id, nowIso());
      return rows;
    },
    async existingForPlan(accountId: number, planId: number) {
      return repo.applications.findForPlan(accountId, planId);
    },

    async editRights(application: ApplicationRow) {
      const plan = await repo.findPlan(application.plan_id);
      return applicantMayEdit(application.status, Boolean(plan && insideOnlineWindow(plan, nowIso())));
    },

    /** 修改报名信息: writes new answers onto the application, bumps its version and records an event. */
    async updateApplication(account: AccountRow, application: ApplicationRow, answers: Answers, part: 'bureau' | 'details'): Promise<Result<void>> {
      const rights = await service.editRights(application);
      if (!rights[part]) return fail({ _form: '当前状态或时间不允许修改报名信息' });
      const refs = await service.summaryRefs(account, answers);
      const now = nowIso();
      const newStatus = part === 'bureau' && application.status === STATUS.wrongBureau ? STATUS.pendingConfirmation : application.status;
      const updated = await deps.db.transaction(async (trx) => {
        const count = await repo.applications.update(application.id, application.version, {
          data: JSON.stringify({ answers, summary: summarySections(answers, refs) }), updated_at: now, status: newStatus,
          bureau_id: answers.bureau!.bureauId, point_id: answers.bureau!.pointId, plan_id: answers.bureau!.planId,
          teaching_stage: answers.bureau!.stage, teaching_subject: answers.bureau!.subject,
          certificate_id: answers.details!.certificateId, photo_file_id: answers.details!.photoFileId,
          reg_type: refs.certificate?.regType ?? application.reg_type,
        }, trx);
        if (count !== 1) return false;
        await repo.events.insert({ application_id: application.id, actor_type: 'applicant', actor_id: account.id, action: 'edit', from_status: application.status, to_status: newStatus, reason: part === 'bureau' ? '修改注册机构' : '修改注册信息', missing_materials: null, created_at: now }, trx);
        return true;
      });
      return updated ? ok(undefined) : fail({ _form: '报名信息已在其他页面修改，请刷新后重试' });
    },

    async photoOf(accountId: number, fileId: number) {
      return deps.files.findForAccount(fileId, accountId);
    },
  };
  return service;
}

/** "2026-10-29 00:00 至 2027-02-06 23:59", or with dates only. */
export function windowText(start: string, end: string, timeZone: string, datesOnly = false): string {
  const fmt = (iso: string) => (datesOnly ? localDate(new Date(iso), timeZone) : localDateTime(new Date(iso), timeZone));
  return `${fmt(start)} 至 ${fmt(end)}`;
}

export function applicationAnswers(application: ApplicationRow): Answers {
  try {
    return (JSON.parse(application.data) as { answers: Answers }).answers ?? {};
  } catch {
    return {};
  }
}

export type RegistrationService = ReturnType<typeof createRegistrationService>;
