import { draftFileIds } from './housekeeping';

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
