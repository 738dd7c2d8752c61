import { barChart, columnChart, describe as describeBars, fitLabel, textWidth } from './barChart';

describe('barChart (horizontal bars)', () => {
  const bars = [{ label: '注册合格', value: 80 }, { label: '暂缓注册', value: 20 }, { label: '注册不合格', value: 0 }];

  test('one bar per category, lengths in proportion, the largest filling the plot; labels and values placed', () => {
    const c = barChart('按报名状态', bars, { width: 600, unit: '人' });
    expect(c.kind).toBe('bars');
    expect(c.bars.map((b) => b.label)).toEqual(['注册合格', '暂缓注册', '注册不合格']);
    const [a, b, z] = c.bars;
    expect(b.width / a.width).toBeCloseTo(0.25, 2);
    expect(z.width).toBe(0);
    // Bars start at the same x, right of the labels, and fit the chart with room for the value text.
    expect(new Set(c.bars.map((x) => x.x)).size).toBe(1);
    expect(a.x + a.width).toBeLessThanOrEqual(600 - 40);
    expect(c.texts.filter((t) => t.kind === 'label').map((t) => t.text)).toEqual(['注册合格', '暂缓注册', '注册不合格']);
    expect(c.texts.filter((t) => t.kind === 'value').map((t) => t.text)).toEqual(['80', '20', '0']);
    // Rows do not overlap and the height holds them all.
    expect(b.y).toBeGreaterThanOrEqual(a.y + a.height);
    expect(z.y + z.height).toBeLessThanOrEqual(c.height);
    expect(c.title).toBe('按报名状态');
    expect(c.desc).toBe('共 3 项，合计 100人；最多：注册合格 80人。');
  });

  test('all zeros and no categories draw no bar longer than zero and never divide by zero', () => {
    const c = barChart('空', [{ label: '甲', value: 0 }]);
    expect(c.bars[0].width).toBe(0);
    expect(c.desc).toBe('共 1 项，合计 0。');
    const empty = barChart('空', []);
    expect(empty.bars).toEqual([]);
    expect(empty.height).toBeGreaterThan(0);
    expect(Number.isFinite(empty.axis[3])).toBe(true);
  });

  test('long labels are cut with an ellipsis to fit the label column', () => {
    const long = '台山市培英职业技术学校确认点（四九、白沙、三合、水步、大江镇各学校）';
    const c = barChart('按确认点', [{ label: long, value: 3 }]);
    const shown = c.texts.find((t) => t.kind === 'label')!.text;
    expect(shown.endsWith('…')).toBe(true);
    expect(textWidth(shown)).toBeLessThanOrEqual(220);
    expect(c.bars[0].label).toBe(long); // the bar's own <title> keeps it whole
  });
});

describe('columnChart (one column per day)', () => {
  const days = Array.from({ length: 60 }, (_, i) => ({ label: `11-${String((i % 30) + 1).padStart(2, '0')}`, value: i % 7 }));

  test('a column per day, heights in proportion, on one baseline', () => {
    const c = columnChart('每日提交', days, { width: 700, height: 240 });
    expect(c.bars).toHaveLength(60);
    const base = c.axis[1];
    for (const b of c.bars) expect(b.y + b.height).toBeCloseTo(base, 0);
    const tallest = Math.max(...c.bars.map((b) => b.height));
    expect(c.bars.find((b) => b.value === 6)!.height).toBe(tallest);
    expect(c.bars.find((b) => b.value === 3)!.height).toBeCloseTo(tallest / 2, 0);
    // Columns stay inside the chart and left to right.
    expect(c.bars[0].x).toBeGreaterThanOrEqual(0);
    expect(c.bars[59].x + c.bars[59].width).toBeLessThanOrEqual(700);
    for (let i = 1; i < 60; i++) expect(c.bars[i].x).toBeGreaterThan(c.bars[i - 1].x);
  });

  test('date labels are thinned so they never overlap; values shown only when there is room', () => {
    const c = columnChart('每日提交', days, { width: 700 });
    const ticks = c.texts.filter((t) => t.kind === 'tick');
    expect(ticks.length).toBeLessThan(60);
    expect(ticks[0].text).toBe('11-01');
    for (let i = 1; i < ticks.length; i++) expect(ticks[i].x - ticks[i - 1].x).toBeGreaterThanOrEqual(textWidth(ticks[i].text, 11));
    // Every date label lies wholly inside the chart (centred: half its width either side).
    for (const t of ticks) {
      expect(t.x - textWidth(t.text, 11) / 2).toBeGreaterThanOrEqual(0);
      expect(t.x + textWidth(t.text, 11) / 2).toBeLessThanOrEqual(700);
    }
    expect(c.texts.filter((t) => t.kind === 'value')).toHaveLength(51); // one digit fits an 11 px slot (zeros get none)
    const busy = columnChart('每日提交', days.map((d) => ({ ...d, value: d.value * 100 })), { width: 700 });
    expect(busy.texts.filter((t) => t.kind === 'value')).toHaveLength(0); // three digits do not: the table has them
    const week = columnChart('每日提交', days.slice(0, 7), { width: 700 });
    expect(week.texts.filter((t) => t.kind === 'tick')).toHaveLength(7);
    expect(week.texts.filter((t) => t.kind === 'value').map((t) => t.text)).toEqual(['1', '2', '3', '4', '5', '6']); // zero has none
  });
});

test('describe, fitLabel and textWidth', () => {
  expect(describeBars([])).toBe('共 0 项，合计 0。');
  expect(describeBars([{ label: '小学', value: 2 }, { label: '初级中学', value: 5 }], '人')).toBe('共 2 项，合计 7人；最多：初级中学 5人。');
  expect(textWidth('ab')).toBeLessThan(textWidth('中文'));
  expect(fitLabel('小学', 100)).toBe('小学');
});
