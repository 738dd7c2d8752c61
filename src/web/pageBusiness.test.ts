import { pageBusinessOf, pageFrameOf } from './pageBusiness';

describe('pageBusinessOf', () => {
  it.each([
    ['/certify', 'certification'], ['/certify/step/3', 'certification'], ['/certifications/26000001/form', 'certification'],
    ['/me/putonghua/verify', 'certification'], ['/me/others/4/image', 'certification'],
    ['/apply/step/2', 'registration'], ['/applications', 'registration'], ['/platform/notice', 'registration'], ['/me/registrations/2', 'registration'],
    ['/', null], ['/me', null], ['/platform', null], ['/me/certificates', null], ['/staff/review', null], ['/certificates/query', null], ['/certifyx', null],
  ])('%s → %s', (path, business) => {
    expect(pageBusinessOf(path)).toBe(business);
  });
});

describe('pageFrameOf', () => {
  it('names the business before the site on its pages, and only the site elsewhere', () => {
    expect(pageFrameOf('certification', '站点')).toEqual({ businessName: '教师资格认定', titleSuffix: '教师资格认定 - 站点' });
    expect(pageFrameOf('registration', '站点')).toEqual({ businessName: '中小学教师资格定期注册', titleSuffix: '中小学教师资格定期注册 - 站点' });
    expect(pageFrameOf(null, '站点')).toEqual({ businessName: '中小学教师资格定期注册', titleSuffix: '站点' });
  });
});
