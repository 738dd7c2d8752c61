/**
 * 数据导入 for 教师资格认定 (seed 002 §2.2): the bureau imports what the national site would sync — 考试合格证明
 * (exam results it receives), 师范生教师职业能力证书 (免试认定改革, 2021+), 普通话水平测试 data (looked up at 核验)
 * and 学籍 lists of 应届 students (the 学籍 verifier's data). Columns and row rules; pure, as domain/importKinds.ts.
 */
import { normaliseIdNumber } from './identity';
import { parseDate } from './importCells';
import { CodeItem, codeOf, col, ImportColumn, PersonFields, readPerson, readSubject, RowReader, RowResult } from './importRows';
import { isPutonghuaLevel, parseScore, PUTONGHUA_LEVELS, scoreProblem } from './putonghua';

export const CERTIFICATION_IMPORT_KINDS = ['exams', 'abilities', 'putonghua', 'enrolments'] as const;
export type CertificationImportKind = (typeof CERTIFICATION_IMPORT_KINDS)[number];

export const CERTIFICATION_KIND_LABELS: Record<CertificationImportKind, string> = {
  exams: '教师资格考试合格证明',
  abilities: '师范生教师职业能力证书',
  putonghua: '普通话水平测试信息',
  enrolments: '应届毕业生学籍',
};

const person = (idExample: string): ImportColumn[] => [
  col('holderName', '姓名', true, '陈晓华', '必填，与身份证件一致', ['考生姓名', '持证人']),
  col('idType', '证件类型', false, '居民身份证', '可省略此列，默认居民身份证；填代码或名称'),
  col('idNumber', '证件号码', true, idExample, '必填，身份证号码校验末位；以文本格式填写', ['身份证号码', '身份证件号码']),
];
const proofColumns = (numberLabel: string, aliases: string[], example: string): ImportColumn[] => [
  col('proofNumber', numberLabel, true, example, '必填，唯一；以文本格式填写', aliases),
  ...person('440781200102153427'),
  col('qualification', '资格种类', true, '小学教师资格', '必填，代码（1–7）或名称', ['报考类别', '教师资格种类']),
  col('subject', '任教学科', false, '语文', '代码（如 C03）或名称；幼儿园教师资格可留空', ['学科', '报考学科']),
];

export const CERTIFICATION_IMPORT_COLUMNS: Record<CertificationImportKind, ImportColumn[]> = {
  exams: [
    ...proofColumns('合格证明编号', ['证明编号', '考试合格证明编号'], '2024244012345678'),
    col('issuedOn', '签发日期', true, '2024-06-20', '必填，如 2024-06-20、2024/6/20、20240620 或日期单元格', ['发证日期', '合格日期']),
    col('validUntil', '有效期至', true, '2027-06-19', '必填，考试合格证明的有效截止日期', ['有效期', '有效截止日期']),
  ],
  abilities: [
    ...proofColumns('证书编号', ['能力证书编号'], '2025440012345'),
    col('school', '毕业学校', false, '岭南师范学院', '可留空', ['学校', '培养学校']),
    col('issuedOn', '签发日期', true, '2025-06-30', '必填，如 2025-06-30 或日期单元格', ['发证日期']),
    col('validUntil', '有效期至', true, '2028-06-29', '必填，证书的有效截止日期', ['有效期', '有效截止日期']),
  ],
  putonghua: [
    col('certNumber', '证书编号', true, '44071920000123', '必填，唯一；以文本格式填写', ['普通话证书编号', '证书号']),
    ...person('440781200102153427'),
    col('level', '等级', true, '二级甲等', `必填，${PUTONGHUA_LEVELS.join('、')}`, ['测试等级', '普通话等级']),
    col('score', '分数', true, '88.5', '必填，数字（最多一位小数），须在等级的分数段内', ['成绩', '测试成绩']),
    col('testedOn', '测试时间', true, '2022-11-12', '必填，测试日期', ['测试日期']),
    col('issuer', '发证单位', false, '广东省语言文字工作委员会', '可留空', ['发证机关']),
  ],
  enrolments: [
    ...person('440781200102153427'),
    col('school', '学校名称', true, '岭南师范学院', '必填', ['院校名称', '学校']),
    col('major', '专业名称', true, '汉语言文学', '必填', ['专业']),
    col('level', '层次', true, '本科', '必填，如 本科、专科、硕士研究生', ['学历层次', '培养层次']),
    col('studyForm', '学习形式', false, '普通全日制', '可留空', ['学习方式']),
    col('studentNumber', '学号', false, '2021010101', '可留空；以文本格式填写'),
    col('enrolledOn', '入学日期', true, '2021-09-01', '必填', ['入学时间']),
    col('expectedGraduation', '预计毕业日期', true, '2025-06-30', '必填', ['预计毕业时间', '毕业日期']),
    col('status', '学籍状态', true, '注册学籍', '必填，如 注册学籍、暂缓注册、休学、退学', ['学籍状况']),
  ],
};

export const CERTIFICATION_KEY_LABELS: Record<CertificationImportKind, string> = {
  exams: '合格证明编号', abilities: '证书编号', putonghua: '证书编号', enrolments: '证件号码和学校名称',
};

export interface ProofImport extends PersonFields {
  proof_number: string; qualification_code: string; subject_code: string | null; subject_name: string | null;
  school_name: string | null; issued_on: string; valid_until: string;
}
export interface PutonghuaImport extends PersonFields { cert_number: string; level: string; score: string; tested_on: string; issuer: string | null }
export interface EnrolmentImport extends PersonFields {
  school_name: string; major: string; level: string; study_form: string | null; student_number: string | null;
  enrolled_on: string; expected_graduation: string; status: string;
}
export interface CertificationRowOf { exams: ProofImport; abilities: ProofImport; putonghua: PutonghuaImport; enrolments: EnrolmentImport }

export function certificationNaturalKey(kind: CertificationImportKind, row: CertificationRowOf[CertificationImportKind]): string {
  switch (kind) {
    case 'exams': case 'abilities': return (row as ProofImport).proof_number;
    case 'putonghua': return (row as PutonghuaImport).cert_number;
    default: return `${(row as EnrolmentImport).id_number}|${(row as EnrolmentImport).school_name}`;
  }
}

export interface CertificationRowContext { lists: { qualification: CodeItem[]; subject: CodeItem[] }; today: string; now: Date }

const personOf = (r: RowReader, ctx: CertificationRowContext): PersonFields => readPerson(r, ctx.now);

function numberOf(r: RowReader, key: string): string {
  const value = normaliseIdNumber(r.text(key, 30, true));
  if (value && !/^[0-9A-Z]{6,30}$/.test(value)) r.problem(key, '只能由数字和字母组成（6–30位）');
  return value;
}

function dateOf(r: RowReader, key: string, today?: string): string {
  const d = parseDate(r.raw(key), today);
  if (!d.ok) { r.problem(key, d.reason); return ''; }
  return d.date;
}

function proofRow(r: RowReader, ctx: CertificationRowContext, withSchool: boolean): RowResult<ProofImport> {
  const proofNumber = numberOf(r, 'proofNumber');
  const who = personOf(r, ctx);
  const qualText = r.text('qualification', 30, true);
  const qual = qualText ? codeOf(ctx.lists.qualification, qualText) : null;
  if (qualText && (!qual || qual === 'ambiguous')) r.problem('qualification', `“${qualText}”不是资格种类的代码或名称`);
  const qualification = qual && qual !== 'ambiguous' ? qual.code : '';
  const subject = readSubject(r, ctx.lists.subject, qualification);
  const school = withSchool ? r.text('school', 100) : '';
  const issuedOn = dateOf(r, 'issuedOn', ctx.today);
  const validUntil = dateOf(r, 'validUntil');
  if (issuedOn && validUntil && validUntil < issuedOn) r.problem('validUntil', '不能早于签发日期');
  return r.result({
    proof_number: proofNumber, ...who, qualification_code: qualification,
    subject_code: subject?.code ?? (qualification === '1' ? 'D' : null), subject_name: subject?.name ?? (qualification === '1' ? '幼儿园' : null),
    school_name: school || null, issued_on: issuedOn, valid_until: validUntil,
  });
}

function putonghuaRow(r: RowReader, ctx: CertificationRowContext): RowResult<PutonghuaImport> {
  const certNumber = numberOf(r, 'certNumber');
  const who = personOf(r, ctx);
  const level = r.text('level', 10, true).replace(/\s+/g, '');
  if (level && !isPutonghuaLevel(level)) r.problem('level', `只能为 ${PUTONGHUA_LEVELS.join('、')}`);
  const rawScore = r.text('score', 10, true);
  const problem = rawScore ? scoreProblem(level, rawScore) : null;
  if (problem) r.problems.push(problem);
  const score = parseScore(rawScore);
  const testedOn = dateOf(r, 'testedOn', ctx.today);
  const issuer = r.text('issuer', 100);
  return r.result({ cert_number: certNumber, ...who, level, score: score.ok ? score.score : '', tested_on: testedOn, issuer: issuer || null });
}

function enrolmentRow(r: RowReader, ctx: CertificationRowContext): RowResult<EnrolmentImport> {
  const who = personOf(r, ctx);
  const school = r.text('school', 100, true);
  const major = r.text('major', 100, true);
  const level = r.text('level', 20, true);
  const studyForm = r.text('studyForm', 20);
  const studentNumber = r.text('studentNumber', 30);
  const enrolledOn = dateOf(r, 'enrolledOn', ctx.today);
  const expected = dateOf(r, 'expectedGraduation');
  if (enrolledOn && expected && expected <= enrolledOn) r.problem('expectedGraduation', '应晚于入学日期');
  const status = r.text('status', 20, true);
  return r.result({
    ...who, school_name: school, major, level, study_form: studyForm || null, student_number: studentNumber || null,
    enrolled_on: enrolledOn, expected_graduation: expected, status,
  });
}

export function validateCertificationRow(kind: CertificationImportKind, r: RowReader, ctx: CertificationRowContext): RowResult<CertificationRowOf[CertificationImportKind]> {
  switch (kind) {
    case 'exams': return proofRow(r, ctx, false);
    case 'abilities': return proofRow(r, ctx, true);
    case 'putonghua': return putonghuaRow(r, ctx);
    default: return enrolmentRow(r, ctx);
  }
}
