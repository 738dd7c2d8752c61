import { batchPrintCopiesText } from './formText';

describe('batchPrintCopiesText', () => {
  test.each([
    ['registration', null, '每份一式两份'], ['registration', 1, '每份一式两份'],
    ['certification', 2, '每份一式两份'], ['certification', 1, '每份一式一份'], ['certification', null, '每份按所属认定机构设置的份数'],
  ] as const)('%s with the bureau at %s copies: %s', (business, copies, text) => {
    expect(batchPrintCopiesText(business, copies)).toBe(text);
  });
});
