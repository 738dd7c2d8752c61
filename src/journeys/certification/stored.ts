import type { SummaryRow } from '../registration/types';
import type { CertificationSnapshot, CertificationSummarySection } from './types';

/**
 * Reads what 提交 stored for a 认定 application (applications.data, the contract in types.ts). The pages after
 * submission and the 申请表 read only this, so later changes to the personal centre never change what was sent.
 * A missing or damaged part reads as empty, never as an error page.
 */
export function readCertificationSnapshot(data: string): CertificationSnapshot {
  let parsed: Partial<CertificationSnapshot> = {};
  try {
    const value: unknown = JSON.parse(data);
    if (value && typeof value === 'object') parsed = value as Partial<CertificationSnapshot>;
  } catch {
    // an unreadable snapshot shows as empty rows
  }
  return {
    business: 'certification',
    answers: parsed.answers ?? {},
    summary: Array.isArray(parsed.summary) ? parsed.summary : [],
    applicant: parsed.applicant ?? { name: '', sex: null, birthDate: null, ethnicityCode: null, idType: '' },
    examProof: parsed.examProof ?? null,
    putonghua: parsed.putonghua ?? { certNumber: '', level: '', score: '', testedOn: '', issuer: null, verifyStatus: 'unverified' },
    student: parsed.student ?? null,
    education: parsed.education ?? null,
    degree: parsed.degree ?? null,
    delivery: parsed.delivery ?? { method: 'self', address: null, postcode: null, recipient: null, phone: null },
    resume: Array.isArray(parsed.resume) ? parsed.resume : [],
  };
}

/** A summary row's value by its stable key ('' when absent). */
export function certificationRowValue(summary: readonly CertificationSummarySection[], key: string): string {
  for (const section of summary) {
    const row = section.rows.find((r: SummaryRow) => r.key === key);
    if (row) return row.value;
  }
  return '';
}
