/**
 * 教师资格认定's personal-centre modules (seed 002 §2.2.2–2.2.6): the forms an applicant fills (普通话 核验 and 录入,
 * 学籍 补充数据, 学历证书, 学位证书, 其他证书), their rules, and who needs what. Pure: code lists and today are given.
 */
import { isIsoDate } from './dates';
import { FieldErrors, text } from './validation';
import { normaliseIdNumber } from './identity';
import { isPutonghuaLevel, parseScore, PUTONGHUA_MESSAGES, scoreProblem } from './putonghua';

export const RECORD_MESSAGES = {
  required: (label: string) => `请填写${label}`,
  choose: (label: string) => `请选择${label}`,
  tooLong: (label: string, max: number) => `${label}不能超过${max}个字`,
  date: (label: string) => `${label}格式不正确，请按 YYYY-MM-DD 填写（如 2024-06-20）`,
  future: (label: string) => `${label}不能晚于今天`,
  number: (label: string) => `${label}只能由数字和字母组成`,
  after: (label: string, other: string) => `${label}应晚于${other}`,
  putonghuaNotFound: '核验不到信息，请检查当前登录账号的用户信息是否与普通话证书信息中的“姓名、身份证件号码、证书编号”一致',
  putonghuaTaken: '该普通话证书已添加，无需重复添加',
  studentSynced: '学籍已同步，学籍信息不能再次同步',
  studentNotFound: '未查询到您的在校学籍信息。如学籍不可同步，或为幼儿师范、中等师范及其他中等职业学校学籍，请点击【补充数据】手工录入学籍信息',
  notYours: '未找到该记录',
  imageRequired: '请上传证书详情页图片',
} as const;

/** 学籍状态 values of the 补充数据 form; only 注册学籍 meets 认定's requirement (002 §3.1.2 ④). */
export const STUDENT_STATUSES = ['注册学籍', '暂缓注册', '休学', '退学', '结业'] as const;
export const QUALIFYING_STUDENT_STATUS = '注册学籍';
/** 学历层次 of a 学籍 (学信网's levels, and the 中等 schools 002 names for 补充数据). */
export const STUDENT_LEVELS = ['博士研究生', '硕士研究生', '本科', '专科', '中专（含幼儿师范、中等师范）'] as const;

type Values = Record<string, string>;
interface Parsed { values: Values; errors: FieldErrors }

/** Reads text fields, required unless listed as optional, with their maximum lengths. */
function readFields(body: unknown, fields: Record<string, { label: string; max: number; optional?: boolean }>): Parsed {
  const values: Values = {};
  const errors: FieldErrors = {};
  for (const [name, f] of Object.entries(fields)) {
    const v = text(body, name, f.max);
    values[name] = v;
    if (!v && !f.optional) errors[name] = RECORD_MESSAGES.required(f.label);
    else if ([...v].length > f.max) errors[name] = RECORD_MESSAGES.tooLong(f.label, f.max);
  }
  return { values, errors };
}
function checkDate(p: Parsed, name: string, label: string, today: string | null) {
  const v = p.values[name].replace(/[/.]/g, '-');
  if (!v || p.errors[name]) return;
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(v);
  const iso = m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : '';
  if (!iso || !isIsoDate(iso)) { p.errors[name] = RECORD_MESSAGES.date(label); return; }
  p.values[name] = iso;
  if (today && iso > today) p.errors[name] = RECORD_MESSAGES.future(label);
}
function checkChoice(p: Parsed, name: string, label: string, allowed: readonly string[]) {
  if (!p.values[name]) p.errors[name] = RECORD_MESSAGES.choose(label);
  else if (!allowed.includes(p.values[name])) p.errors[name] = RECORD_MESSAGES.choose(label);
}
function checkNumber(p: Parsed, name: string, label: string) {
  if (!p.values[name] || p.errors[name]) return;
  const v = normaliseIdNumber(p.values[name]);
  if (!/^[0-9A-Z-]+$/.test(v)) p.errors[name] = RECORD_MESSAGES.number(label);
  else p.values[name] = v;
}

/** ① 核验: only the 证书编号; the rest comes from the bureau's data. */
export function parsePutonghuaLookup(body: unknown): Parsed {
  const p = readFields(body, { certNumber: { label: '证书编号', max: 30 } });
  checkNumber(p, 'certNumber', '证书编号');
  return p;
}

/** ② 录入 (2007 年之前 or unverifiable): the score must be a number in its grade's band; 核验状态 stays 未核验. */
export function parsePutonghuaEntry(body: unknown, today: string): Parsed {
  const p = readFields(body, {
    certNumber: { label: '证书编号', max: 30 }, level: { label: '等级', max: 10 }, score: { label: '分数', max: 10 },
    testedOn: { label: '测试时间', max: 10 }, issuer: { label: '发证单位', max: 100 },
  });
  checkNumber(p, 'certNumber', '证书编号');
  if (!isPutonghuaLevel(p.values.level)) p.errors.level = PUTONGHUA_MESSAGES.level;
  if (p.values.score && !p.errors.score) {
    const problem = scoreProblem(p.values.level, p.values.score);
    if (problem) p.errors.score = problem;
    else { const s = parseScore(p.values.score); if (s.ok) p.values.score = s.score; }
  }
  checkDate(p, 'testedOn', '测试时间', today);
  return p;
}

/** 补充数据 of a 学籍 (002 §3.1.2 ④): school, 专业名称 as studied, dates, 学籍状态. */
export function parseStudentStatus(body: unknown, today: string): Parsed {
  const p = readFields(body, {
    schoolName: { label: '学校名称', max: 100 }, major: { label: '专业名称', max: 100 }, level: { label: '层次', max: 20 },
    studyForm: { label: '学习形式', max: 20 }, studentNumber: { label: '学号', max: 30, optional: true },
    enrolledOn: { label: '入学日期', max: 10 }, expectedGraduation: { label: '预计毕业时间', max: 10 }, status: { label: '学籍状态', max: 20 },
  });
  checkChoice(p, 'level', '层次', STUDENT_LEVELS);
  checkChoice(p, 'status', '学籍状态', STUDENT_STATUSES);
  checkDate(p, 'enrolledOn', '入学日期', today);
  checkDate(p, 'expectedGraduation', '预计毕业时间', null);
  if (!p.errors.enrolledOn && !p.errors.expectedGraduation && p.values.expectedGraduation <= p.values.enrolledOn) {
    p.errors.expectedGraduation = RECORD_MESSAGES.after('预计毕业时间', '入学日期');
  }
  return p;
}

/** 学历证书信息. */
export function parseEducation(body: unknown, lists: { education: string[]; learningForm: string[] }, today: string): Parsed {
  const p = readFields(body, {
    educationCode: { label: '学历', max: 4 }, schoolName: { label: '毕业学校', max: 100 }, major: { label: '所学专业', max: 100 },
    studyForm: { label: '学习形式', max: 4 }, graduatedOn: { label: '毕业时间', max: 10 }, diplomaNumber: { label: '毕业证书编号', max: 30 },
  });
  checkChoice(p, 'educationCode', '学历', lists.education);
  checkChoice(p, 'studyForm', '学习形式', lists.learningForm);
  checkDate(p, 'graduatedOn', '毕业时间', today);
  checkNumber(p, 'diplomaNumber', '毕业证书编号');
  return p;
}

/** 学位证书信息. */
export function parseDegree(body: unknown, degrees: string[], today: string): Parsed {
  const p = readFields(body, {
    degree: { label: '学位', max: 4 }, schoolName: { label: '授予单位', max: 100 }, major: { label: '专业', max: 100 },
    awardedOn: { label: '授予日期', max: 10 }, degreeNumber: { label: '学位证书编号', max: 30 },
  });
  checkChoice(p, 'degree', '学位', degrees);
  checkDate(p, 'awardedOn', '授予日期', today);
  checkNumber(p, 'degreeNumber', '学位证书编号');
  return p;
}

/** 其他证书信息 (中职实习指导教师's 职业技能等级证书); the image is checked by the route (decoded). */
export function parseOtherCertificate(body: unknown, today: string): Parsed {
  const p = readFields(body, {
    certName: { label: '证书名称', max: 60 }, certNumber: { label: '证书编号', max: 40 }, level: { label: '等级', max: 30, optional: true },
    issuer: { label: '发证单位', max: 100 }, issuedOn: { label: '发证日期', max: 10 },
  });
  checkNumber(p, 'certNumber', '证书编号');
  checkDate(p, 'issuedOn', '发证日期', today);
  return p;
}

/** A 考试合格证明 or 师范生教师职业能力证书 counts for 认定 while today is inside its validity (002 §3.1.2 ②). */
export function proofValid(validUntil: string, today: string): boolean {
  return today <= validUntil;
}

/**
 * 应届毕业生 (在校最后一学期，且未取得毕业证书): a 学籍 in 注册学籍 not yet past its expected graduation. They need no
 * 学历 or 学位 (002 §2.2.3–2.2.4); a 研究生 one still needs the previous 学历.
 */
export function isGraduatingStudent(status: { status: string; expected_graduation: string } | null | undefined, today: string): boolean {
  return Boolean(status && status.status === QUALIFYING_STUDENT_STATUS && status.expected_graduation >= today);
}
export function needsPreviousEducation(status: { level: string } | null | undefined): boolean {
  return Boolean(status && /研究生/.test(status.level));
}
