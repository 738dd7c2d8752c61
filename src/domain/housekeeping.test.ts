import { draftExpired, draftPlanId, draftFileIds } from './housekeeping';

describe('the file ids a draft holds', () => {
  test('the pending photo and the answered one (as the wizard writes them)', () => {
    const draft = { answers: { agreement: { agreed: true }, details: { certificateId: 7, photoFileId: 12, school: '台山一中' } }, pendingPhotoFileId: 15 };
    expect(draftFileIds(JSON.stringify(draft))?.sort()).toEqual([12, 15]);
  });
  test('any *FileId key at any depth; other numbers are not file ids', () => {
    expect(draftFileIds(JSON.stringify({ answers: { extra: [{ scanFileId: '3' }], details: { certificateId: 9 } } }))).toEqual([3]);
    expect(draftFileIds('{"answers":{}}')).toEqual([]);
    expect(draftFileIds('{"pendingPhotoFileId":null}')).toEqual([]);
  });
  test('a draft that cannot be read says so (null), so nothing of its owner is deleted', () => {
    expect(draftFileIds('{not json')).toBeNull();
  });
});

describe('retention of drafts', () => {
  const now = new Date('2027-03-01T00:00:00.000Z');
  test('the plan is read from step 2\'s answer; none, or an unreadable draft, gives null', () => {
    expect(draftPlanId(JSON.stringify({ answers: { bureau: { planId: 7 } } }))).toBe(7);
    expect(draftPlanId(JSON.stringify({ answers: { agreement: { agreed: true } } }))).toBeNull();
    expect(draftPlanId('{not json')).toBeNull();
    expect(draftPlanId('null')).toBeNull();
  });
  test('a draft of a plan over for more than the days goes; within them, or of a plan still open, it stays', () => {
    expect(draftExpired({ planEnd: '2027-01-29T15:59:59.000Z', updatedAt: '2027-02-28T00:00:00.000Z' }, now, 30)).toBe(true);
    expect(draftExpired({ planEnd: '2027-02-01T15:59:59.000Z', updatedAt: '2026-12-01T00:00:00.000Z' }, now, 30)).toBe(false);
    expect(draftExpired({ planEnd: '2027-06-01T15:59:59.000Z', updatedAt: '2026-01-01T00:00:00.000Z' }, now, 30)).toBe(false);
  });
  test('without a plan, the draft\'s own last change counts', () => {
    expect(draftExpired({ planEnd: null, updatedAt: '2027-01-01T00:00:00.000Z' }, now, 30)).toBe(true);
    expect(draftExpired({ planEnd: null, updatedAt: '2027-02-15T00:00:00.000Z' }, now, 30)).toBe(false);
  });
});
