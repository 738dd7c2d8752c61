import { mayOpen, resumeStep, stepById, stepByNumber, withAnswer } from './steps';
import type { Answers, BureauAnswers } from './types';

const bureau: BureauAnswers = { provinceCode: '440000', cityCode: '440700', stage: '3', subject: 'C04', bureauId: 1, planId: 1, pointId: 1 };

describe('the journey rule', () => {
  test('a step opens only when every earlier one is answered', () => {
    const answers: Answers = { agreement: { agreed: true } };
    expect(mayOpen(stepByNumber(2)!, answers)).toBe(true);
    expect(mayOpen(stepByNumber(3)!, answers)).toBe(false);
    expect(mayOpen(stepByNumber(1)!, {})).toBe(true);
  });
  test('resume at the first unanswered step; the promise when all are answered', () => {
    expect(resumeStep({}).id).toBe('agreement');
    expect(resumeStep({ agreement: { agreed: true }, bureau }).id).toBe('details');
    expect(resumeStep({ agreement: { agreed: true }, bureau, details: {} as never, review: { confirmed: true }, notes: { read: true } }).id).toBe('promise');
  });
  test('changing the bureau clears the review and the notes read; the same answer clears nothing', () => {
    const answers: Answers = { agreement: { agreed: true }, bureau, details: {} as never, review: { confirmed: true }, notes: { read: true } };
    const same = withAnswer(answers, 'bureau', { ...bureau });
    expect(same.review).toBeDefined();
    const changed = withAnswer(answers, 'bureau', { ...bureau, pointId: 2 });
    expect(changed.review).toBeUndefined();
    expect(changed.notes).toBeUndefined();
    expect(changed.details).toBeDefined(); // going back keeps later data that does not depend on it
  });
  test('titles as in seed 000', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => stepByNumber(n)!.title)).toEqual(['网上申报协议', '选择注册机构', '填写注册信息', '确认申报信息', '注意事项', '提交注册申请']);
    expect(() => stepById('nope' as never)).toThrow();
  });
});
