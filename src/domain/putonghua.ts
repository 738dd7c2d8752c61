/**
 * 普通话证书 rules (seed 002 §2.2.2, §3.1.2 ③): the six grades, the score (a number: 002 "分数栏必须填写数字"), which
 * grade a score belongs to, and the grade 幼儿园 needs (二级乙等 or better). Pure.
 */
export const PUTONGHUA_LEVELS = ['一级甲等', '一级乙等', '二级甲等', '二级乙等', '三级甲等', '三级乙等'] as const;
export type PutonghuaLevel = (typeof PUTONGHUA_LEVELS)[number];
export const isPutonghuaLevel = (v: unknown): v is PutonghuaLevel => typeof v === 'string' && (PUTONGHUA_LEVELS as readonly string[]).includes(v);

/** The lowest score of each grade (国家语言文字工作委员会《普通话水平测试等级标准》: 97, 92, 87, 80, 70, 60). */
const LOWEST: Record<PutonghuaLevel, number> = { 一级甲等: 97, 一级乙等: 92, 二级甲等: 87, 二级乙等: 80, 三级甲等: 70, 三级乙等: 60 };

export type ScoreResult = { ok: true; score: string } | { ok: false; reason: 'notNumber' | 'range' };

/** A score as typed or imported: digits with at most one decimal place (full-width digits accepted), 0–100. */
export function parseScore(raw: string): ScoreResult {
  const v = raw.replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/．/g, '.').replace(/\s+/g, '');
  if (!/^\d{1,3}(\.\d)?$/.test(v)) return { ok: false, reason: 'notNumber' };
  const n = Number(v);
  if (n > 100) return { ok: false, reason: 'range' };
  return { ok: true, score: String(n % 1 === 0 ? n.toFixed(0) : n.toFixed(1)) };
}

/** The grade a score falls in (below 60 is no grade). */
export function levelOfScore(score: number): PutonghuaLevel | null {
  return PUTONGHUA_LEVELS.find((l) => score >= LOWEST[l]) ?? null;
}

/** 002 step 2 ③: 申请认定幼儿园教师资格的申请人，只能选择二级乙等及以上的普通话证书. Other kinds: 二级乙等 too for 语文 is the bureau's, not checked here. */
export function meetsKindergartenLevel(level: string): boolean {
  return isPutonghuaLevel(level) && PUTONGHUA_LEVELS.indexOf(level) <= PUTONGHUA_LEVELS.indexOf('二级乙等');
}

export const PUTONGHUA_MESSAGES = {
  scoreNotNumber: '分数必须填写数字（如 87.5）',
  scoreRange: '分数应在0到100之间',
  scoreLevel: (level: string, score: string) => `分数${score}与等级“${level}”不符`,
  level: '请选择等级',
} as const;

/** One problem with a score and its grade, or null: the score must be a number and fall in the grade's band. */
export function scoreProblem(level: string, rawScore: string): string | null {
  const s = parseScore(rawScore);
  if (!s.ok) return s.reason === 'notNumber' ? PUTONGHUA_MESSAGES.scoreNotNumber : PUTONGHUA_MESSAGES.scoreRange;
  if (isPutonghuaLevel(level) && levelOfScore(Number(s.score)) !== level) return PUTONGHUA_MESSAGES.scoreLevel(level, s.score);
  return null;
}
