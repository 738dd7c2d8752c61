import { parseReportQuery, planOptionName, reportStatusGroups, REPORT_MESSAGES, submissionsPerDay } from './reportFilter';

const choices = { plans: [{ id: 3, business: 'registration' }, { id: 7, business: 'registration' }, { id: 8, business: 'certification' }], pointIds: [11, 12] };

describe('parseReportQuery', () => {
  test('a good filter: plan, point, statuses (repeats dropped, empty ignored)', () => {
    expect(parseReportQuery({ plan: '7', point: '12', status: ['注册合格', '', '注册合格', '暂缓注册'] }, choices))
      .toEqual({ ok: true, filter: { planId: 7, pointId: 12, statuses: ['注册合格', '暂缓注册'] } });
    expect(parseReportQuery({ plan: '3', point: '', status: [] }, choices)).toEqual({ ok: true, filter: { planId: 3, pointId: null, statuses: [] } });
  });

  test('an empty plan is the default plan when there is one, else an error', () => {
    expect(parseReportQuery({ plan: '', point: '', status: [] }, { ...choices, defaultPlanId: 7 })).toEqual({ ok: true, filter: { planId: 7, pointId: null, statuses: [] } });
    expect(parseReportQuery({ plan: '', point: '', status: [] }, choices)).toEqual({ ok: false, errors: { plan: REPORT_MESSAGES.planMissing } });
  });

  test.each([
    [{ plan: '4', point: '', status: [] }, { plan: REPORT_MESSAGES.planUnknown }],
    [{ plan: 'abc', point: '', status: [] }, { plan: REPORT_MESSAGES.planUnknown }],
    [{ plan: '1e9', point: '', status: [] }, { plan: REPORT_MESSAGES.planUnknown }],
    [{ plan: '0', point: '', status: [] }, { plan: REPORT_MESSAGES.planUnknown }],
    [{ plan: '3', point: '13', status: [] }, { point: REPORT_MESSAGES.pointUnknown }],
    [{ plan: '3', point: '-1', status: [] }, { point: REPORT_MESSAGES.pointUnknown }],
    [{ plan: '3', point: '', status: ['注册合格', '已撤销'] }, { status: `${REPORT_MESSAGES.statusUnknown}：已撤销` }],
    [{ plan: '9', point: 'x', status: ['?'] }, { plan: REPORT_MESSAGES.planUnknown, point: REPORT_MESSAGES.pointUnknown, status: `${REPORT_MESSAGES.statusUnknown}：?` }],
  ])('refuses %j', (q, errors) => {
    expect(parseReportQuery(q, choices)).toEqual({ ok: false, errors });
  });

  test('the statuses must be the plan\'s business\'s: the other business\'s refused by name, or left out on 选择', () => {
    expect(parseReportQuery({ plan: '8', point: '', status: ['网报待确认', '认定通过'] }, choices)).toEqual({ ok: true, filter: { planId: 8, pointId: null, statuses: ['网报待确认', '认定通过'] } });
    expect(parseReportQuery({ plan: '8', point: '', status: ['注册合格'] }, choices)).toEqual({ ok: false, errors: { status: REPORT_MESSAGES.statusNotInBusiness('注册合格', '教师资格认定') } });
    expect(parseReportQuery({ plan: '3', point: '', status: ['认定通过'] }, choices)).toEqual({ ok: false, errors: { status: REPORT_MESSAGES.statusNotInBusiness('认定通过', '定期注册') } });
    expect(parseReportQuery({ plan: '8', point: '', status: ['注册合格', '机构选择有误'] }, { ...choices, dropForeignStatuses: true })).toEqual({ ok: true, filter: { planId: 8, pointId: null, statuses: ['机构选择有误'] } });
    // An unknown plan: only the plan is wrong, a status of either business is not (yet) foreign.
    expect(parseReportQuery({ plan: '4', point: '', status: ['认定通过', '注册合格'] }, choices)).toEqual({ ok: false, errors: { plan: REPORT_MESSAGES.planUnknown } });
  });
});

describe('reportStatusGroups', () => {
  test('one business: its statuses; none: each status once, shared ones first, then each business\'s own', () => {
    expect(reportStatusGroups('certification')).toEqual([{ key: 'certification', label: '教师资格认定', statuses: ['网报待确认', '待认定审批', '材料不一致或不符合要求', '机构选择有误', '认定通过', '认定不通过'] }]);
    const all = reportStatusGroups(null);
    expect(all.map((g) => g.key)).toEqual(['shared', 'registration', 'certification']);
    expect(all[0].statuses).toEqual(['网报待确认', '机构选择有误']);
    const listed = all.flatMap((g) => g.statuses);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).toHaveLength(12);
  });
});

describe('submissionsPerDay', () => {
  test('UTC hours fold into local days (UTC+8: 16:00Z is the next day), the window filled with zeros', () => {
    const days = submissionsPerDay([{ hour: '2026-11-22T15', n: 2 }, { hour: '2026-11-22T16', n: 3 }, { hour: '2026-11-23T01', n: 1 }], 'Asia/Shanghai', '2026-11-21', '2026-11-24');
    expect(days).toEqual([
      { day: '2026-11-21', n: 0 }, { day: '2026-11-22', n: 2 }, { day: '2026-11-23', n: 4 }, { day: '2026-11-24', n: 0 },
    ]);
  });

  test('days outside the window are kept; a malformed or huge window is bounded', () => {
    expect(submissionsPerDay([{ hour: '2026-12-31T02', n: 1 }], 'Asia/Shanghai', '2026-11-30', '2026-12-01').map((d) => d.day)).toEqual(['2026-11-30', '2026-12-01', '2026-12-31']);
    expect(submissionsPerDay([{ hour: '2026-11-23T02', n: 1 }], 'Asia/Shanghai', '', 'x')).toEqual([{ day: '2026-11-23', n: 1 }]);
    expect(submissionsPerDay([], 'Asia/Shanghai', '2000-01-01', '2099-01-01', 30)).toHaveLength(30);
  });
});

describe('planOptionName (数据导出\'s plan list)', () => {
  test.each([
    [{ title: '2026年秋季', business: 'registration' }, '2026年秋季（定期注册）'],
    [{ title: '2026年教师资格认定', business: 'certification' }, '2026年教师资格认定'],
    [{ title: '2026年下半年', business: 'certification' }, '2026年下半年（教师资格认定）'],
    [{ title: '2026年定期注册', business: 'registration' }, '2026年定期注册'],
  ])('%j → %s', (plan, name) => expect(planOptionName(plan)).toBe(name));
});
