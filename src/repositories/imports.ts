import type { Knex } from 'knex';
import type { CertificateImport, ImportKind, ImportRowOf, PointImport, RecordImport, SchoolImport } from '../domain/importKinds';
import { IMPORT_MESSAGES, naturalKey } from '../domain/importKinds';
import type { CertificationImportKind, CertificationRowOf } from '../domain/certificationImports';
import type { DataProtector } from '../security/dataProtector';
import { idNumberSealer } from '../security/idNumbers';
import { createCertificationImportsRepo } from './certificationImports';
import type { PersonalData } from '../security/personalData';

/** What happens to one valid row: written new, updated (something differs), unchanged, or refused against the database. */
export type RowOutcome = { kind: 'new' } | { kind: 'updated' } | { kind: 'unchanged' } | { kind: 'refused'; reason: string };
export interface NumberedRow<K extends ImportKind> { rowNumber: number; row: ImportRowOf[K] }

/** SQLite's compound SELECT limit (knex inserts several rows as SELECT … UNION ALL) is 500: insert in chunks below it. */
const INSERT_CHUNK = 250;
async function insertChunked(trx: Knex.Transaction, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await trx(table).insert(rows.slice(i, i + INSERT_CHUNK));
}

const same = <T extends object>(row: T, existing: Record<string, unknown>, keys: (keyof T)[]) =>
  keys.every((k) => (row[k] ?? null) === (existing[k as string] ?? null));

const CERT_FIELDS: (keyof CertificateImport)[] = ['holder_name', 'id_type', 'id_number', 'sex', 'issue_date', 'qualification_code', 'subject_code', 'subject_name', 'issuing_authority', 'restriction'];
const RECORD_FIELDS: (keyof RecordImport)[] = ['reg_type', 'conclusion', 'bureau_name', 'point_name', 'school_name', 'teaching_stage', 'teaching_subject'];
const SCHOOL_FIELDS: (keyof SchoolImport)[] = ['school_type', 'province_code'];
const POINT_FIELDS: (keyof PointImport)[] = ['scope', 'address', 'phone'];

/**
 * 数据导入's SQL: for a batch of valid rows, which exist already (by natural key) and whether they differ; and the
 * batch's writes. `plan` only reads (the dry run); `apply` reads the same way inside the batch's transaction and
 * writes, so what it counts is what it did.
 */
export function createImportsRepo(db: Knex, pd: PersonalData, protector: DataProtector) {
  const certification = createCertificationImportsRepo(idNumberSealer(protector));
  async function certificates(q: Knex | Knex.Transaction, rows: NumberedRow<'certificates'>[], write: Knex.Transaction | null, now: string): Promise<RowOutcome[]> {
    const existing = new Map<string, Record<string, unknown>>();
    // 证件号码 is stored encrypted: opened to compare, sealed (with its blind index) to write.
    for (const e of await q('certificates').whereIn('cert_number', rows.map((r) => r.row.cert_number))) existing.set(e.cert_number, pd.openRow('certificates', e));
    const inserts: Record<string, unknown>[] = [];
    const outcomes = rows.map(({ row }): RowOutcome => {
      const e = existing.get(row.cert_number);
      if (!e) { inserts.push(pd.sealRow('certificates', { ...row, source: 'synced', province_code: null, city_code: null, created_at: now })); return { kind: 'new' }; }
      if (e.source === 'manual') return { kind: 'refused', reason: IMPORT_MESSAGES.manualCertificate };
      return same(row, e, CERT_FIELDS) ? { kind: 'unchanged' } : { kind: 'updated' };
    });
    if (write) {
      await insertChunked(write, 'certificates', inserts);
      for (const [i, { row }] of rows.entries()) {
        if (outcomes[i].kind !== 'updated') continue;
        const e = existing.get(row.cert_number) as Record<string, unknown>;
        // A certificate now of another person is no longer that account's: it is found again by (证件号码, 姓名).
        const holderChanged = e.id_type !== row.id_type || e.id_number !== row.id_number;
        const { cert_number: _key, ...patch } = row;
        await write('certificates').where({ id: e.id }).update(pd.sealRow('certificates', { ...patch, ...(holderChanged ? { account_id: null } : {}) }));
      }
    }
    return outcomes;
  }

  async function records(q: Knex | Knex.Transaction, rows: NumberedRow<'records'>[], write: Knex.Transaction | null): Promise<RowOutcome[]> {
    const certs = new Map<string, number>();
    for (const c of await q('certificates').whereIn('cert_number', [...new Set(rows.map((r) => r.row.cert_number))]).select('id', 'cert_number')) certs.set(c.cert_number, c.id);
    const existing = new Map<string, Record<string, unknown>>();
    const ids = [...new Set(certs.values())];
    if (ids.length) {
      for (const e of await q('registration_records as r').join('certificates as c', 'c.id', 'r.certificate_id').whereIn('r.certificate_id', ids).select('r.*', 'c.cert_number')) {
        existing.set(`${e.cert_number}|${e.concluded_on}`, e);
      }
    }
    const inserts: Record<string, unknown>[] = [];
    const outcomes = rows.map(({ row }): RowOutcome => {
      const certificateId = certs.get(row.cert_number);
      if (certificateId === undefined) return { kind: 'refused', reason: IMPORT_MESSAGES.noCertificate };
      const e = existing.get(naturalKey('records', row));
      const { cert_number: _c, ...values } = row;
      if (!e) { inserts.push({ ...values, certificate_id: certificateId }); return { kind: 'new' }; }
      return same(row, e, RECORD_FIELDS) ? { kind: 'unchanged' } : { kind: 'updated' };
    });
    if (write) {
      await insertChunked(write, 'registration_records', inserts);
      for (const [i, { row }] of rows.entries()) {
        if (outcomes[i].kind !== 'updated') continue;
        const e = existing.get(naturalKey('records', row)) as Record<string, unknown>;
        const { cert_number: _c, concluded_on: _d, ...patch } = row;
        await write('registration_records').where({ id: e.id }).update(patch);
      }
    }
    return outcomes;
  }

  async function schools(q: Knex | Knex.Transaction, rows: NumberedRow<'schools'>[], write: Knex.Transaction | null, now: string): Promise<RowOutcome[]> {
    const existing = new Map<string, Record<string, unknown>>();
    // Teacher-added duplicates of a name may exist: the oldest row is the one the import maintains.
    for (const e of await q('schools').whereIn('name', rows.map((r) => r.row.name)).orderBy('id', 'desc')) existing.set(e.name, e);
    const inserts: Record<string, unknown>[] = [];
    const outcomes = rows.map(({ row }): RowOutcome => {
      const e = existing.get(row.name);
      if (!e) { inserts.push({ ...row, user_added: false, created_at: now }); return { kind: 'new' }; }
      // An imported school is an official one: a teacher-added school of that name becomes one (an update).
      return same(row, e, SCHOOL_FIELDS) && !e.user_added ? { kind: 'unchanged' } : { kind: 'updated' };
    });
    if (write) {
      await insertChunked(write, 'schools', inserts);
      for (const [i, { row }] of rows.entries()) {
        if (outcomes[i].kind === 'updated') await write('schools').where({ id: (existing.get(row.name) as { id: number }).id }).update({ school_type: row.school_type, province_code: row.province_code, user_added: false });
      }
    }
    return outcomes;
  }

  async function points(q: Knex | Knex.Transaction, rows: NumberedRow<'points'>[], write: Knex.Transaction | null, bureauId: number): Promise<RowOutcome[]> {
    const existing = new Map<string, Record<string, unknown>>();
    for (const e of await q('confirmation_points').where({ bureau_id: bureauId }).whereIn('name', rows.map((r) => r.row.name)).orderBy('id', 'desc')) existing.set(e.name, e);
    const inserts: Record<string, unknown>[] = [];
    const outcomes = rows.map(({ row }): RowOutcome => {
      const e = existing.get(row.name);
      if (!e) { inserts.push({ ...row, bureau_id: bureauId, active: true }); return { kind: 'new' }; }
      return same(row, e, POINT_FIELDS) ? { kind: 'unchanged' } : { kind: 'updated' };
    });
    if (write) {
      await insertChunked(write, 'confirmation_points', inserts);
      for (const [i, { row }] of rows.entries()) {
        if (outcomes[i].kind === 'updated') await write('confirmation_points').where({ id: (existing.get(row.name) as { id: number }).id }).update({ scope: row.scope, address: row.address, phone: row.phone });
      }
    }
    return outcomes;
  }

  function run<K extends ImportKind>(kind: K, q: Knex | Knex.Transaction, rows: NumberedRow<K>[], write: Knex.Transaction | null, ctx: { now: string; bureauId: number | null }): Promise<RowOutcome[]> {
    switch (kind) {
      case 'certificates': return certificates(q, rows as NumberedRow<'certificates'>[], write, ctx.now);
      case 'records': return records(q, rows as NumberedRow<'records'>[], write);
      case 'schools': return schools(q, rows as NumberedRow<'schools'>[], write, ctx.now);
      case 'points': return points(q, rows as NumberedRow<'points'>[], write, ctx.bureauId as number);
      // 教师资格认定's kinds (考试合格证明, 能力证书, 普通话, 学籍): repositories/certificationImports.ts
      default: return certification.run(kind as CertificationImportKind, q, rows as { rowNumber: number; row: CertificationRowOf[CertificationImportKind] }[], write, ctx.now);
    }
  }

  return {
    /** The dry run: what each row would do, nothing written. */
    plan: <K extends ImportKind>(kind: K, rows: NumberedRow<K>[], ctx: { now: string; bureauId: number | null }) => run(kind, db, rows, null, ctx),
    /** One batch, inside the caller's transaction. */
    apply: <K extends ImportKind>(kind: K, rows: NumberedRow<K>[], trx: Knex.Transaction, ctx: { now: string; bureauId: number | null }) => run(kind, trx, rows, trx, ctx),
    bureaus: (): Promise<{ id: number; name: string }[]> => db('bureaus').orderBy('id').select('id', 'name'),
    provinces: (): Promise<{ code: string; name: string }[]> => db('regions').where({ level: 'province' }).orderBy('code').select('code', 'name'),
  };
}
export type ImportsRepo = ReturnType<typeof createImportsRepo>;
