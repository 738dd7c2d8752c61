import type { Knex } from 'knex';
import type { Clock } from '../clock';
import type { Action } from '../domain/applicationStatus';
import type { Principal, StaffPrincipal } from '../domain/principal';
import type { AuditActorType, AuditFilter, AuditPage, AuditPageFilter, AuditRepo, AuditRow, AuditScope, ChainSealer } from '../repositories/audit';
import type { DataProtector } from '../security/dataProtector';
import { AUDIT_CHAIN_PURPOSE, canonicalAuditRow, createChainWalker, type ChainBreak, type ChainPoint } from '../domain/auditChain';

/** Who did it: a principal (applicant account or staff user), or the system itself (jobs, imports, the CLI). */
export type Actor = Principal | { kind: 'system' };
export const SYSTEM_ACTOR: Actor = { kind: 'system' };

/** Every audited action. A new one is added here first, so the audit page can list and name them all. */
export const AUDIT_ACTIONS = [
  // accounts and the personal centre
  'account.register',
  'account.login',
  'account.password-reset.sms',
  'account.password-reset.email',
  'account.identity',
  'account.password',
  'account.mobile',
  'realname.passed',
  'realname.failed',
  'realname.review-requested',
  'realname.review-decided',
  'certificate.manual-add',
  'certificate.manual-edit',
  'certificate.manual-delete',
  'certificate.verified',
  'certificate.rejected',
  // the application lifecycle (one per lifecycle Action, see LIFECYCLE_AUDIT_ACTIONS)
  'application.submit',
  'application.edit',
  'application.correct-bureau',
  'application.confirm-complete',
  'application.confirm-incomplete',
  'application.return',
  'application.wrong-bureau',
  'application.approve',
  'application.defer',
  'application.reject',
  'application.not-eligible',
  'application.message',
  'application.print',
  // 教师资格认定 全程网办: the applicant's 上传材料 and its 删除 (target the application; detail the material)
  'certification.material-upload',
  'certification.material-delete',
  // 显示完整证件号码 on the staff application page: the number is masked everywhere else
  'application.reveal-id',
  // one application's 申请表 PDF downloaded by staff (it prints the full 证件号码 and 手机号码)
  'application.form-pdf',
  // data out (数据导出)
  'application.export',
  // the staff side
  'staff.login',
  'staff.logout',
  'staff.create',
  'staff.password-reset',
  'staff.update',
  'staff.disable',
  'staff.enable',
  // 三权分立 (issue 13): the second factor, and the audit admin's own reads and exports of the audit log
  'staff.login-password',
  'staff.totp-enrolled',
  'staff.totp-reset',
  'audit.read',
  'audit.export',
  // the instance and its bureau's settings
  'instance.init',
  'bureau.settings',
  // the 机构管理员's pages: detail is each changed field as [before, after]
  'bureau.profile-updated',
  // 教师资格认定设置 (全程网办, 注意事项, checklist, copies): detail as above
  'bureau.certification-settings',
  'plan.created',
  'plan.updated',
  'point.created',
  'point.updated',
  // 代码维护 (code lists and graduation schools)
  'code.add',
  'code.rename',
  'code.up',
  'code.down',
  'code.deactivate',
  'code.activate',
  'school.rename',
  'school.merge',
  // 数据导入: one row when an import's first batch commits, one with the totals in its last batch (services/importJobs.ts)
  'data.import',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The audit action of each lifecycle transition, so the lifecycle service writes both from one Action. */
export const LIFECYCLE_AUDIT_ACTIONS: Record<Action, AuditAction> = {
  submit: 'application.submit',
  edit: 'application.edit',
  correctBureau: 'application.correct-bureau',
  confirmComplete: 'application.confirm-complete',
  confirmIncomplete: 'application.confirm-incomplete',
  returnForCorrection: 'application.return',
  wrongBureau: 'application.wrong-bureau',
  approve: 'application.approve',
  defer: 'application.defer',
  reject: 'application.reject',
  notEligible: 'application.not-eligible',
};

/** Targets are "kind:id" text, as the existing rows have them (account:12). */
export const auditTarget = {
  account: (id: number) => `account:${id}`,
  application: (applicationNo: string) => `application:${applicationNo}`,
  staff: (id: number) => `staff:${id}`,
  code: (list: string, code: string) => `code:${list}:${code}`,
  school: (id: number) => `school:${id}`,
  certificate: (certNumber: string) => `certificate:${certNumber}`,
  bureau: (id: number) => `bureau:${id}`,
  plan: (id: number) => `plan:${id}`,
  point: (id: number) => `point:${id}`,
};

/** Free text, or a small record kept as JSON (e.g. { from, to, reason } of a transition). */
export type AuditDetail = string | { readonly [key: string]: string | number | boolean | null | undefined | readonly string[] };

export interface AuditEntry {
  target?: string | null;
  detail?: AuditDetail | null;
  ip?: string | null;
}

// Column widths of audit_log (PostgreSQL enforces them; SQLite does not).
const TARGET_MAX = 100;
const IP_MAX = 60;

export function actorColumns(actor: Actor): { actor_type: AuditActorType; actor_id: number | null } {
  switch (actor.kind) {
    case 'applicant':
      return { actor_type: 'applicant', actor_id: actor.accountId };
    case 'staff':
      return { actor_type: 'staff', actor_id: actor.staffId };
    case 'system':
      return { actor_type: 'system', actor_id: null };
  }
}

function isAuditAction(value: unknown): value is AuditAction {
  return typeof value === 'string' && (AUDIT_ACTIONS as readonly string[]).includes(value);
}

/**
 * Which audit rows a staff user may read. 三权分立 (issue 13): the audit admin reads every row; nobody else reads
 * any — not the system admin, and not a bureau admin (who administers the bureau's accounts, plans and points, and so
 * would be reading the record of their own administration). The repository's `bureau` scope stays for a later
 * bureau-level audit role.
 */
export function auditScopeOf(viewer: StaffPrincipal): AuditScope {
  return viewer.role === 'audit_admin' ? { kind: 'all' } : { kind: 'none' };
}

/** An export holds at most this many rows (newest first); a narrower filter gets the older ones. */
export const AUDIT_EXPORT_MAX = 50_000;

/** What an audit read or export asked for, as its own audit row's detail. */
function auditFilterDetail(filter: Partial<AuditPageFilter>): Record<string, string | number | null> {
  return { from: filter.from ?? null, until: filter.until ?? null, action: filter.action ?? null, actorType: filter.actorType ?? null, target: filter.target ?? null, page: filter.page ?? null };
}

/**
 * An audit row could not be written: the action it audits is refused with it (same transaction, rolled back). The
 * error page says so in Chinese (app.ts); `cause` keeps the driver's error (a full disk still answers as one).
 */
export class AuditWriteError extends Error {
  constructor(cause: unknown) {
    // Knex prefixes the driver's message with the SQL and its values (the row's target, ip, detail): logs keep only the driver's part.
    const message = cause instanceof Error ? cause.message : String(cause);
    const at = message.lastIndexOf(' - ');
    super(`audit log write failed: ${at >= 0 ? message.slice(at + 3) : message}`, { cause });
    this.name = 'AuditWriteError';
  }
}
export const isAuditWriteError = (err: unknown): err is AuditWriteError => err instanceof AuditWriteError;

export type ChainReport = { ok: true; rows: number; head: ChainPoint } | { ok: false; rows: number; problem: ChainBreak };

const VERIFY_PAGE = 1000;

/** The one way to write the audit log. */
export function createAuditService(deps: { audit: AuditRepo; clock: Clock; protector: DataProtector }) {
  const { audit, clock, protector } = deps;
  const seal: ChainSealer = (fields) => protector.mac(AUDIT_CHAIN_PURPOSE, canonicalAuditRow(fields));
  return {
    /**
     * Writes one audit row. Pass the transaction of the change being audited: the row then commits or
     * rolls back with it (and on SQLite's single connection, writing outside an open transaction would
     * wait for it for ever). Too-long target or ip text is cut to its column rather than failing the change.
     */
    async record(actor: Actor, action: AuditAction, entry: AuditEntry = {}, trx?: Knex.Transaction): Promise<void> {
      // A cast past the type is a programming error: refuse it rather than store an action no one can list.
      if (!isAuditAction(action)) throw new Error(`unknown audit action: ${String(action)}`);
      const detail = entry.detail === undefined || entry.detail === null ? null : typeof entry.detail === 'string' ? entry.detail : JSON.stringify(entry.detail);
      try {
        await audit.append({
          ...actorColumns(actor),
          action,
          target: entry.target ? entry.target.slice(0, TARGET_MAX) : null,
          detail,
          ip: entry.ip ? entry.ip.slice(0, IP_MAX) : null,
          created_at: clock.now().toISOString(),
        }, seal, trx);
      } catch (err) {
        throw new AuditWriteError(err);
      }
    },

    /** Key rotation: the (verified) chain signed again under the current key; returns the new head. */
    resignChain: (): Promise<ChainPoint> => audit.resign(seal),

    /**
     * `admin verify-audit`: walks the whole chain in order and names the first row that breaks it (edited, deleted in
     * the middle, moved, inserted by hand), then checks the end against the head row and, when given, the last
     * verified point kept outside the database (tail truncation). Rows from before the upgrade are chained first.
     */
    async verifyChain(checkpoint: ChainPoint | null = null): Promise<ChainReport> {
      await audit.chainLegacyRows(seal);
      const walker = createChainWalker((canonical, hash) => protector.verifyMac(AUDIT_CHAIN_PURPOSE, canonical, hash), checkpoint);
      let after = 0;
      for (;;) {
        const page = await audit.chainPage(after, VERIFY_PAGE);
        for (const row of page) {
          const problem = walker.step(row);
          if (problem) return { ok: false, rows: walker.count, problem };
        }
        if (page.length < VERIFY_PAGE) break;
        after = Number(page[page.length - 1].seq);
      }
      const stray = await audit.firstUnchained();
      const problem = (stray && walker.step(stray)) || walker.end(await audit.head());
      if (problem) return { ok: false, rows: walker.count, problem };
      return { ok: true, rows: walker.count, head: { seq: walker.count, hash: walker.lastHash } };
    },

    /** Newest first (tests and tools; the staff page uses `browse`). */
    list: (filter?: AuditFilter, trx?: Knex.Transaction): Promise<AuditRow[]> => audit.list(filter, trx),

    /**
     * The staff audit page: one page of rows the viewer may read, newest first (the audit admin all, anyone else
     * nothing: `auditScopeOf`). The reading is itself audited, with the filter, before the rows are read: a read
     * that cannot be recorded is not served. Read-only by design: there is no delete or edit anywhere.
     */
    async browse(viewer: StaffPrincipal, filter: AuditPageFilter, ip: string | null = null): Promise<AuditPage> {
      await this.record(viewer, 'audit.read', { detail: auditFilterDetail(filter), ip });
      return audit.page(auditScopeOf(viewer), filter);
    },

    /** 导出审计日志: every row the filter selects (newest first, at most AUDIT_EXPORT_MAX), audited first like a read. */
    async exportRows(viewer: StaffPrincipal, filter: Omit<AuditPageFilter, 'page' | 'pageSize'>, format: string, ip: string | null = null): Promise<AuditPage> {
      await this.record(viewer, 'audit.export', { detail: { ...auditFilterDetail(filter), format }, ip });
      return audit.page(auditScopeOf(viewer), { ...filter, page: 1, pageSize: AUDIT_EXPORT_MAX });
    },
  };
}
export type AuditService = ReturnType<typeof createAuditService>;
