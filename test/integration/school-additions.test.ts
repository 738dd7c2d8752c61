/*
 * 新增学校 on step 3 without JavaScript: a submit button (action=add-school) of the multipart form. Teacher-added
 * graduation schools are limited per account (SCHOOL_ADDITIONS_PER_ACCOUNT); the limit's message sits by the
 * field and everything typed stays. Run on SQLite, and on PostgreSQL with TEST_DATABASE_URL.
 */
import { makeTestApp, TestContext, Browser, loginAs, DEMO, escaped, countRows } from '../helpers/app';
import { BUREAU, DETAILS, cameraPhoto, demoIds, postDetails } from '../helpers/wizard';
import { SCHOOL_ADDITIONS_PER_ACCOUNT } from '../../src/services/schools';

let ctx: TestContext;
beforeEach(async () => { ctx = await makeTestApp(); });
afterEach(async () => ctx?.close());

const LIMIT_MESSAGE = `每个账号最多新增${SCHOOL_ADDITIONS_PER_ACCOUNT}所学校，请通过“查询”选择已有学校，或联系注册机构`;

async function atStep3(who = DEMO.liMing): Promise<{ b: Browser; certificateId: string }> {
  const b = await loginAs(ctx, who);
  const ids = await demoIds(ctx);
  expect((await b.submit('/apply/step/1', { agree: '1' })).status).toBe(303);
  expect((await b.submit('/apply/step/2', { ...BUREAU, bureauId: ids.bureauId, pointId: ids.pointId, action: 'next' })).status).toBe(303);
  return { b, certificateId: ids.certificateId };
}

/** 新增确认 pressed on step 3 with the form as typed (no photo chosen). */
const addSchool = (b: Browser, fields: Record<string, string>, name: string, type = '1') =>
  postDetails(b, { ...fields, newSchoolName: name, newSchoolType: type, action: 'add-school' }, null);

test(`新增学校 without JavaScript: ${SCHOOL_ADDITIONS_PER_ACCOUNT} per account, then the limit by the field with everything typed kept`, async () => {
  const { b, certificateId } = await atStep3();
  const typed = { ...DETAILS, certificateId, graduationSchool: '', schoolName: '台山市新宁中学', hukou: '广东省台山市四九镇', address: '台山市四九镇圩镇1号' };
  const schoolsBefore = await countRows(ctx, 'schools');

  for (let i = 1; i <= SCHOOL_ADDITIONS_PER_ACCOUNT; i++) {
    const res = await addSchool(b, typed, `台山市第${i}师范学校`);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`已新增学校：台山市第${i}师范学校`);
    expect(res.text).toContain(`id="field-graduationSchool" name="graduationSchool" type="text" maxlength="60" value="台山市第${i}师范学校"`);
  }
  expect(await countRows(ctx, 'schools')).toBe(schoolsBefore + SCHOOL_ADDITIONS_PER_ACCOUNT);

  const refused = await addSchool(b, typed, '台山市华侨师范学校', '3');
  expect(refused.status).toBe(422);
  // The summary links to the field; the message sits by it; the <details> is open so it can be seen without JavaScript.
  expect(refused.text).toContain(`<li><a href="#field-newSchoolName">${escaped(LIMIT_MESSAGE)}</a></li>`);
  expect(refused.text).toContain(`<p class="error-message" id="error-newSchoolName">${escaped(LIMIT_MESSAGE)}</p>`);
  expect(refused.text).toContain('<details class="new-school" open>');
  // What was typed is all there: the new school's name and type, and the rest of the form.
  expect(refused.text).toContain('id="field-newSchoolName" name="newSchoolName" type="text" maxlength="60" value="台山市华侨师范学校"');
  expect(refused.text).toMatch(/<select id="field-newSchoolType" name="newSchoolType">[\s\S]*?<option value="3" selected>/);
  for (const value of ['台山市新宁中学', '广东省台山市四九镇', '台山市四九镇圩镇1号', '529200', '2007-07-01']) expect(refused.text).toContain(`value="${value}"`);
  expect(refused.text).toMatch(new RegExp(`<input[^>]*name="certificateId"[^>]*value="${certificateId}"[^>]*checked|<input[^>]*value="${certificateId}"[^>]*name="certificateId"[^>]*checked`));
  expect(await ctx.db('schools').where({ name: '台山市华侨师范学校' }).first()).toBeUndefined();
  expect(await countRows(ctx, 'schools')).toBe(schoolsBefore + SCHOOL_ADDITIONS_PER_ACCOUNT);

  // A school already listed is simply chosen, limit or not; and the form then goes through with it.
  const listed = await addSchool(b, typed, '台山市第1师范学校');
  expect(listed.status).toBe(200);
  expect(listed.text).toContain('value="台山市第1师范学校"');
  const next = await postDetails(b, { ...typed, graduationSchool: '台山市第1师范学校' }, await cameraPhoto());
  expect(next.status).toBe(303);
  expect(next.headers.location).toBe('/apply/step/4');
});

test('the limit is each account\'s own: another applicant may still add', async () => {
  const { b, certificateId } = await atStep3();
  for (let i = 1; i <= SCHOOL_ADDITIONS_PER_ACCOUNT; i++) expect((await addSchool(b, { ...DETAILS, certificateId }, `江门第${i}学院`)).status).toBe(200);
  expect((await addSchool(b, { ...DETAILS, certificateId }, '江门职业学院')).status).toBe(422);
  // 黄志强 is verified too; step 3 lets him add his own.
  const huang = await atStep3(DEMO.huang);
  const res = await addSchool(huang.b, { ...DETAILS }, '江门职业学院');
  expect(res.status).toBe(200);
  expect(res.text).toContain('已新增学校：江门职业学院');
});
