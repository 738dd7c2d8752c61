import { CONCLUDED_STATUSES, STATUS, locksIdentity } from './applicationStatus';

describe('locksIdentity', () => {
  const table: [keyof typeof STATUS, string, boolean][] = [
    ['pendingConfirmation', '网报待确认', false], // still the applicant's to edit
    ['awaitingApproval', '待注册审批', true],
    ['confirmationFailed', '确认未通过', true],
    ['wrongBureau', '机构选择有误', true],
    ['passed', '注册合格', false], // concluded
    ['deferred', '暂缓注册', false],
    ['failed', '注册不合格', false],
    ['notEligible', '不属于注册对象', false],
  ];

  test('the table covers every status', () => {
    expect(table.map(([key]) => key).sort()).toEqual(Object.keys(STATUS).sort());
  });

  test.each(table)('%s (%s) locks the identity: %s', (key, label, locks) => {
    expect(STATUS[key]).toBe(label);
    expect(locksIdentity(STATUS[key])).toBe(locks);
  });

  test('concluded statuses never lock', () => {
    expect([...CONCLUDED_STATUSES].sort()).toEqual([STATUS.passed, STATUS.deferred, STATUS.failed, STATUS.notEligible].sort());
    for (const status of CONCLUDED_STATUSES) expect(locksIdentity(status)).toBe(false);
  });

  test('an unknown status is treated as under review (fails closed)', () => {
    expect(locksIdentity('')).toBe(true);
    expect(locksIdentity('审核中')).toBe(true);
    expect(locksIdentity('pendingConfirmation')).toBe(true); // the key, not the stored label
  });
});
