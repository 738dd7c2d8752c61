import { addMonths, DUE_MESSAGES, registrationDue, DueInput } from './registrationDue';
import { DEFAULT_RETIREMENT } from './retirement';

const base: DueInput = {
  qualificationCode: '3', restriction: null, records: [], birthDate: '1985-03-15', sex: '1', today: '2026-11-23',
  retirement: { ...DEFAULT_RETIREMENT, gradual: false },
};

describe('registrationDue', () => {
  test('no registration yet: 首次注册, eligible', () => {
    expect(registrationDue(base)).toMatchObject({ eligible: true, regType: '首次注册', passedCount: 0, last: null });
  });

  test('54 months after the last 注册合格 it opens; one day before it does not', () => {
    const records = [{ conclusion: '注册合格', concludedOn: '2022-05-23' }];
    expect(addMonths('2022-05-23', 54)).toBe('2026-11-23');
    expect(registrationDue({ ...base, records })).toMatchObject({ eligible: true, regType: '定期注册', passedCount: 1 });
    expect(registrationDue({ ...base, records, today: '2026-11-22' })).toMatchObject({ eligible: false, reason: DUE_MESSAGES.notDue });
  });

  test('the last record decides what is shown, only 注册合格 counts', () => {
    const records = [
      { conclusion: '注册合格', concludedOn: '2014-06-30' },
      { conclusion: '暂缓注册', concludedOn: '2019-12-31' },
    ];
    const due = registrationDue({ ...base, records });
    expect(due).toMatchObject({ eligible: true, passedCount: 1, regType: '定期注册' });
    expect(due.last).toEqual({ conclusion: '暂缓注册', concludedOn: '2019-12-31' });
  });

  test.each([
    ['撤销', DUE_MESSAGES.revoked],
    ['丧失', DUE_MESSAGES.lost],
  ])('restriction %s blocks with the national message', (restriction, reason) => {
    expect(registrationDue({ ...base, restriction })).toMatchObject({ eligible: false, reason });
  });

  test('高等学校教师资格 is outside 中小学定期注册', () => {
    expect(registrationDue({ ...base, qualificationCode: '7' })).toMatchObject({ eligible: false, reason: DUE_MESSAGES.higherEducation });
  });

  test('past the retirement age: no registration; fewer than 5 years before it: until the retirement year', () => {
    expect(registrationDue({ ...base, birthDate: '1966-11-23' })).toMatchObject({ eligible: false, reason: DUE_MESSAGES.retired });
    expect(registrationDue({ ...base, birthDate: '1966-11-24' })).toMatchObject({ eligible: true, untilRetirementYear: 2026 });
    expect(registrationDue({ ...base, birthDate: '1969-06-01' })).toMatchObject({ eligible: true, untilRetirementYear: 2029 });
    expect(registrationDue({ ...base, birthDate: '1985-03-15' }).untilRetirementYear).toBeNull();
    // Women retire at the configured female age.
    expect(registrationDue({ ...base, sex: '2', birthDate: '1971-01-01' })).toMatchObject({ eligible: false, reason: DUE_MESSAGES.retired });
  });

  test('with the 2025 schedule the retirement day moves later (男 born 1966-11: 60岁6个月)', () => {
    const gradual = { ...base, retirement: DEFAULT_RETIREMENT };
    expect(registrationDue({ ...gradual, birthDate: '1966-11-23' })).toMatchObject({ eligible: true, untilRetirementYear: 2027 });
    expect(registrationDue({ ...gradual, birthDate: '1966-05-23', today: '2026-11-23' })).toMatchObject({ eligible: false, reason: DUE_MESSAGES.retired });
  });

  test('addMonths clamps to the end of a shorter month', () => {
    expect(addMonths('2021-08-31', 6)).toBe('2022-02-28');
    expect(addMonths('2019-12-31', 54)).toBe('2024-06-30');
  });
});
