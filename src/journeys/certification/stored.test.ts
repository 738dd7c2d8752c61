import { certificationRowValue, readCertificationSnapshot } from './stored';
import * as journey from './index';

describe('readCertificationSnapshot (the one reader of a stored 认定 snapshot)', () => {
  it('is the function the journey exports, so the pages, 修改 and the 申请表 read alike', () => {
    expect(journey.readCertificationSnapshot).toBe(readCertificationSnapshot);
  });

  it('keeps what 提交 stored', () => {
    const summary = [{ title: '认定信息', rows: [{ key: 'qualification', label: '资格种类', value: '初级中学教师资格' }] }];
    const answers = { agreement: { agreed: true } };
    const read = readCertificationSnapshot(JSON.stringify({ business: 'certification', answers, summary, resume: [] }));
    expect(read.answers).toEqual(answers);
    expect(read.summary).toEqual(summary);
    expect(certificationRowValue(read.summary, 'qualification')).toBe('初级中学教师资格');
  });

  it.each(['not json', 'null', '[]', '{"answers":null,"summary":"x"}'])('reads a damaged snapshot (%s) as empty, never throws', (data) => {
    const read = readCertificationSnapshot(data);
    expect(read.answers).toEqual({});
    expect(read.summary).toEqual([]);
    expect(read.resume).toEqual([]);
    expect(read.applicant.name).toBe('');
    expect(certificationRowValue(read.summary, 'qualification')).toBe('');
  });
});
