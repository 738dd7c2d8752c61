import { fail, hasErrors, ok, parseId, secret, text } from './validation';

describe('text', () => {
  test.each<[unknown, string]>([
    [undefined, ''],
    [null, ''],
    ['', ''],
    ['name=张三', ''], // a raw string body
    [42, ''],
    [true, ''],
    [[], ''],
    [['张三'], ''], // an array body has no named fields
    [{}, ''],
    [{ other: 'x' }, ''],
  ])('body %j -> %j', (body, expected) => {
    expect(text(body, 'name')).toBe(expected);
  });

  test.each<[unknown, string]>([
    ['张三', '张三'],
    ['  张三  ', '张三'], // trimmed
    ['\t张三\n', '张三'],
    ['\u3000张三\u3000', '张三'], // ideographic spaces are trimmed too
    ['', ''],
    ['   ', ''],
    [['张三', '李四'], '张三'], // repeated keys: the first string
    [[1, '李四'], '李四'], // the first *string*
    [[{ a: 1 }, ' 王五 '], '王五'],
    [[], ''],
    [[1, 2], ''],
    [[['nested']], ''],
    [{ toString: () => '张三' }, ''], // objects never stringify
    [{ 0: '张三' }, ''],
    [42, ''],
    [0, ''],
    [true, ''],
    [null, ''],
    [undefined, ''],
    [() => '张三', ''],
  ])('value %j -> %j', (value, expected) => {
    expect(text({ name: value }, 'name')).toBe(expected);
  });

  test('inherited properties are not form values', () => {
    expect(text({}, 'toString')).toBe('');
    expect(text({}, '__proto__')).toBe('');
    expect(text({}, 'constructor')).toBe('');
  });

  test('cuts over-long strings to maxLength + 1 so validators still see they are too long', () => {
    expect(text({ a: 'x'.repeat(10_000) }, 'a', 30)).toBe('x'.repeat(31));
    expect(text({ a: 'x'.repeat(30) }, 'a', 30)).toBe('x'.repeat(30));
    expect(text({ a: 'x'.repeat(31) }, 'a', 30)).toBe('x'.repeat(31));
    expect(text({ a: 'x'.repeat(300) }, 'a')).toHaveLength(201); // default maxLength 200
    expect(text({ a: ['y'.repeat(500)] }, 'a', 10)).toHaveLength(11);
  });

  test('trims before cutting', () => {
    expect(text({ a: `${' '.repeat(50)}abc` }, 'a', 5)).toBe('abc');
  });

  // BUG: the cut counts UTF-16 code units, so it can split a surrogate pair (a CJK Extension B
  // character in a name, say) and leave a lone surrogate, and a value with more than maxLength
  // characters can be cut down to maxLength characters or fewer — the validator then never sees
  // it was too long. See accountForms.test.ts for the effect on registration names.
  test('never splits a character outside the BMP, and over-long values stay over-long', () => {
    const value = text({ a: '𠀀'.repeat(5) }, 'a', 2);
    const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    expect(loneSurrogate.test(value)).toBe(false);
    expect([...value].length).toBeGreaterThan(2);
  });
});

describe('secret', () => {
  test.each<[unknown, string]>([
    [undefined, ''],
    [null, ''],
    ['password=x', ''],
    [42, ''],
    [{}, ''],
  ])('body %j -> %j', (body, expected) => {
    expect(secret(body, 'password')).toBe(expected);
  });

  test.each<[unknown, string]>([
    ['Abc123#x', 'Abc123#x'],
    ['  Abc123#x  ', '  Abc123#x  '], // not trimmed: the policy refuses the spaces
    [' ', ' '],
    ['', ''],
    [['Abc123#x', 'other'], ''], // repeated keys are refused, not guessed
    [[], ''],
    [{ toString: () => 'Abc123#x' }, ''],
    [12345678, ''],
    [true, ''],
    [null, ''],
    [undefined, ''],
  ])('value %j -> %j', (value, expected) => {
    expect(secret({ password: value }, 'password')).toBe(expected);
  });

  test('cuts over-long values to 100 characters', () => {
    expect(secret({ password: 'a'.repeat(10_000) }, 'password')).toBe('a'.repeat(100));
    expect(secret({ password: 'a'.repeat(100) }, 'password')).toHaveLength(100);
    expect(secret({ password: 'a'.repeat(33) }, 'password')).toHaveLength(33);
  });

  test('inherited properties are not form values', () => {
    expect(secret({}, 'toString')).toBe('');
    expect(secret({}, '__proto__')).toBe('');
  });
});

describe('Result helpers', () => {
  test('ok and fail', () => {
    expect(ok(5)).toEqual({ ok: true, value: 5 });
    expect(fail({ name: 'x' })).toEqual({ ok: false, errors: { name: 'x' } });
  });

  test('hasErrors', () => {
    expect(hasErrors({})).toBe(false);
    expect(hasErrors({ name: '请填写姓名' })).toBe(true);
  });
});

describe('parseId', () => {
  test.each([
    ['1', 1], ['123456789', 123456789], ['0', null], ['-1', null], ['1e9999', null], ['1234567890', null], ['01', null], ['abc', null], [' 1', null],
  ])('%s → %s', (input, expected) => {
    expect(parseId(input)).toBe(expected);
  });
  test('non-strings are not ids', () => {
    expect(parseId(5)).toBeNull();
    expect(parseId(['1'])).toBeNull();
    expect(parseId(undefined)).toBeNull();
  });
});
