import { checkResume, readResume, RESUME_MESSAGES, ResumePeriod, sortResume } from './resume';

const period = (from: string, to: string, over: Partial<ResumePeriod> = {}): ResumePeriod =>
  ({ from, to, employer: '无', occupation: '学生', title: '无', ...over });

describe('个人简历 rules (002 步骤四 ④)', () => {
  const now = '2026-12';

  it('accepts consecutive periods, the latest open (至今)', () => {
    expect(checkResume([period('2019-09', '2023-06'), period('2023-07', '')], now)).toEqual({});
  });

  it('needs at least one period and every field ("无" is an answer)', () => {
    expect(checkResume([], now)).toEqual({ resume: RESUME_MESSAGES.none });
    const errors = checkResume([period('', '2020-01', { employer: '', occupation: '', title: '' })], now);
    expect(errors).toMatchObject({
      resume_0_from: RESUME_MESSAGES.from, resume_0_employer: RESUME_MESSAGES.employer,
      resume_0_occupation: RESUME_MESSAGES.occupation, resume_0_title: RESUME_MESSAGES.title,
    });
  });

  it('refuses a period running backwards, a month that is not one, and the future', () => {
    expect(checkResume([period('2020-09', '2020-01')], now)).toEqual({ resume_0_to: RESUME_MESSAGES.backwards });
    expect(checkResume([period('2020-13', '')], now)).toEqual({ resume_0_from: RESUME_MESSAGES.month });
    expect(checkResume([period('2020/01', '')], now)).toEqual({ resume_0_from: RESUME_MESSAGES.month });
    expect(checkResume([period('2027-01', '')], now)).toEqual({ resume_0_from: RESUME_MESSAGES.future });
    expect(checkResume([period('2020-01', '2027-01')], now)).toEqual({ resume_0_to: RESUME_MESSAGES.future });
  });

  it('refuses overlapping periods, naming the other one, also when the shared month is the only overlap', () => {
    const errors = checkResume([period('2015-09', '2019-06'), period('2019-06', '')], now);
    expect(errors.resume_0_from).toBe(RESUME_MESSAGES.overlap(2));
    expect(errors.resume_1_from).toBe(RESUME_MESSAGES.overlap(1));
  });

  it('lets only the latest period be open', () => {
    expect(checkResume([period('2015-09', ''), period('2020-01', '2021-01')], now).resume_0_to).toBe(RESUME_MESSAGES.openNotLast);
  });

  it('caps the number of periods and the length of a field', () => {
    const many = Array.from({ length: 11 }, (_, i) => period(`${2000 + i}-01`, `${2000 + i}-06`));
    expect(checkResume(many, now)).toEqual({ resume: RESUME_MESSAGES.tooMany });
    expect(checkResume([period('2020-01', '', { employer: '单'.repeat(51) })], now)).toEqual({ resume_0_employer: RESUME_MESSAGES.tooLong });
  });

  it('reads rows from a form, skipping empty ones, and sorts oldest first', () => {
    const body = { resume_0_from: '2023-07', resume_0_to: '', resume_0_employer: '无', resume_0_occupation: '学生', resume_0_title: '无', resume_1_from: '', resume_2_from: '2019-09', resume_2_to: '2023-06', resume_2_employer: ['甲', '乙'] };
    const periods = readResume(body, 3);
    expect(periods).toHaveLength(2);
    expect(periods[1].employer).toBe('甲');
    expect(sortResume(periods).map((p) => p.from)).toEqual(['2019-09', '2023-07']);
  });
});
