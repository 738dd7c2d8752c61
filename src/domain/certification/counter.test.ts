import { putonghuaNeedsCheck, putonghuaOf } from './counter';

const snapshot = (verifyStatus: string) => JSON.stringify({ business: 'certification', putonghua: { certNumber: '44078', level: '二级甲等', score: '88.5', verifyStatus } });

describe('普通话 未核验 at the counter', () => {
  test('a 录入 certificate (未核验) needs the original checked; a 核验 one does not', () => {
    expect(putonghuaNeedsCheck('certification', snapshot('unverified'))).toBe(true);
    expect(putonghuaNeedsCheck('certification', snapshot('verified'))).toBe(false);
    expect(putonghuaOf(snapshot('verified'))).toEqual({ certNumber: '44078', level: '二级甲等', score: '88.5', verified: true });
  });
  test('定期注册 never asks; an unreadable 认定 snapshot asks (fails safe)', () => {
    expect(putonghuaNeedsCheck('registration', snapshot('unverified'))).toBe(false);
    expect(putonghuaNeedsCheck('certification', '{')).toBe(true);
    expect(putonghuaNeedsCheck('certification', '{}')).toBe(true);
    expect(putonghuaOf(null)).toBeNull();
  });
});
