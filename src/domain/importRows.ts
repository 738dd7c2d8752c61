/**
 * What every import kind's row rules share: a column's definition, code-list lookups and the reader that collects
 * a row's problems by column. Pure (domain/importKinds.ts and domain/certificationImports.ts build on it).
 */
import { CellValue, cellText } from './importCells';
import { normaliseIdNumber, idNumberProblem, isIdTypeCode, ID_TYPES, IdTypeCode } from './identity';
import { normaliseName, nameProblem } from './personalInfo';

export interface ImportColumn {
  key: string;
  label: string;
  /** The column must be in the header row (its cells may still be optional, see the row rules). */
  required: boolean;
  /** Other headers meaning the same (exports of other systems). */
  aliases?: string[];
  example: string;
  hint: string;
}

export const col = (key: string, label: string, required: boolean, example: string, hint: string, aliases?: string[]): ImportColumn =>
  ({ key, label, required, example, hint, aliases });

export interface CodeItem { code: string; name: string }
export type RowResult<T> = { ok: true; row: T } | { ok: false; reason: string };

/** A code list value given by its code or its name; among equal names the first whose code passes `prefer`. */
export function codeOf(list: CodeItem[], value: string, prefer?: (code: string) => boolean): CodeItem | 'ambiguous' | null {
  const v = value.replace(/\s+/g, '');
  const byCode = list.find((i) => i.code.toUpperCase() === v.toUpperCase());
  if (byCode) return byCode;
  const byName = list.filter((i) => i.name.replace(/\s+/g, '') === v || i.name.replace(/\(.*\)$/, '') === v);
  if (byName.length <= 1) return byName[0] ?? null;
  const preferred = prefer ? byName.filter((i) => prefer(i.code)) : [];
  return preferred.length === 1 ? preferred[0] : 'ambiguous';
}

/** 任教学科 codes by 资格种类: 幼儿园 D, 小学 and 初中 the C series, 高中 and 中职 the B series. */
export function subjectSeries(qualification: string): (code: string) => boolean {
  if (qualification === '1') return (c) => c === 'D';
  if (qualification === '2' || qualification === '3') return (c) => c.startsWith('C');
  return (c) => c.startsWith('B');
}

/** Reads a row's cells by column; collects each column's problem so one row gives one reason naming them all. */
export class RowReader {
  readonly problems: string[] = [];
  constructor(private readonly cells: CellValue[], private readonly columns: Record<string, number>, private readonly defs: ImportColumn[]) {}
  label(key: string) { return this.defs.find((d) => d.key === key)?.label ?? key; }
  raw(key: string): CellValue {
    const i = this.columns[key];
    return i === undefined ? null : this.cells[i] ?? null;
  }
  text(key: string, max: number, required = false): string {
    const t = cellText(this.raw(key));
    if (!t.ok) { this.problems.push(`${this.label(key)}${t.reason}`); return ''; }
    const value = t.text.trim();
    if (required && !value) this.problems.push(`${this.label(key)}不能为空`);
    else if ([...value].length > max) this.problems.push(`${this.label(key)}不能超过${max}个字`);
    return value;
  }
  problem(key: string, message: string) { this.problems.push(`${this.label(key)}${message}`); }
  result<T>(row: T): RowResult<T> {
    return this.problems.length ? { ok: false, reason: this.problems.join('；') } : { ok: true, row };
  }
}

/** The 姓名, 证件类型 and 证件号码 every import of people has, checked the same way (certificates, 认定's data). */
export interface PersonFields { holder_name: string; id_type: IdTypeCode; id_number: string }
export function readPerson(r: RowReader, now: Date): PersonFields {
  const holder = normaliseName(r.text('holderName', 30, true));
  const idTypeText = r.text('idType', 30);
  let idType: IdTypeCode = '1';
  if (idTypeText) {
    const t = ID_TYPES.find((i) => i.code === idTypeText || i.name === idTypeText || (idTypeText === '身份证' && i.code === '1'));
    if (t && isIdTypeCode(t.code)) idType = t.code;
    else r.problem('idType', `“${idTypeText}”不是可用的证件类型（${ID_TYPES.map((i) => i.name).join('、')}）`);
  }
  if (holder && nameProblem(holder, idType)) r.problem('holderName', '格式不正确（汉字，少数民族姓名间隔用“·”）');
  const idNumber = normaliseIdNumber(r.text('idNumber', 30, true));
  const problem = idNumber ? idNumberProblem(idType, idNumber, now) : null;
  if (problem === 'checkDigit') r.problem('idNumber', '校验位不正确，请核对');
  else if (problem === 'birthDate') r.problem('idNumber', '中的出生日期不正确');
  else if (problem) r.problem('idNumber', '格式不正确');
  return { holder_name: holder, id_type: idType, id_number: idNumber };
}

/** 任教学科 by code or name, preferring the 资格种类's series; required except for 幼儿园 (code 1). */
export function readSubject(r: RowReader, subjects: CodeItem[], qualification: string): CodeItem | null {
  const subjText = r.text('subject', 60);
  if (!subjText) {
    if (qualification && qualification !== '1') r.problem('subject', '不能为空');
    return null;
  }
  const s = codeOf(subjects, subjText, qualification ? subjectSeries(qualification) : undefined);
  if (s === 'ambiguous') r.problem('subject', `“${subjText}”对应多个学科代码，请填写代码（如 C04、B04）`);
  else if (!s) r.problem('subject', `“${subjText}”不是任教学科的代码或名称`);
  return s && s !== 'ambiguous' ? s : null;
}
