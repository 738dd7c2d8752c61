import { levelOfScore, meetsKindergartenLevel, parseScore, scoreProblem, PUTONGHUA_MESSAGES } from './putonghua';

describe('普通话 scores and grades', () => {
  test('a score is a number with at most one decimal, 0–100; full-width digits are read', () => {
    expect(parseScore('87.5')).toEqual({ ok: true, score: '87.5' });
    expect(parseScore('８８')).toEqual({ ok: true, score: '88' });
    expect(parseScore('90.0')).toEqual({ ok: true, score: '90' });
    expect(parseScore('八十五')).toEqual({ ok: false, reason: 'notNumber' });
    expect(parseScore('87.55')).toEqual({ ok: false, reason: 'notNumber' });
    expect(parseScore('101')).toEqual({ ok: false, reason: 'range' });
  });
  test('grade bands: 97, 92, 87, 80, 70, 60', () => {
    expect([97, 96.9, 92, 87, 86.9, 80, 70, 60, 59.9].map(levelOfScore)).toEqual(['一级甲等', '一级乙等', '一级乙等', '二级甲等', '二级乙等', '二级乙等', '三级甲等', '三级乙等', null]);
  });
  test('scoreProblem names the first thing wrong', () => {
    expect(scoreProblem('二级甲等', '88.5')).toBeNull();
    expect(scoreProblem('二级甲等', 'abc')).toBe(PUTONGHUA_MESSAGES.scoreNotNumber);
    expect(scoreProblem('一级甲等', '88')).toBe('分数88与等级“一级甲等”不符');
  });
  test('幼儿园 needs 二级乙等 or better', () => {
    expect(meetsKindergartenLevel('二级乙等')).toBe(true);
    expect(meetsKindergartenLevel('一级甲等')).toBe(true);
    expect(meetsKindergartenLevel('三级甲等')).toBe(false);
    expect(meetsKindergartenLevel('其他')).toBe(false);
  });
});
