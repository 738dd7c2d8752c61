import type { Knex } from 'knex';
import type { Clock } from '../clock';
import type { AccountRow } from '../repositories/accounts';
import type { ApplicationRow, ApplicationsRepo } from '../repositories/applications';
import type { CertificationApplicationsRepo, CertificationUploadRow } from '../repositories/certificationApplications';
import type { FilesRepo } from '../repositories/files';
import type { MessagesRepo } from '../repositories/messages';
import { fail, ok, Result } from '../domain/validation';
import { certificationNotes, onlineMaterials } from '../domain/certification/bureauSettings';
import { certificationEditable, counterFinding, CounterFinding } from '../domain/certification/applicantView';
import { checkMaterialPdf, materialFileName, MATERIAL_MESSAGES } from '../domain/certification/materialPdf';
import { auditTarget, AuditService } from './audit';

/** What the applicant's pages need of the 认定机构 (seed 002 §3.2.1, §3.2.5; the 申请表's copies). */
export interface CertificationBureau { id: number; name: string; notes: readonly string[]; materials: string[]; copies: 1 | 2 }

export interface MaterialUpload { item: string; fileName: string; file: Buffer | null; refused: string | null }

/**
 * 查询认定报名信息 and what follows it (seed 002 §3.2): the account's own 认定 applications, the bureau's 认定 settings,
 * the counter's finding (§3.2.7), the photo and signed 个人承诺书, and 全程网办 上传材料 (§3.2.5) — each PDF checked by
 * content and stored encrypted, with its audit row, in one transaction, only while the application is 网报待确认.
 */
export function createCertificationApplicationsService(deps: {
  db: Knex; repo: CertificationApplicationsRepo; applications: ApplicationsRepo; messages: MessagesRepo; files: FilesRepo; audit: AuditService; clock: Clock;
}) {
  const { repo } = deps;
  const nowIso = () => deps.clock.now().toISOString();
  const actorOf = (account: AccountRow) => ({ kind: 'applicant' as const, accountId: account.id });

  const service = {
    ofAccount: (accountId: number) => repo.ofAccount(accountId),
    /** An applicant's own 认定 application by 报名号; anyone else's, or a 定期注册 number, reads as not found. */
    findOwn: (accountId: number, no: string) => (/^\d{8}$/.test(no) ? repo.findOwn(no, accountId) : Promise.resolve(undefined)),
    messageCounts: (ids: number[]) => deps.messages.counts(ids),
    uploadCounts: (ids: number[]) => repo.uploads.counts(ids),

    async bureau(bureauId: number): Promise<CertificationBureau | null> {
      const row = await repo.bureau(bureauId);
      if (!row) return null;
      return {
        id: Number(row.id), name: row.name, notes: certificationNotes(row.certification_notes),
        materials: onlineMaterials({ online_processing: Boolean(row.online_processing), online_materials: row.online_materials }),
        copies: Number(row.certification_form_copies) === 1 ? 1 : 2,
      };
    },

    /** 002 §3.2.7: what the point or bureau found wrong, while the application is 材料不一致或不符合要求. */
    async finding(application: ApplicationRow): Promise<CounterFinding | null> {
      if (!counterFinding(application.status, [])) return null;
      return counterFinding(application.status, [...(await deps.applications.events.of(application.id))].reverse());
    },

    /** The messages of an application; reading them marks them read. */
    async readMessages(application: ApplicationRow) {
      const rows = await deps.messages.of(application.id);
      await deps.messages.markRead(application.id, nowIso());
      return rows;
    },

    /** The photo and the signed 个人承诺书 of the application, read as its owner's files. */
    photo: (application: ApplicationRow) => (application.photo_file_id ? deps.files.findForAccount(application.photo_file_id, application.account_id) : Promise.resolve(undefined)),
    signature: (application: ApplicationRow) => (application.signature_file_id ? deps.files.findForAccount(application.signature_file_id, application.account_id) : Promise.resolve(undefined)),

    uploads: (application: ApplicationRow): Promise<CertificationUploadRow[]> => repo.uploads.of(application.id),

    /** One uploaded PDF of the application (its owner's, or staff in scope who found the application). */
    async uploadFile(application: ApplicationRow, id: number): Promise<{ upload: CertificationUploadRow; data: Buffer } | null> {
      const upload = await repo.uploads.find(id, application.id);
      if (!upload) return null;
      const file = await deps.files.findForAccount(upload.file_id, application.account_id);
      return file ? { upload, data: Buffer.from(file.data) } : null;
    },

    /**
     * 上传材料: one PDF for one of the bureau's materials, under 1 MB, read by content. Refused with the field's message
     * (`item` or `material`) when the bureau has no 全程网办, the item is not one of its list, the file is not a readable
     * PDF, or the application is no longer 网报待确认 (read again inside the write's transaction).
     */
    async upload(account: AccountRow, application: ApplicationRow, input: MaterialUpload, ip: string | null): Promise<Result<CertificationUploadRow>> {
      if (!certificationEditable(application.status)) return fail({ _form: MATERIAL_MESSAGES.closed });
      const bureau = await service.bureau(application.bureau_id);
      if (!bureau?.materials.length) return fail({ _form: MATERIAL_MESSAGES.notOnline });
      if (!bureau.materials.includes(input.item)) return fail({ item: MATERIAL_MESSAGES.badItem });
      if (input.refused) return fail({ material: input.refused });
      const checked = checkMaterialPdf(input.file);
      if (!checked.ok) return fail({ material: checked.message });
      const data = input.file as Buffer;
      const now = nowIso();
      const saved = await deps.db.transaction(async (trx) => {
        if (!certificationEditable((await repo.statusOf(application.id, trx)) ?? '')) return null;
        const fileId = await deps.files.insert({ kind: 'material', mime: 'application/pdf', size: data.length, width: null, height: null, data, account_id: account.id, created_at: now }, trx);
        const row: Omit<CertificationUploadRow, 'id'> = {
          application_id: application.id, item: input.item, file_id: fileId, file_name: materialFileName(input.fileName), size: data.length, pages: checked.pages, created_at: now,
        };
        const id = await repo.uploads.put(row, trx);
        await deps.audit.record(actorOf(account), 'certification.material-upload', {
          target: auditTarget.application(application.application_no), detail: { item: input.item, size: data.length, pages: checked.pages }, ip,
        }, trx);
        return { ...row, id };
      });
      return saved ? ok(saved) : fail({ _form: MATERIAL_MESSAGES.closed });
    },

    /** 删除 an uploaded material, only while the application is 网报待确认. */
    async removeUpload(account: AccountRow, application: ApplicationRow, id: number, ip: string | null): Promise<Result<CertificationUploadRow>> {
      if (!certificationEditable(application.status)) return fail({ _form: MATERIAL_MESSAGES.closed });
      const upload = await repo.uploads.find(id, application.id);
      if (!upload) return fail({ _form: '未找到该材料，可能已删除' });
      const done = await deps.db.transaction(async (trx) => {
        if (!certificationEditable((await repo.statusOf(application.id, trx)) ?? '')) return 'closed';
        if (!(await repo.uploads.remove(id, application.id, trx))) return 'gone';
        await deps.audit.record(actorOf(account), 'certification.material-delete', { target: auditTarget.application(application.application_no), detail: { item: upload.item }, ip }, trx);
        return 'ok';
      });
      if (done === 'closed') return fail({ _form: MATERIAL_MESSAGES.closed });
      if (done === 'gone') return fail({ _form: '未找到该材料，可能已删除' });
      return ok(upload);
    },
  };
  return service;
}
export type CertificationApplicationsService = ReturnType<typeof createCertificationApplicationsService>;
