import { describeError, redactPersonalData } from './logRedaction';

describe('redactPersonalData', () => {
  test('a mail server naming the recipient, a gateway echoing the mobile, an ID number in a URL', () => {
    expect(redactPersonalData("Can't send mail - all recipients were rejected: 550 5.1.1 <zhouxy.private@example.com>: rejected"))
      .toBe("Can't send mail - all recipients were rejected: 550 5.1.1 <z****@example.com>: rejected");
    expect(redactPersonalData('mobile 13926540817 unavailable')).toBe('mobile 139****0817 unavailable');
    expect(redactPersonalData('GET /staff/counter?idNumber=44078119900315702X')).toBe('GET /staff/counter?idNumber=44**************2X');
    expect(redactPersonalData('old 440781900315123')).toBe('old 44***********23');
  });

  test('a database error quoting its statement keeps only the driver\'s message', () => {
    const err = new Error("insert into `accounts` (`id_number`, `name`) values ('44078119900315702X', '周晓燕') - SQLITE_CONSTRAINT: UNIQUE constraint failed: accounts.id_number");
    expect(describeError(err)).toBe('[SQL left out] - SQLITE_CONSTRAINT: UNIQUE constraint failed: accounts.id_number');
  });

  test('numbers that are not personal stay: 报名号, ids, times, ports', () => {
    const line = '[pdf] 申请表 26000001 v3 not rendered at 2026-11-23T02:00:00.000Z on 127.0.0.1:45123 (job 12345678901234567890)';
    expect(redactPersonalData(line)).toBe(line);
  });
});
