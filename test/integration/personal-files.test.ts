import { makeTestApp, TestContext } from '../helpers/app';
import { submitDemoApplication } from '../helpers/forms';

/** Personal images and files are never kept by a browser or a shared office PC's cache after logout. */
let ctx: TestContext;
beforeAll(async () => { ctx = await makeTestApp({ env: { CHROMIUM_PATH: '/nonexistent/chromium' } }); });
afterAll(async () => {
  await ctx?.container.close();
  await ctx?.close();
});

test('the applicant photo and the 申请表 preview are sent with Cache-Control: no-store', async () => {
  const { b, no } = await submitDemoApplication(ctx);
  const app = await ctx.db('applications').where({ application_no: no }).first();
  const img = await b.get(`/apply/photo/${app.photo_file_id}`);
  expect(img.status).toBe(200);
  expect(img.headers['content-type']).toBe('image/jpeg');
  expect(img.headers['cache-control']).toBe('no-store');
  const preview = await b.get(`/applications/${no}/form`);
  expect(preview.status).toBe(200);
  expect(preview.headers['cache-control']).toBe('no-store');
});
