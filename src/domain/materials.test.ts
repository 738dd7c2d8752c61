import { materialsLine } from './materials';

describe('定期注册材料确认情况', () => {
  test.each([
    ['确认未通过', '年度考核证明', '材料不全，缺少：年度考核证明'],
    ['确认未通过', null, '经审核材料不全，请向确认机构提交补齐'],
    ['机构选择有误', null, '经审核您选错了注册机构，材料未确认，请在网报时间内更正注册机构'],
    ['机构选择有误', '年度考核证明', '经审核您选错了注册机构，材料未确认，请在网报时间内更正注册机构'],
    ['待注册审批', '年度考核证明', '材料已确认'],
    ['注册合格', null, '材料已确认'],
    ['暂缓注册', null, '材料已确认'],
    ['注册不合格', null, '材料已确认'],
    ['不属于注册对象', null, '经审核您不属于注册对象'],
    ['不属于注册对象', '年度考核证明', '经审核您不属于注册对象'],
    ['未知状态', null, ''],
  ])('%s (missing %s) → %s', (status, missing, line) => {
    expect(materialsLine(status, missing)).toBe(line);
  });

  test('网报待确认 in 000 §3.3\'s words; after 退回修改 it says so, with the reason', () => {
    expect(materialsLine('网报待确认', null, '照片不清晰', '台山市教育局')).toBe('您的报名信息已被注册机构台山市教育局退回修改（原因：照片不清晰），请按照机构要求准备材料并修改报名信息。');
    expect(materialsLine('网报待确认', '年度考核证明', null, '台山市教育局')).toBe('您的报名信息已被注册机构台山市教育局受理，请按照机构要求准备材料并修改报名信息。');
    // Only 网报待确认 reads the return: elsewhere the status itself says what is true.
    expect(materialsLine('待注册审批', null, '照片不清晰')).toBe('材料已确认');
  });
});
