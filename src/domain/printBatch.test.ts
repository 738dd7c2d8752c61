import { batchTimeoutMs, parsePrintSelection, PRINT_BATCH_MAX } from './printBatch';

describe('parsePrintSelection', () => {
  it('reads the counter value (报名号) and the review value (报名号:版本), each number once', () => {
    expect(parsePrintSelection(['26000001', '26000002:3', '26000001:2'])).toEqual({ ok: true, nos: ['26000001', '26000002'] });
  });
  it('refuses an empty selection and anything that is not a 报名号', () => {
    expect(parsePrintSelection([])).toMatchObject({ ok: false });
    expect(parsePrintSelection([{ no: 1 }])).toMatchObject({ ok: false });
    expect(parsePrintSelection(["26000001' or 1=1"])).toMatchObject({ ok: false, message: expect.stringContaining('报名号格式不正确') });
    expect(parsePrintSelection(['2600000'])).toMatchObject({ ok: false });
  });
  it(`holds at most ${PRINT_BATCH_MAX} forms`, () => {
    const nos = (n: number) => Array.from({ length: n }, (_, i) => String(26000000 + i));
    expect(parsePrintSelection(nos(PRINT_BATCH_MAX))).toMatchObject({ ok: true });
    expect(parsePrintSelection(nos(PRINT_BATCH_MAX + 1))).toEqual({ ok: false, message: expect.stringContaining('一次最多打印200份') });
  });
});

describe('print job limits (ids: domain/jobId.test.ts)', () => {
  it('gives a batch more time than one form, growing with its size', () => {
    expect(batchTimeoutMs(15000, 1)).toBeGreaterThan(15000);
    expect(batchTimeoutMs(15000, 200)).toBe(75000);
  });
});
