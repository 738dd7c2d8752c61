import { parseReportQuery, REPORT_MESSAGES, submissionsPerDay } from './reportFilter';

const choices = { planIds: [3, 7], pointIds: [11, 12] };

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
