import { certificationEditable, counterFinding, findingLine, showsUploads } from './applicantView';

const ev = (to: string, from: string, missing: string | null, reason: string | null) => ({ to_status: to, from_status: from, missing_materials: missing, reason });

describe('查询认定报名信息: what a row says (002 §3.2)', () => {
  test('材料不一致或不符合要求: the items and reason of the event that set it, newest first', () => {
    const events = [
      ev('材料不一致或不符合要求', '材料不一致或不符合要求', null, null), // an edit keeps the status: not the counter's finding
      ev('材料不一致或不符合要求', '网报待确认', '体检合格证明、学历证书', '体检表缺医院盖章'),
      ev('材料不一致或不符合要求', '网报待确认', '旧的', null),
    ];
    const found = counterFinding('材料不一致或不符合要求', events);
    expect(found).toEqual({ missing: ['体检合格证明', '学历证书'], reason: '体检表缺医院盖章' });
    expect(findingLine(found!)).toBe('不符合要求的材料：体检合格证明、学历证书；说明：体检表缺医院盖章');
    expect(findingLine({ missing: [], reason: null })).toContain('请咨询认定机构');
    expect(counterFinding('网报待确认', events)).toBeNull();
  });

  test('修改 and 删除 only in 网报待确认; 上传材料 only with a list of materials', () => {
    expect(certificationEditable('网报待确认')).toBe(true);
    for (const s of ['待认定审批', '材料不一致或不符合要求', '认定通过', '认定不通过', '机构选择有误']) expect(certificationEditable(s)).toBe(false);
    expect(showsUploads([])).toBe(false);
    expect(showsUploads(['体检合格证明'])).toBe(true);
  });
});
