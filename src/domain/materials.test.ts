import { materialsLine } from './materials';

describe('定期注册材料确认情况', () => {
  test.each([
    ['网报待确认', null, '尚未进行现场确认'],
    ['确认未通过', '年度考核证明', '材料不全，缺少：年度考核证明'],
    ['确认未通过', null, '经审核材料不全，请向确认机构提交补齐'],
    ['机构选择有误', null, '经审核您选错了注册机构，材料未确认，请在网报时间内更正注册机构'],
    ['机构选择有误', '年度考核证明', '经审核您选错了注册机构，材料未确认，请在网报时间内更正注册机构'],
    ['待注册审批', '年度考核证明', '材料已确认'],
    ['注册合格', null, '材料已确认'],
  ])('%s (missing %s) → %s', (status, missing, line) => {
    expect(materialsLine(status, missing)).toBe(line);
  });
});
