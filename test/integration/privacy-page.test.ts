import request from 'supertest';
import { makeTestApp, TestContext } from '../helpers/app';

/** 个人信息处理告知 (issue 13): public, linked from the footer and the registration page, periods from the configuration. */
let ctx: TestContext;
beforeAll(async () => { ctx = await makeTestApp({ env: { RETENTION_DRAFT_DAYS: '45', RETENTION_OUTBOX_DAYS: '90', SESSION_IDLE_MINUTES: '20' } }); });
afterAll(async () => ctx?.close());

test('without signing in: legal basis, purposes, every field and why, who sees it, retention as configured, rights and contacts', async () => {
  const res = await request(ctx.app).get('/privacy');
  expect(res.status).toBe(200);
  for (const text of [
    '个人信息保护法》第十三条第一款第三项', '履行法定职责', '教师法', '教师资格条例', '中小学教师资格定期注册暂行办法',
    '身份证件号码', '手机号码', '电子邮箱', '照片', '身份证件照片', '学历', '教师资格证书', '任教学校', '师德表现', '年度考核',
    '确认点操作员', '注册审核员', '机构管理员', '系统管理员', '显示完整证件号码',
    '所属网报计划结束后 45 天自动删除', '90 天后自动删除', '20 分钟无操作',
    '查阅、复制', '更正、补充', '删除', '台山市教育局',
    // 教师资格认定 (issue 14) is on the same accounts: its purposes and fields are told too.
    '定期注册和教师资格认定', '〈教师资格条例〉实施办法', '教师资格考试合格证明', '性侵违法犯罪信息', '手写签名', '全程网办', '港澳或台湾当地有效身份证件号码',
  ]) expect([text, res.text.includes(text)]).toEqual([text, true]);
});

test('linked from the footer of public pages, the registration page and its account agreement', async () => {
  expect((await request(ctx.app).get('/')).text).toContain('<a href="/privacy">个人信息处理告知</a>');
  const register = await request(ctx.app).get('/register');
  expect(register.text).toContain('详见<a href="/privacy">《个人信息处理告知》</a>');
  expect(register.text).toContain('注册即表示您已知悉<a href="/privacy">《个人信息处理告知》</a>');
});
