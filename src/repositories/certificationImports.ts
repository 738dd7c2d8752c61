import type { Knex } from 'knex';
import type { CertificationImportKind, CertificationRowOf, EnrolmentImport, ProofImport, PutonghuaImport } from '../domain/certificationImports';
import type { IdNumberSealer } from '../security/idNumbers';

type Outcome = { kind: 'new' } | { kind: 'updated' } | { kind: 'unchanged' };
interface Numbered<T> { rowNumber: number; row: T }

const INSERT_CHUNK = 250; // below SQLite's compound SELECT limit, as repositories/imports.ts
async function insertChunked(trx: Knex.Transaction, table: string, rows: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await trx(table).insert(rows.slice(i, i + INSERT_CHUNK));
}

const PROOF_FIELDS = ['holder_name', 'id_type', 'qualification_code', 'subject_code', 'subject_name', 'school_name', 'issued_on', 'valid_until'] as const;
const PUTONGHUA_FIELDS = ['holder_name', 'id_type', 'level', 'score', 'tested_on', 'issuer'] as const;
const ENROLMENT_FIELDS = ['holder_name', 'id_type', 'major', 'level', 'study_form', 'student_number', 'enrolled_on', 'expected_graduation', 'status'] as const;

/**
 * The SQL of the 认定 import kinds (called by repositories/imports.ts, same plan/apply contract): rows are found by
 * their natural key, ID numbers are written sealed (encrypted + blind index) and compared by their blind index.
 */
export function createCertificationImportsRepo(ids: IdNumberSealer) {
  /** Classifies rows against `existing` (by key) and, when writing, inserts the new and updates the changed. */
  async function upsert<T extends { id_number: string }>(opts: {
    table: string; rows: Numbered<T>[]; existing: Map<string, Record<string, unknown>>; keyOf: (row: T) => string;
    fields: readonly string[]; write: Knex.Transaction | null; extra: Record<string, unknown>;
  }): Promise<Outcome[]> {
    const { rows, existing, keyOf, fields, write } = opts;
    const outcomes = rows.map(({ row }): Outcome => {
      const e = existing.get(keyOf(row));
      if (!e) return { kind: 'new' };
      const same = fields.every((f) => ((row as Record<string, unknown>)[f] ?? null) === (e[f] ?? null)) && e.id_number_index === ids.indexOf(row.id_number);
      return same ? { kind: 'unchanged' } : { kind: 'updated' };
    });
    if (!write) return outcomes;
    const stored = (row: T) => {
      const { id_number: idNumber, ...rest } = row;
      return { ...rest, ...ids.seal(idNumber) };
    };
    await insertChunked(write, opts.table, rows.filter((_, i) => outcomes[i].kind === 'new').map(({ row }) => ({ ...stored(row), ...opts.extra })));
    for (const [i, { row }] of rows.entries()) {
      if (outcomes[i].kind === 'updated') await write(opts.table).where({ id: (existing.get(keyOf(row)) as { id: number }).id }).update({ ...stored(row), ...opts.extra });
    }
    return outcomes;
  }

  async function proofs(kind: 'exam' | 'ability', q: Knex | Knex.Transaction, rows: Numbered<ProofImport>[], write: Knex.Transaction | null, now: string) {
    const existing = new Map<string, Record<string, unknown>>();
    for (const e of await q('qualification_proofs').where({ kind }).whereIn('proof_number', rows.map((r) => r.row.proof_number))) existing.set(e.proof_number, e);
    return upsert({ table: 'qualification_proofs', rows, existing, keyOf: (r) => r.proof_number, fields: PROOF_FIELDS, write, extra: { kind, imported_at: now } });
  }

  async function putonghua(q: Knex | Knex.Transaction, rows: Numbered<PutonghuaImport>[], write: Knex.Transaction | null, now: string) {
    const existing = new Map<string, Record<string, unknown>>();
    for (const e of await q('putonghua_results').whereIn('cert_number', rows.map((r) => r.row.cert_number))) existing.set(e.cert_number, e);
    return upsert({ table: 'putonghua_results', rows, existing, keyOf: (r) => r.cert_number, fields: PUTONGHUA_FIELDS, write, extra: { imported_at: now } });
  }

  async function enrolments(q: Knex | Knex.Transaction, rows: Numbered<EnrolmentImport>[], write: Knex.Transaction | null, now: string) {
    const existing = new Map<string, Record<string, unknown>>();
    const keyOf = (r: { id_number_index: string; school_name: string }) => `${r.id_number_index}|${r.school_name}`;
    const found = await q('student_status_list').whereIn('id_number_index', [...new Set(rows.map((r) => ids.indexOf(r.row.id_number)))]);
    for (const e of found) existing.set(keyOf(e), e);
    return upsert({
      table: 'student_status_list', rows, existing, keyOf: (r) => keyOf({ id_number_index: ids.indexOf(r.id_number), school_name: r.school_name }),
      fields: ENROLMENT_FIELDS, write, extra: { imported_at: now },
    });
  }

  return {
    run(kind: CertificationImportKind, q: Knex | Knex.Transaction, rows: Numbered<CertificationRowOf[CertificationImportKind]>[], write: Knex.Transaction | null, now: string): Promise<Outcome[]> {
      switch (kind) {
        case 'exams': return proofs('exam', q, rows as Numbered<ProofImport>[], write, now);
        case 'abilities': return proofs('ability', q, rows as Numbered<ProofImport>[], write, now);
        case 'putonghua': return putonghua(q, rows as Numbered<PutonghuaImport>[], write, now);
        default: return enrolments(q, rows as Numbered<EnrolmentImport>[], write, now);
      }
    },
  };
}
