import { storageFaultOf } from './faults';

test('SQLite and PostgreSQL codes for a full or read-only database', () => {
  expect(storageFaultOf(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))).toBe('full');
  expect(storageFaultOf({ code: '53100' })).toBe('full');
  expect(storageFaultOf({ code: 'SQLITE_IOERR_WRITE', message: 'disk is full' })).toBe('full');
  expect(storageFaultOf({ code: 'SQLITE_READONLY' })).toBe('readOnly');
  expect(storageFaultOf({ code: 'SQLITE_READONLY_DBMOVED' })).toBe('readOnly');
  expect(storageFaultOf({ code: '25006' })).toBe('readOnly');
});

test('anything else is not a storage fault', () => {
  for (const err of [new Error('x'), null, undefined, { code: 'SQLITE_CONSTRAINT_UNIQUE' }, { code: 'SQLITE_IOERR_READ', message: 'disk I/O error' }, { code: 23505 }, 'SQLITE_FULL']) {
    expect(storageFaultOf(err)).toBeNull();
  }
});
