import { parseSettingsForm } from './bureauSettings';

const good = { maleAge: '60', femaleAge: '55', gradual: 'yes', smsSignature: '台山市教育局', mailSenderName: '台山市教育局教师资格注册' };

describe('the bureau settings form', () => {
  test('good input becomes settings; empty sender names mean the site name', () => {
    expect(parseSettingsForm(good).settings).toEqual({ retirement: { maleAge: 60, femaleAge: 55, gradual: true }, smsSignature: '台山市教育局', mailSenderName: '台山市教育局教师资格注册' });
    expect(parseSettingsForm({ ...good, femaleAge: '50', gradual: 'no', smsSignature: '', mailSenderName: '' }).settings)
      .toEqual({ retirement: { maleAge: 60, femaleAge: 50, gradual: false }, smsSignature: null, mailSenderName: null });
  });

  test.each([
    [{ maleAge: '58' }, 'maleAge'], [{ femaleAge: 'x' }, 'femaleAge'], [{ gradual: '' }, 'gradual'],
    [{ smsSignature: '台' }, 'smsSignature'], [{ smsSignature: '【台山】' }, 'smsSignature'], [{ smsSignature: '一二三四五六七八九十一二三' }, 'smsSignature'],
    [{ mailSenderName: 'a<b>' }, 'mailSenderName'], [{ mailSenderName: 'x'.repeat(31) }, 'mailSenderName'],
  ])('%j is refused by its field', (change, field) => {
    expect(Object.keys(parseSettingsForm({ ...good, ...change }).errors ?? {})).toEqual([field]);
  });
});
