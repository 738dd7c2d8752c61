import { mayOpen, nextStepNumber, resumeStep, stepByNumber, stepRefs, withAnswer } from '../engine';
import { registrationJourney as j } from './index';
import type { Answers, BureauAnswers } from './types';

const bureau: BureauAnswers = { provinceCode: '440000', cityCode: '440700', stage: '3', subject: 'C04', bureauId: 1, planId: 1, pointId: 1 };

describe('the journey rule (engine, on the 定期注册 journey)', () => {
  test('a step opens only when every earlier one is answered', () => {
    const answers: Answers = { agreement: { agreed: true } };
    expect(mayOpen(j, stepByNumber(j, 2)!, answers)).toBe(true);
    expect(mayOpen(j, stepByNumber(j, 3)!, answers)).toBe(false);
    expect(mayOpen(j, stepByNumber(j, 1)!, {})).toBe(true);
  });
  test('resume at the first unanswered step; the promise when all are answered', () => {
    expect(resumeStep(j, {}).id).toBe('agreement');
    expect(resumeStep(j, { agreement: { agreed: true }, bureau }).id).toBe('details');
    expect(resumeStep(j, { agreement: { agreed: true }, bureau, details: {} as never, review: { confirmed: true }, notes: { read: true } }).id).toBe('promise');
  });
  test('changing the bureau clears the review and the notes read; the same answer clears nothing', () => {
    const answers: Answers = { agreement: { agreed: true }, bureau, details: {} as never, review: { confirmed: true }, notes: { read: true } };
    const same = withAnswer(j, answers, 'bureau', { ...bureau });
    expect(same.review).toBeDefined();
    const changed = withAnswer(j, answers, 'bureau', { ...bureau, pointId: 2 });
    expect(changed.review).toBeUndefined();
    expect(changed.notes).toBeUndefined();
    expect(changed.details).toBeDefined(); // going back keeps later data that does not depend on it
  });
  test('titles as in seed 000; unknown numbers and ids have no step', () => {
    expect(stepRefs(j).map((s) => s.title)).toEqual(['网上申报协议', '选择注册机构', '填写注册信息', '确认申报信息', '注意事项', '提交注册申请']);
    expect(stepByNumber(j, 0)).toBeUndefined();
    expect(stepByNumber(j, 7)).toBeUndefined();
    expect(stepByNumber(j, 1.5)).toBeUndefined();
    expect(() => withAnswer(j, {}, 'nope', 1)).toThrow();
  });
  test('a valid step goes to the next one, or back to review when it came from a 修改 link', () => {
    expect(nextStepNumber(j, stepByNumber(j, 2)!, false)).toBe(3);
    expect(nextStepNumber(j, stepByNumber(j, 2)!, true)).toBe(4);
    expect(nextStepNumber(j, stepByNumber(j, 5)!, true)).toBe(6);
  });
  test('the receipt is the seventh, 申报提醒', () => {
    expect(j.steps.length + 1).toBe(7);
    expect(j.receipt.title).toBe('申报提醒');
  });
});
