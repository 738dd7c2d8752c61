import { M } from '../messages';
import { checkIdentityDocument, checkMobile, checkName, checkNewPassword, checkSmsCode, checkSupplements, IdentityDocument, parseIdentity, parseRegistration } from './accountForms';
import { gb11643CheckChar } from './identity';
import { FieldErrors } from './validation';

/** 2026-11-23 12:00 in Asia/Shanghai. */
const TODAY = new Date('2026-11-23T04:00:00Z');
const TODAY_ISO = '2026-11-23';
const withCheck = (first17: string): string => first17 + gb11643CheckChar(first17);

const PASSWORD = 'Secr3t#Pw';

const validBody = (): Record<string, unknown> => ({
  idType: '1',
  idNumber: ' １１０１０５ 19491231002x ', // full-width digits, spaces and a lower-case x
  name: ' 买买提 • 艾力 ',
  password: PASSWORD,
  password2: PASSWORD,
  email: ' zhang@qq.com ',
  mobile: '13912345677',
  smsCode: '123456',
  agree: '1',
});

describe('the messages used here', () => {
  test('interpolate the labels', () => {
    expect(M.required('证件号码')).toBe('请填写证件号码');
    expect(M.choose('证件类型')).toBe('请选择证件类型');
  });
});

describe('parseRegistration — a valid form', () => {
  test('no errors, normalised values', () => {
    const { input, errors, echo } = parseRegistration(validBody(), TODAY);
    expect(errors).toEqual({});
    expect(input).toEqual({
      idType: '1',
      idNumber: '11010519491231002X',
      name: '买买提·艾力',
      password: PASSWORD,
      email: 'zhang@qq.com',
      mobile: '13912345677',
      smsCode: '123456',
    });
    expect(echo).toEqual({
      idType: '1',
      idNumber: '11010519491231002X',
      name: '买买提·艾力',
      email: 'zhang@qq.com',
      mobile: '13912345677',
      smsCode: '123456',
      agree: '1',
    });
  });

  test.each([
    ['1', '440781198503151236', '张三'],
    ['1', '110102198611267047', '欧阳娜娜'],
    ['2', '810000199001011230', 'Chan Tai Man'],
    ['2', '830000200002297890', '陈大文'],
    ['3', 'h12345678', 'Chan Tai Man'],
    ['3', 'M1234567890', '陈 Tai Man'],
    ['4', '12345678', 'Lin Mei'],
    ['4', '1234567890', '林美'],
  ])('type %s, number %s, name %s', (idType, idNumber, name) => {
    const { errors, input } = parseRegistration({ ...validBody(), idType, idNumber, name }, TODAY);
    expect(errors).toEqual({});
    expect(input.idType).toBe(idType);
    expect(input.idNumber).toBe(idNumber.toUpperCase());
    expect(input.name).toBe(name);
  });
});

describe('parseRegistration — one field wrong at a time', () => {
  const over = (n: number, c = 'x') => c.repeat(n);

  test.each<[string, Record<string, unknown>, FieldErrors]>([
    // 证件类型
    ['no idType', { idType: '' }, { idType: '请选择证件类型' }],
    ['unknown idType', { idType: '5' }, { idType: '请选择证件类型' }],
    ['idType 0', { idType: '0' }, { idType: '请选择证件类型' }],
    ['over-long idType', { idType: '111' }, { idType: '请选择证件类型' }],
    ['idType as a name', { idType: '居民身份证' }, { idType: '请选择证件类型' }],
    // 证件号码
    ['no idNumber', { idNumber: '' }, { idNumber: '请填写证件号码' }],
    ['blank idNumber', { idNumber: '   ' }, { idNumber: '请填写证件号码' }],
    ['wrong check digit', { idNumber: '110105194912310021' }, { idNumber: M.idNumber.checkDigit }],
    ['bad birth date', { idNumber: '520323197802318856' }, { idNumber: M.idNumber.birthDate }],
    ['future birth date', { idNumber: withCheck('11010520270101001') }, { idNumber: M.idNumber.birthDate }],
    ['birth before 1900', { idNumber: withCheck('11010518991231001') }, { idNumber: M.idNumber.birthDate }],
    ['17 digits', { idNumber: '11010519491231002' }, { idNumber: M.idNumber.format }],
    ['old 15-digit card', { idNumber: '110105491231002' }, { idNumber: M.idNumber.format }],
    ['a 回乡证 number for type 1', { idNumber: 'H12345678' }, { idNumber: M.idNumber.format }],
    ['31 digits', { idNumber: over(31, '1') }, { idNumber: M.idNumber.format }],
    ['a huge idNumber', { idNumber: over(100_000, '1') }, { idNumber: M.idNumber.format }],
    ['markup in idNumber', { idNumber: '<script>alert(1)</script>' }, { idNumber: M.idNumber.format }],
    ['type 2 with a mainland number', { idType: '2', idNumber: '440781198503151236' }, { idNumber: M.idNumber.format }],
    ['type 2 with a wrong check digit', { idType: '2', idNumber: '810000199001011231' }, { idNumber: M.idNumber.checkDigit }],
    ['type 3 with 9 digits', { idType: '3', idNumber: 'H123456789' }, { idNumber: M.idNumber.format }],
    ['type 3 with an 18-digit number', { idType: '3', idNumber: '440781198503151236' }, { idNumber: M.idNumber.format }],
    ['type 4 with 9 digits', { idType: '4', idNumber: '123456789' }, { idNumber: M.idNumber.format }],
    ['type 4 with a letter', { idType: '4', idNumber: 'T1234567' }, { idNumber: M.idNumber.format }],
    // 姓名
    ['no name', { name: '' }, { name: '请填写姓名' }],
    ['blank name', { name: '   ' }, { name: '请填写姓名' }],
    ['Latin name for type 1', { name: 'Zhang San' }, { name: M.name.chars }],
    ['digit in name', { name: '张3' }, { name: M.name.chars }],
    ['space inside a Chinese name', { name: '张 三' }, { name: M.name.chars }],
    ['dash in name', { name: '张-三' }, { name: M.name.chars }],
    ['markup in name', { name: '<script>' }, { name: M.name.chars }],
    ['leading separator', { name: '·张三' }, { name: M.name.chars }],
    ['31 characters', { name: over(31, '张') }, { name: M.name.tooLong }],
    ['a huge name', { name: over(100_000, '张') }, { name: M.name.tooLong }],
    ['symbols for type 2', { idType: '2', idNumber: '810000199001011230', name: "O'Brien" }, { name: M.name.chars }],
    ['31 Latin letters for type 3', { idType: '3', idNumber: 'H12345678', name: over(31, 'a') }, { name: M.name.tooLong }],
    // 密码
    ['no password', { password: '', password2: '' }, { password: '请填写密码', password2: '请填写确认密码' }],
    ['no password but a confirmation', { password: '' }, { password: '请填写密码', password2: M.password.mismatch }],
    ['short password', { password: 'Ab1#', password2: 'Ab1#' }, { password: M.password.policy }],
    ['33-character password', { password: `Ab1#${over(29)}`, password2: `Ab1#${over(29)}` }, { password: M.password.policy }],
    ['huge password', { password: over(100_000), password2: over(100_000) }, { password: M.password.policy }],
    ['no special', { password: 'abc12345', password2: 'abc12345' }, { password: M.password.policy }],
    ['no digit', { password: 'abcdef#!', password2: 'abcdef#!' }, { password: M.password.policy }],
    ['no letter', { password: '123456#!', password2: '123456#!' }, { password: M.password.policy }],
    ['space inside', { password: 'Secr3t #Pw', password2: 'Secr3t #Pw' }, { password: M.password.policy }],
    ['leading space (not trimmed)', { password: ` ${PASSWORD}`, password2: ` ${PASSWORD}` }, { password: M.password.policy }],
    ['trailing space vs confirmation without', { password: `${PASSWORD} ` }, { password: M.password.policy, password2: M.password.mismatch }],
    ['Chinese characters', { password: 'Secr3t#密码', password2: 'Secr3t#密码' }, { password: M.password.policy }],
    ['markup', { password: '<script>1a', password2: '<script>1a' }, { password: M.password.policy }],
    ['no confirmation', { password2: '' }, { password2: '请填写确认密码' }],
    ['different confirmation', { password2: 'Secr3t#Px' }, { password2: M.password.mismatch }],
    ['confirmation differs in case', { password2: PASSWORD.toLowerCase() }, { password2: M.password.mismatch }],
    // 安全邮箱
    ['no email', { email: '' }, { email: '请填写安全邮箱' }],
    ['blank email', { email: '  ' }, { email: '请填写安全邮箱' }],
    ['email without @', { email: 'zhang.qq.com' }, { email: M.email }],
    ['email without domain', { email: 'zhang@' }, { email: M.email }],
    ['email with markup', { email: '<a>@qq.com' }, { email: M.email }],
    ['101-character email', { email: `${over(94, 'a')}@qq.com` }, { email: M.email }],
    ['huge email', { email: `${over(100_000, 'a')}@qq.com` }, { email: M.email }],
    // 手机号码
    ['no mobile', { mobile: '' }, { mobile: '请填写手机号码' }],
    ['10-digit mobile', { mobile: '1391234567' }, { mobile: M.mobile }],
    ['12-digit mobile', { mobile: '139123456777' }, { mobile: M.mobile }],
    ['mobile with +86', { mobile: '+8613912345677' }, { mobile: M.mobile }],
    ['mobile not starting with 1', { mobile: '23912345677' }, { mobile: M.mobile }],
    ['mobile with spaces', { mobile: '139 1234 5677' }, { mobile: M.mobile }],
    ['huge mobile', { mobile: over(100_000, '1') }, { mobile: M.mobile }],
    // 短信验证码
    ['no sms code', { smsCode: '' }, { smsCode: '请填写短信验证码' }],
    ['5-digit sms code', { smsCode: '12345' }, { smsCode: M.sms.format }],
    ['7-digit sms code', { smsCode: '1234567' }, { smsCode: M.sms.format }],
    ['letters in sms code', { smsCode: '12345a' }, { smsCode: M.sms.format }],
    ['huge sms code', { smsCode: over(100_000, '1') }, { smsCode: M.sms.format }],
    // 协议
    ['agreement not ticked', { agree: '' }, { agree: M.agreement }],
    ['agreement missing', { agree: undefined }, { agree: M.agreement }],
    ['agreement "on"', { agree: 'on' }, { agree: M.agreement }],
    ['agreement "true"', { agree: 'true' }, { agree: M.agreement }],
    ['agreement "0"', { agree: '0' }, { agree: M.agreement }],
    ['agreement as a number', { agree: 1 }, { agree: M.agreement }],
  ])('%s', (_label, override, expected) => {
    const { errors } = parseRegistration({ ...validBody(), ...override }, TODAY);
    expect(errors).toEqual(expected);
  });

  test('the exact Chinese wording', () => {
    const { errors } = parseRegistration({ ...validBody(), idNumber: '110105194912310021', name: 'John', mobile: '1', smsCode: '1', email: 'x', agree: '' }, TODAY);
    expect(errors).toEqual({
      idNumber: '身份证号码校验位不正确，请核对您的18位居民身份证号码',
      name: '姓名只能包含汉字和姓名间隔符“·”，不可包含其他特殊符号',
      email: '请输入正确的电子邮箱地址',
      mobile: '请输入11位手机号码',
      smsCode: '请输入6位短信验证码',
      agree: '请阅读并同意用户账号注册协议',
    });
  });

  test('an unknown idType skips the type-specific number check', () => {
    const { errors } = parseRegistration({ ...validBody(), idType: '9', idNumber: 'anything' }, TODAY);
    expect(errors).toEqual({ idType: '请选择证件类型' });
  });

  test('the agreement is echoed only when ticked', () => {
    expect(parseRegistration({ ...validBody(), agree: 'on' }, TODAY).echo.agree).toBe('');
    expect(parseRegistration({ ...validBody(), agree: ' 1 ' }, TODAY).echo.agree).toBe('1'); // trimmed like any text
  });

  test('an ID number born "today" is accepted, tomorrow is not', () => {
    expect(parseRegistration({ ...validBody(), idNumber: withCheck('11010520261123001') }, TODAY).errors).toEqual({});
    expect(parseRegistration({ ...validBody(), idNumber: withCheck('11010520261124001') }, TODAY).errors).toEqual({ idNumber: M.idNumber.birthDate });
  });

  test('30-character names are accepted, Chinese and Latin', () => {
    expect(parseRegistration({ ...validBody(), name: '张'.repeat(30) }, TODAY).errors).toEqual({});
    expect(parseRegistration({ ...validBody(), idType: '3', idNumber: 'H12345678', name: 'A'.repeat(30) }, TODAY).errors).toEqual({});
  });

  // BUG: text() cuts values at maxLength + 1 UTF-16 code units, not characters. A name containing
  // characters outside the BMP (CJK Extension B, e.g. 𠀀, found in real names) is silently cut:
  //   - a valid 30-character name becomes a different 29-character name and is accepted;
  //   - a 31-character name is cut to 30 characters and accepted instead of refused as too long.
  test('names with characters outside the BMP are neither altered nor let through when too long', () => {
    const thirty = `𠀀𠀀${'张'.repeat(28)}`; // 30 characters, 32 code units
    const ok = parseRegistration({ ...validBody(), name: thirty }, TODAY);
    expect(ok.errors).toEqual({});
    expect(ok.input.name).toBe(thirty);

    const thirtyOne = `𠀀${'张'.repeat(30)}`; // 31 characters, 32 code units
    expect(parseRegistration({ ...validBody(), name: thirtyOne }, TODAY).errors).toEqual({ name: M.name.tooLong });
  });
});

describe('parseRegistration — hostile bodies never throw', () => {
  const allRequired: FieldErrors = {
    idType: '请选择证件类型',
    idNumber: '请填写证件号码',
    name: '请填写姓名',
    password: '请填写密码',
    password2: '请填写确认密码',
    email: '请填写安全邮箱',
    mobile: '请填写手机号码',
    smsCode: '请填写短信验证码',
    agree: M.agreement,
  };

  test.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'idType=1&idNumber=440781198503151236'],
    ['a number', 42],
    ['an array', [validBody()]],
    ['an empty object', {}],
    ['every field an object', Object.fromEntries(Object.keys(validBody()).map((k) => [k, { value: 'x' }]))],
    ['every field a number', Object.fromEntries(Object.keys(validBody()).map((k) => [k, 1]))],
    ['every field null', Object.fromEntries(Object.keys(validBody()).map((k) => [k, null]))],
    ['every field an empty array', Object.fromEntries(Object.keys(validBody()).map((k) => [k, []]))],
    ['every field a nested array', Object.fromEntries(Object.keys(validBody()).map((k) => [k, [['1']]]))],
  ])('%s: every field is reported missing', (_label, body) => {
    const result = parseRegistration(body, TODAY);
    expect(result.errors).toEqual(allRequired);
    expect(result.echo).toEqual({ idType: '', idNumber: '', name: '', email: '', mobile: '', smsCode: '', agree: '' });
  });

  test('repeated keys (arrays): the first string of each text field is used, passwords are refused', () => {
    const body = Object.fromEntries(Object.entries(validBody()).map(([k, v]) => [k, [v, 'second']]));
    const { errors, input } = parseRegistration(body, TODAY);
    expect(errors).toEqual({ password: '请填写密码', password2: '请填写确认密码' });
    expect(input.idNumber).toBe('11010519491231002X');
    expect(input.name).toBe('买买提·艾力');
    expect(input.password).toBe('');
  });

  test('arrays with non-strings first', () => {
    const { errors, input } = parseRegistration({ ...validBody(), mobile: [{ a: 1 }, 5, '13912345677'], idType: [null, '1'] }, TODAY);
    expect(errors).toEqual({});
    expect(input.mobile).toBe('13912345677');
  });

  test('over-long values are cut early but still refused', () => {
    const huge = (c: string) => c.repeat(1_000_000);
    const body = { idType: huge('1'), idNumber: huge('1'), name: huge('张'), password: huge('a'), password2: huge('a'), email: huge('a'), mobile: huge('1'), smsCode: huge('1'), agree: huge('1') };
    const { errors, echo, input } = parseRegistration(body, TODAY);
    expect(errors).toEqual({
      idType: '请选择证件类型',
      idNumber: M.idNumber.format,
      name: M.name.tooLong,
      password: M.password.policy,
      email: M.email,
      mobile: M.mobile,
      smsCode: M.sms.format,
      agree: M.agreement,
    });
    for (const value of Object.values(echo)) expect(value.length).toBeLessThanOrEqual(101);
    expect(input.password.length).toBeLessThanOrEqual(100);
  });

  test('prototype-looking keys are ignored', () => {
    const body = JSON.parse('{"__proto__": {"idType": "1"}, "constructor": "x"}');
    expect(() => parseRegistration(body, TODAY)).not.toThrow();
    expect(parseRegistration(body, TODAY).errors).toEqual(allRequired);
  });
});

describe('parseRegistration — the echo never contains the passwords', () => {
  const bodies: [string, Record<string, unknown>][] = [
    ['a valid form', validBody()],
    ['mismatching passwords', { ...validBody(), password2: 'Other#Pw1' }],
    ['a weak password', { ...validBody(), password: 'weakpassword', password2: 'weakpassword' }],
    ['every other field wrong', { ...validBody(), idType: '', idNumber: 'x', name: '', email: 'x', mobile: 'x', smsCode: 'x', agree: '' }],
    ['passwords as arrays', { ...validBody(), password: [PASSWORD], password2: [PASSWORD] }],
  ];

  test.each(bodies)('%s', (_label, body) => {
    const { echo } = parseRegistration(body, TODAY);
    expect(Object.keys(echo).sort()).toEqual(['agree', 'email', 'idNumber', 'idType', 'mobile', 'name', 'smsCode']);
    const secrets = [body.password, body.password2].flat().filter((s): s is string => typeof s === 'string' && s !== '');
    for (const value of Object.values(echo)) {
      for (const s of secrets) expect(value).not.toContain(s);
    }
    expect(JSON.stringify(echo)).not.toMatch(/password/i);
  });
});

describe('the field checkers', () => {
  test('checkIdentityDocument returns the normalised number and uses the given field names', () => {
    const errors: FieldErrors = {};
    expect(checkIdentityDocument('1', ' 11010519491231002x ', TODAY, errors)).toBe('11010519491231002X');
    expect(errors).toEqual({});
  });

  test('checkName writes to a custom field', () => {
    const errors: FieldErrors = {};
    expect(checkName(' 张 • 三 ', '1', errors, 'newName')).toBe('张·三');
    expect(errors).toEqual({});
    checkName('', '1', errors, 'newName');
    expect(errors).toEqual({ newName: '请填写姓名' });
  });

  test('checkNewPassword writes to custom fields', () => {
    const errors: FieldErrors = {};
    checkNewPassword('weak', 'other', errors, 'newPassword', 'newPassword2');
    expect(errors).toEqual({ newPassword: M.password.policy, newPassword2: M.password.mismatch });
  });

  test('checkMobile and checkSmsCode write to custom fields', () => {
    const errors: FieldErrors = {};
    checkMobile('', errors, 'newMobile');
    checkSmsCode('12', errors, 'newSmsCode');
    expect(errors).toEqual({ newMobile: '请填写手机号码', newSmsCode: M.sms.format });
  });

  test('checkers leave other fields alone', () => {
    const errors: FieldErrors = { other: 'kept' };
    checkMobile('13912345677', errors);
    checkSmsCode('123456', errors);
    checkNewPassword(PASSWORD, PASSWORD, errors);
    expect(errors).toEqual({ other: 'kept' });
  });
});

describe('parseIdentity', () => {
  const ETHNICITIES = ['01', '02', '03', '97', '98'];
  const opts = (extra: Partial<Parameters<typeof parseIdentity>[1]> = {}) => ({
    askSexAndBirth: false,
    ethnicityCodes: ETHNICITIES,
    today: TODAY_ISO,
    requireEmail: true,
    ...extra,
  });
  const body = (): Record<string, unknown> => ({ ethnicityCode: '01', validity: '10', validFrom: '2020-03-02', email: ' zhang@qq.com ' });

  test('a valid form', () => {
    const { input, errors, echo } = parseIdentity(body(), opts());
    expect(errors).toEqual({});
    expect(input).toEqual({ ethnicityCode: '01', validity: '10', validFrom: '2020-03-02', validTo: '2030-03-02', email: 'zhang@qq.com', sex: '', birthDate: '', localIdNumber: '', passNumber: '' });
    expect(echo).toEqual({ ethnicityCode: '01', validity: '10', validFrom: '2020-03-02', email: 'zhang@qq.com', sex: '', birthDate: '', localIdNumber: '', passNumber: '' });
  });

  describe('ethnicity', () => {
    test.each(['01', '02', '98', ' 03 '])('known code %j', (ethnicityCode) => {
      expect(parseIdentity({ ...body(), ethnicityCode }, opts()).errors).toEqual({});
    });

    test.each<[string, unknown]>([
      ['empty', ''],
      ['unknown', '99'],
      ['unpadded', '1'],
      ['a name', '汉族'],
      ['over-long', '01010'],
      ['a number', 1],
      ['an object', { code: '01' }],
      ['missing', undefined],
    ])('%s -> 请选择民族', (_label, ethnicityCode) => {
      expect(parseIdentity({ ...body(), ethnicityCode }, opts()).errors).toEqual({ ethnicityCode: '请选择民族' });
    });

    test('no known codes: always refused', () => {
      expect(parseIdentity(body(), opts({ ethnicityCodes: [] })).errors).toEqual({ ethnicityCode: M.identity.ethnicity });
    });
  });

  describe('validity period', () => {
    test.each<[string, string, string | null]>([
      ['5', '2024-01-01', '2029-01-01'],
      ['10', '2024-01-01', '2034-01-01'],
      ['20', '2024-01-01', '2044-01-01'],
      ['long', '2024-01-01', null],
      ['long', '1990-01-01', null], // 长期 never expires
      ['5', '2024-02-29', '2029-02-28'],
    ])('validity %s from %s ends %s', (validity, validFrom, validTo) => {
      const { errors, input } = parseIdentity({ ...body(), validity, validFrom }, opts());
      expect(errors).toEqual({});
      expect(input.validTo).toBe(validTo);
    });

    test.each(['', '15', '1', 'LONG', '长期', '5年', '100000'])('unknown validity %j', (validity) => {
      const { errors, input } = parseIdentity({ ...body(), validity }, opts());
      expect(errors).toEqual({ validity: '请选择身份证件有效时段' });
      expect(input.validTo).toBeNull();
    });

    test('an unknown validity does not also report expiry', () => {
      expect(parseIdentity({ ...body(), validity: '15', validFrom: '1990-01-01' }, opts()).errors).toEqual({ validity: M.identity.validity });
    });
  });

  describe('validFrom', () => {
    test.each(['', '2020-3-2', '2020/03/02', '2023-02-29', '1899-12-31', '20200302', 'yesterday'])('%j is not a date', (validFrom) => {
      const { errors, input } = parseIdentity({ ...body(), validFrom }, opts());
      expect(errors).toEqual({ validFrom: '请填写正确的身份证件有效开始日期（如 2025-03-02）' });
      expect(input.validTo).toBeNull();
    });

    test('today is fine', () => {
      expect(parseIdentity({ ...body(), validFrom: TODAY_ISO }, opts()).errors).toEqual({});
    });

    test.each(['2026-11-24', '2027-01-01', '2099-12-31'])('%s is in the future', (validFrom) => {
      const { errors, input } = parseIdentity({ ...body(), validFrom }, opts());
      expect(errors).toEqual({ validFrom: '身份证件有效开始日期不能晚于今天' });
      expect(input.validTo).toBeNull();
    });

    test('future validFrom with an unknown validity reports both', () => {
      expect(parseIdentity({ ...body(), validity: '', validFrom: '2027-01-01' }, opts()).errors).toEqual({
        validity: M.identity.validity,
        validFrom: M.identity.validFromFuture,
      });
    });
  });

  describe('expired documents', () => {
    test.each<[string, string, string]>([
      ['5', '2020-01-01', '2025-01-01'],
      ['5', '2021-11-22', '2026-11-22'], // ended yesterday
      ['10', '2016-11-22', '2026-11-22'],
      ['20', '2000-01-01', '2020-01-01'],
    ])('validity %s from %s (ended %s) is expired', (validity, validFrom, validTo) => {
      const { errors, input } = parseIdentity({ ...body(), validity, validFrom }, opts());
      expect(errors).toEqual({ validFrom: '身份证件已过有效期，请使用有效证件' });
      expect(input.validTo).toBe(validTo);
    });

    test.each<[string, string]>([
      ['5', '2021-11-23'], // ends today: still valid today
      ['5', '2021-11-24'],
      ['20', '2006-11-23'],
    ])('validity %s from %s is still valid', (validity, validFrom) => {
      expect(parseIdentity({ ...body(), validity, validFrom }, opts()).errors).toEqual({});
    });

    test('"today" is the option, not the clock', () => {
      const form = { ...body(), validity: '5', validFrom: '2021-11-23' };
      expect(parseIdentity(form, opts({ today: '2026-11-24' })).errors).toEqual({ validFrom: M.identity.expired });
      expect(parseIdentity({ ...body(), validFrom: '2030-01-01' }, opts({ today: '2030-01-01' })).errors).toEqual({});
    });
  });

  describe('email', () => {
    test.each<[string, unknown, FieldErrors]>([
      ['missing', '', { email: '请填写安全邮箱' }],
      ['undefined', undefined, { email: '请填写安全邮箱' }],
      ['not an address', 'zhang', { email: M.email }],
      ['markup', '<b>@qq.com', { email: M.email }],
      ['101 characters', `${'a'.repeat(94)}@qq.com`, { email: M.email }],
    ])('required and %s', (_label, email, expected) => {
      expect(parseIdentity({ ...body(), email }, opts()).errors).toEqual(expected);
    });

    test.each(['', 'not an address'])('not required: %j is not checked', (email) => {
      const { errors, input } = parseIdentity({ ...body(), email }, opts({ requireEmail: false }));
      expect(errors).toEqual({});
      expect(input.email).toBe(email);
    });
  });

  describe('askSexAndBirth', () => {
    const withSex = (sex: unknown, birthDate: unknown) => ({ ...body(), sex, birthDate });

    test.each([
      ['1', '1985-06-13'],
      ['2', '1985-06-13'],
      ['1', TODAY_ISO],
      ['2', '1900-01-01'],
      [' 2 ', ' 1985-06-13 '],
    ])('sex %j, born %j', (sex, birthDate) => {
      const { errors, input, echo } = parseIdentity(withSex(sex, birthDate), opts({ askSexAndBirth: true }));
      expect(errors).toEqual({});
      expect(input.sex).toBe(sex.trim());
      expect(input.birthDate).toBe(birthDate.trim());
      expect(echo.sex).toBe(sex.trim());
      expect(echo.birthDate).toBe(birthDate.trim());
    });

    test.each<[unknown]>([[''], ['0'], ['3'], ['男'], ['M'], ['12'], [1], [['1']], [undefined]])('sex %j -> 请选择性别', (sex) => {
      const errors = parseIdentity(withSex(sex, '1985-06-13'), opts({ askSexAndBirth: true })).errors;
      if (Array.isArray(sex)) expect(errors).toEqual({}); // repeated keys: the first string
      else expect(errors).toEqual({ sex: '请选择性别' });
    });

    test.each<[unknown]>([
      [''],
      ['1985-02-29'],
      ['1985/06/13'],
      ['19850613'],
      ['1899-12-31'],
      ['2026-11-24'], // tomorrow
      ['2099-01-01'],
      [19850613],
      [undefined],
    ])('birthDate %j -> 请填写正确的出生日期', (birthDate) => {
      expect(parseIdentity(withSex('1', birthDate), opts({ askSexAndBirth: true })).errors).toEqual({ birthDate: '请填写正确的出生日期（如 1985-06-13）' });
    });

    test('not asked: sex and birth date are ignored, even when invalid', () => {
      const { errors, input, echo } = parseIdentity(withSex('9', 'garbage'), opts({ askSexAndBirth: false }));
      expect(errors).toEqual({});
      expect(input.sex).toBe('');
      expect(input.birthDate).toBe('');
      expect(echo.sex).toBe('');
      expect(echo.birthDate).toBe('');
    });
  });

  describe('hostile bodies never throw', () => {
    test.each<[string, unknown]>([
      ['undefined', undefined],
      ['null', null],
      ['a string', 'ethnicityCode=01'],
      ['an array', [{ ethnicityCode: '01' }]],
      ['an empty object', {}],
      ['objects', { ethnicityCode: {}, validity: {}, validFrom: {}, email: {}, sex: {}, birthDate: {} }],
      ['empty arrays', { ethnicityCode: [], validity: [], validFrom: [], email: [], sex: [], birthDate: [] }],
    ])('%s', (_label, hostile) => {
      const { errors, input } = parseIdentity(hostile, opts({ askSexAndBirth: true }));
      expect(errors).toEqual({
        ethnicityCode: M.identity.ethnicity,
        validity: M.identity.validity,
        validFrom: M.identity.validFrom,
        email: '请填写安全邮箱',
        sex: M.identity.sex,
        birthDate: M.identity.birthDate,
      });
      expect(input.validTo).toBeNull();
    });

    test('over-long values', () => {
      const huge = (s: string) => s.repeat(100_000);
      const { errors, echo } = parseIdentity(
        { ethnicityCode: huge('0'), validity: huge('5'), validFrom: huge('2020-01-01'), email: huge('a'), sex: huge('1'), birthDate: huge('1985-06-13') },
        opts({ askSexAndBirth: true }),
      );
      expect(errors).toEqual({
        ethnicityCode: M.identity.ethnicity,
        validity: M.identity.validity,
        validFrom: M.identity.validFrom,
        email: M.email,
        sex: M.identity.sex,
        birthDate: M.identity.birthDate,
      });
      for (const value of Object.values(echo)) expect(value.length).toBeLessThanOrEqual(101);
    });

    test('repeated keys: the first string of each field', () => {
      const { errors, input } = parseIdentity(
        { ethnicityCode: ['02', '01'], validity: ['long', '5'], validFrom: ['2010-01-01', 'x'], email: ['a@b.cn', 'x'] },
        opts(),
      );
      expect(errors).toEqual({});
      expect(input).toMatchObject({ ethnicityCode: '02', validity: 'long', validFrom: '2010-01-01', validTo: null, email: 'a@b.cn' });
    });
  });
});

describe('checkSupplements (002 §2.1 b–c)', () => {
  const HK_PERMIT = withCheck('81000019900101123');
  const TW_PERMIT = withCheck('83000019900101123');
  const doc = (type: string, number: string, stored: Partial<IdentityDocument> = {}): IdentityDocument =>
    ({ type, number, hasLocalIdNumber: false, hasPassNumber: false, ...stored });
  const check = (body: unknown, document: IdentityDocument) => {
    const errors: FieldErrors = {};
    return { ...checkSupplements(body, document, errors), errors };
  };

  test('a 身份证 holder is asked neither: posted values are ignored, even invalid ones', () => {
    expect(check({ localIdNumber: '<b>', passNumber: 'x' }, doc('1', '440781198503151236'))).toEqual({ localIdNumber: '', passNumber: '', errors: {} });
  });

  test.each(['3', '4'])('type %s: the local ID number is required, the 通行证号码 is not asked', (type) => {
    expect(check({ passNumber: 'x' }, doc(type, type === '3' ? 'H12345678' : '12345678')).errors)
      .toEqual({ localIdNumber: '请填写港澳或台湾当地有效身份证件号码' });
    expect(check({ localIdNumber: 'A123456(7)', passNumber: 'x' }, doc(type, 'H12345678'))).toEqual({ localIdNumber: 'A123456(7)', passNumber: '', errors: {} });
  });

  test('a 居住证 holder needs both', () => {
    expect(check({}, doc('2', HK_PERMIT)).errors).toEqual({ localIdNumber: '请填写港澳或台湾当地有效身份证件号码', passNumber: '请填写通行证号码' });
    expect(check({ localIdNumber: ' a123456（7） ', passNumber: ' h１２３４５６７８ ' }, doc('2', HK_PERMIT)))
      .toEqual({ localIdNumber: 'A123456(7)', passNumber: 'H12345678', errors: {} });
  });

  test('an empty field keeps a stored number (the form never shows it in full)', () => {
    expect(check({}, doc('2', HK_PERMIT, { hasLocalIdNumber: true, hasPassNumber: true }))).toEqual({ localIdNumber: '', passNumber: '', errors: {} });
    // A new value typed over a stored one is still checked.
    expect(check({ localIdNumber: 'A?', passNumber: '1' }, doc('2', HK_PERMIT, { hasLocalIdNumber: true, hasPassNumber: true })).errors)
      .toEqual({ localIdNumber: M.identity.localIdNumber, passNumber: M.identity.passNumberHkMacao });
  });

  test('the 通行证 is the one of the 居住证\'s region: 香港/澳门 (81/82) the 回乡证, 台湾 (83) the 台胞证', () => {
    expect(check({ localIdNumber: 'A123456789', passNumber: '12345678' }, doc('2', HK_PERMIT)).errors).toEqual({ passNumber: M.identity.passNumberHkMacao });
    expect(check({ localIdNumber: 'A123456789', passNumber: 'H12345678' }, doc('2', TW_PERMIT)).errors).toEqual({ passNumber: M.identity.passNumberTaiwan });
    expect(check({ localIdNumber: 'A123456789', passNumber: '1234567890' }, doc('2', TW_PERMIT)).errors).toEqual({});
    expect(check({ localIdNumber: '1234567(8)', passNumber: 'M1234567890' }, doc('2', withCheck('82000019900101123'))).errors).toEqual({});
  });

  test.each([
    ['A'.repeat(31), M.identity.localIdNumberTooLong],
    ['A123456(7', M.identity.localIdNumber],
    ['1/234567/8', M.identity.localIdNumber],
    ['<script>', M.identity.localIdNumber],
  ])('local ID %j -> %s', (localIdNumber, message) => {
    expect(check({ localIdNumber }, doc('3', 'H12345678')).errors).toEqual({ localIdNumber: message });
  });

  test('hostile bodies never throw', () => {
    for (const body of [undefined, null, 'x', [], { localIdNumber: {}, passNumber: ['H12345678'] }]) {
      expect(() => check(body, doc('2', HK_PERMIT))).not.toThrow();
    }
  });
});

describe('parseIdentity with a document', () => {
  const opts = { askSexAndBirth: true, ethnicityCodes: ['01'], today: TODAY_ISO, requireEmail: false };
  const body = { ethnicityCode: '01', validity: '10', validFrom: '2020-03-02', sex: '1', birthDate: '1985-06-13' };

  test('a 港澳居民来往内地通行证 holder gives the local ID number; its errors sit with the others, values kept', () => {
    const bad = parseIdentity({ ...body, ethnicityCode: '', localIdNumber: 'A12 3456(7' }, { ...opts, document: { type: '3', number: 'H12345678', hasLocalIdNumber: false, hasPassNumber: false } });
    expect(bad.errors).toEqual({ ethnicityCode: M.identity.ethnicity, localIdNumber: M.identity.localIdNumber });
    expect(bad.echo.localIdNumber).toBe('A123456(7');
    const good = parseIdentity({ ...body, localIdNumber: 'A123456(7)' }, { ...opts, document: { type: '3', number: 'H12345678', hasLocalIdNumber: false, hasPassNumber: false } });
    expect(good.errors).toEqual({});
    expect(good.input).toMatchObject({ localIdNumber: 'A123456(7)', passNumber: '' });
  });

  test('without a document nothing is asked', () => {
    expect(parseIdentity({ ...body, localIdNumber: '<', passNumber: '<' }, opts).input).toMatchObject({ localIdNumber: '', passNumber: '' });
  });
});
