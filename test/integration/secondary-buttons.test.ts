import { makeTestApp, TestContext, loginAs, DEMO, byIdNumber } from '../helpers/app';
import { BUREAU, DETAILS, cameraPhoto, demoIds, postDetails } from '../helpers/wizard';
import { editDetailsUrl, editFields, hiddenFields, postEditDetails, submittedApplication } from '../helpers/applications';

let ctx: TestContext;
beforeEach(async () => { ctx = await makeTestApp(); });
afterEach(async () => ctx?.close());

/** Nothing is lost after a secondary button: a photo chosen before 查询 or 新增学校 is kept (a file input cannot be refilled). */
describe('查询 and 新增学校 keep the chosen photo', () => {
  test('step 3: the photo sent with 查询 is stored as the draft\'s pending photo and shown; 下一步 then needs no new upload', async () => {
    const b = await loginAs(ctx, DEMO.liMing);
    const ids = await demoIds(ctx);
    await b.submit('/apply/step/1', { agree: '1' });
    await b.submit('/apply/step/2', { ...BUREAU, bureauId: ids.bureauId, pointId: ids.pointId, action: 'next' });
    const searched = await postDetails(b, { ...DETAILS, certificateId: ids.certificateId, graduationSchool: '华南', action: 'search-school' }, await cameraPhoto());
    expect(searched.status).toBe(200);
    const photoId = /\/apply\/photo\/(\d+)/.exec(searched.text)?.[1];
    expect(photoId).toBeDefined();
    expect(searched.text).toContain('华南师范大学'); // the search result
    const next = await postDetails(b, { ...DETAILS, certificateId: ids.certificateId }, null);
    expect(next.status).toBe(303);
    const account = await ctx.db('accounts').where(byIdNumber(ctx, DEMO.liMing.idNumber)).first('id');
    const draft = JSON.parse((await ctx.db('drafts').where({ account_id: account.id, journey: 'registration' }).first()).data);
    expect(draft.answers.details.photoFileId).toBe(Number(photoId));
  });

  test('修改报名信息: the photo sent with 新增学校 is carried to the save', async () => {
    const { b, ids, no, row } = await submittedApplication(ctx);
    const url = editDetailsUrl(no);
    const added = await postEditDetails(b, url, { ...editFields(ids), action: 'add-school', newSchoolName: '台山市新办学校', newSchoolType: '1' }, await cameraPhoto(800, 1000));
    expect(added.status).toBe(200);
    const pending = hiddenFields(added.text).pendingPhotoId;
    expect(Number(pending)).not.toBe(row.photo_file_id);
    const saved = await postEditDetails(b, url, { ...editFields(ids), graduationSchool: '台山市新办学校', pendingPhotoId: pending });
    expect(saved.status).toBe(303);
    expect((await ctx.db('applications').where({ id: row.id }).first()).photo_file_id).toBe(Number(pending));
  });
});
