import { applicationNotice } from './applicationNotices';

describe('applicationNotice', () => {
  test('定期注册 keeps its words', () => {
    expect(applicationNotice('registration', '26000001', '注册合格')).toEqual({ text: '您的定期注册报名（报名号 26000001）状态已更新为“注册合格”，请登录系统在“查询报名信息”中查看。', subject: '报名状态变更' });
    expect(applicationNotice('registration', '26000001', null)).toEqual({ text: '您的定期注册报名（报名号 26000001）您有一条新留言，请登录系统在“查询报名信息”中查看。', subject: '新留言' });
  });
  test('教师资格认定 says 认定状态 and 查询认定报名信息', () => {
    expect(applicationNotice('certification', '26000002', '认定通过')).toEqual({ text: '您的教师资格认定报名（报名号 26000002）认定状态已更新为“认定通过”，请登录系统在“查询认定报名信息”中查看。', subject: '认定状态变更' });
    expect(applicationNotice('certification', '26000002', null).text).toBe('您的教师资格认定报名（报名号 26000002）有一条新留言，请登录系统在“查询认定报名信息”中查看。');
  });
});
