import {
  ID_TYPES,
  asksLocalIdNumber,
  asksPassNumber,
  localIdNumberProblem,
  missingSupplements,
  normaliseLocalIdNumber,
  passNumberProblem,
  passTypeOfResidencePermit,
  IdTypeCode,
  carriesFacts,
  factsFromIdNumber,
  gb11643CheckChar,
  idNumberProblem,
  idTypeName,
  isIdTypeCode,
  normaliseIdNumber,
} from './identity';

/** A fixed "now": 2026-11-23 12:00 in Asia/Shanghai. */
const TODAY = new Date('2026-11-23T04:00:00Z');

/** Appends the GB 11643 check character (verified independently against the published examples below). */
const withCheck = (first17: string): string => first17 + gb11643CheckChar(first17);

describe('ID_TYPES, isIdTypeCode and idTypeName', () => {
  test('the four document types of the national system', () => {
    expect(ID_TYPES.map((t) => t.code)).toEqual(['1', '2', '3', '4']);
  });

  test.each([
    ['1', '居民身份证'],
    ['2', '港澳台居民居住证'],
    ['3', '港澳居民来往内地通行证'],
    ['4', '五年有效期台湾居民来往大陆通行证'],
  ])('code %s is %s', (code, name) => {
    expect(isIdTypeCode(code)).toBe(true);
    expect(idTypeName(code)).toBe(name);
  });

  test.each(['', '0', '5', '01', ' 1', '1 ', 'a', '居民身份证'])('%j is not a type code', (code) => {
    expect(isIdTypeCode(code)).toBe(false);
    expect(idTypeName(code)).toBe('');
  });
});

describe('gb11643CheckChar (ISO 7064 MOD 11-2)', () => {
  test.each([
    '11010519491231002X',
    '440524188001010014',
    '34052419800101001X',
    '110102198611267047',
    '440781198503151236',
  ])('valid example %s', (id) => {
    expect(gb11643CheckChar(id.slice(0, 17))).toBe(id[17]);
  });

  test('110105194912310021 has the wrong check digit (X expected)', () => {
    expect(gb11643CheckChar('11010519491231002')).toBe('X');
    expect(gb11643CheckChar('11010519491231002')).not.toBe('1');
  });

  test.each([
    // Every residue 0..10 maps onto "10X98765432".
    ['00000000000000000', '1'], // sum 0
    ['00000000000000001', 'X'], // sum 2 (weight of position 17)
    ['00000001000000000', '0'], // sum 1 (weight of position 8)
    ['10000000000000000', '5'], // sum 7 -> "10X98765432"[7]
    ['00100000000000000', '2'], // sum 10 -> last of "10X98765432"
  ])('%s -> %s', (first17, expected) => {
    expect(gb11643CheckChar(first17)).toBe(expected);
  });

  test('only the first 17 characters count', () => {
    expect(gb11643CheckChar('440781198503151236')).toBe('6');
    expect(gb11643CheckChar('44078119850315123')).toBe('6');
  });
});

describe('normaliseIdNumber', () => {
  test.each([
    ['440781198503151236', '440781198503151236'],
    ['11010519491231002x', '11010519491231002X'],
    ['４４０７８１１９８５０３１５１２３６', '440781198503151236'],
    ['１１０１０５１９４９１２３１００２ｘ', '11010519491231002X'],
    ['１１０１０５１９４９１２３１００２Ｘ', '11010519491231002X'],
    ['  440781198503151236  ', '440781198503151236'],
    ['440781 19850315 1236', '440781198503151236'],
    ['4407\t8119\n8503151236', '440781198503151236'],
    ['440781\u3000198503151236', '440781198503151236'], // ideographic (full-width) space
    ['４４０７８１　１９８５ ０３１５１２３６', '440781198503151236'],
    ['h12345678', 'H12345678'],
    ['ｈ１２３４５６７８', 'H12345678'],
    ['ｍ 1234 5678', 'M12345678'],
    ['', ''],
    ['   ', ''],
  ])('%j -> %j', (raw, expected) => {
    expect(normaliseIdNumber(raw)).toBe(expected);
  });

  test('is idempotent', () => {
    const once = normaliseIdNumber(' １１０１０５ １９４９１２３１００２ｘ ');
    expect(normaliseIdNumber(once)).toBe(once);
  });

  test('leaves other characters alone (they are refused later as a format problem)', () => {
    expect(normaliseIdNumber('4407-8119')).toBe('4407-8119');
  });
});

describe('idNumberProblem — 居民身份证 (type 1)', () => {
  test.each([
    '11010519491231002X',
    '34052419800101001X',
    '110102198611267047',
    '440781198503151236',
  ])('accepts %s', (id) => {
    expect(idNumberProblem('1', id, TODAY)).toBeNull();
  });

  test('440524188001010014 has a correct check character but a birth year before 1900', () => {
    expect(gb11643CheckChar('44052418800101001')).toBe('4');
    expect(idNumberProblem('1', '440524188001010014', TODAY)).toBe('birthDate');
  });

  test.each<[string, string, string]>([
    ['', 'empty', 'empty'],
    ['110105194912310021', 'checkDigit', 'wrong check digit'],
    ['440781198503151237', 'checkDigit', 'wrong check digit'],
    ['520323197802318856', 'birthDate', '31 Feb'],
    [withCheck('44078119851301123'), 'birthDate', 'month 13'],
    [withCheck('44078119850001123'), 'birthDate', 'month 00'],
    [withCheck('44078119850100123'), 'birthDate', 'day 00'],
    [withCheck('44078119850431123'), 'birthDate', '31 Apr'],
    [withCheck('44078119230229123'), 'birthDate', '29 Feb in a common year'],
    [withCheck('44078118991231123'), 'birthDate', 'before 1900'],
    [withCheck('44078120270101123'), 'birthDate', 'in the future (next year)'],
    [withCheck('44078120261124123'), 'birthDate', 'in the future (tomorrow)'],
    ['11010519491231002x', 'format', 'lower-case x (number not normalised)'],
    ['44078119850315123', 'format', '17 characters'],
    ['4407811985031512366', 'format', '19 characters'],
    ['440781850315123', 'format', 'old 15-digit card'],
    ['44078119850315123A', 'format', 'letter other than X'],
    ['X40781198503151236', 'format', 'X not in last place'],
    ['440781 198503151236', 'format', 'space inside'],
    ['４４０７８１１９８５０３１５１２３６', 'format', 'full-width digits (number not normalised)'],
    ['H12345678', 'format', 'a 回乡证 number'],
  ])('%s -> %s (%s)', (id, problem) => {
    expect(idNumberProblem('1', id, TODAY)).toBe(problem);
  });

  test.each([
    withCheck('44078120240229123'), // 29 Feb in a leap year
    withCheck('44078120000229123'), // 2000 is a leap year
    withCheck('44078119000101123'), // 1 Jan 1900, the earliest accepted
    withCheck('44078120261123123'), // born "today" (UTC and Shanghai agree at 12:00 Shanghai)
    withCheck('44078120261122123'), // born yesterday
  ])('accepts the valid birth date in %s', (id) => {
    expect(idNumberProblem('1', id, TODAY)).toBeNull();
  });

  test('the birth date is checked before the check digit', () => {
    // 520323197802318856 has both a bad date and a wrong check digit.
    expect(gb11643CheckChar('52032319780231885')).not.toBe('6');
    expect(idNumberProblem('1', '520323197802318856', TODAY)).toBe('birthDate');
  });

  test('"today" decides what is in the future', () => {
    const id = withCheck('44078120261124123');
    expect(idNumberProblem('1', id, TODAY)).toBe('birthDate');
    expect(idNumberProblem('1', id, new Date('2026-11-24T04:00:00Z'))).toBeNull();
  });

  // BUG: check18 compares the birth date's UTC midnight with the current instant, so between
  // 00:00 and 08:00 Asia/Shanghai a birth date equal to the local "today" counts as future.
  // (Harmless in practice — nobody born today registers as a teacher — but inconsistent with
  // parseIdentity, which compares against the bureau's local date string.)
  test('a birth date equal to the local (Asia/Shanghai) date is not in the future, even before 08:00', () => {
    const earlyMorningShanghai = new Date('2026-11-22T17:00:00Z'); // 2026-11-23 01:00 in Shanghai
    expect(idNumberProblem('1', withCheck('44078120261123123'), earlyMorningShanghai)).toBeNull();
  });
});

describe('idNumberProblem — 港澳台居民居住证 (type 2)', () => {
  const hk = withCheck('81000019900101123');
  const macau = withCheck('82000019851231456');
  const taiwan = withCheck('83000020000229789');

  test('fixture numbers are as expected', () => {
    expect([hk, macau, taiwan]).toEqual(['810000199001011230', '820000198512314564', '830000200002297890']);
  });

  test.each([hk, macau, taiwan])('accepts %s', (id) => {
    expect(idNumberProblem('2', id, TODAY)).toBeNull();
  });

  test.each<[string, string, string]>([
    ['', 'empty', 'empty'],
    ['440781198503151236', 'format', 'a mainland address code'],
    ['11010519491231002X', 'format', 'a mainland address code'],
    [withCheck('84000019900101123'), 'format', 'prefix 840000'],
    [withCheck('80000019900101123'), 'format', 'prefix 800000'],
    [withCheck('81010019900101123'), 'format', 'prefix 810100'],
    ['81000019900101123', 'format', '17 characters'],
    ['810000199001011231', 'checkDigit', 'wrong check digit'],
    ['820000198512314565', 'checkDigit', 'wrong check digit'],
    [withCheck('81000019900230123'), 'birthDate', '30 Feb'],
    [withCheck('81000020270101123'), 'birthDate', 'future birth date'],
    [withCheck('81000018991231123'), 'birthDate', 'before 1900'],
    ['H12345678', 'format', 'a 回乡证 number'],
    ['12345678', 'format', 'a 台胞证 number'],
  ])('%s -> %s (%s)', (id, problem) => {
    expect(idNumberProblem('2', id, TODAY)).toBe(problem);
  });

  test('a type-2 number is also a well-formed GB 11643 number for type 1', () => {
    expect(idNumberProblem('1', hk, TODAY)).toBeNull();
  });
});

describe('idNumberProblem — 港澳居民来往内地通行证 (type 3)', () => {
  test.each(['H12345678', 'M12345678', 'H1234567890', 'M0000000000', 'H00000000'])('accepts %s', (id) => {
    expect(idNumberProblem('3', id, TODAY)).toBeNull();
  });

  test('empty', () => {
    expect(idNumberProblem('3', '', TODAY)).toBe('empty');
  });

  test.each([
    'h12345678', // not normalised
    'A12345678',
    'X12345678',
    'HM12345678',
    'H1234567', // 7 digits
    'H123456789', // 9 digits
    'H12345678901', // 11 digits
    'H123456789012',
    '12345678',
    'H1234567X',
    'H 12345678',
    '440781198503151236',
    'H１２３４５６７８',
  ])('refuses %s as a format problem', (id) => {
    expect(idNumberProblem('3', id, TODAY)).toBe('format');
  });
});

describe('idNumberProblem — 五年有效期台湾居民来往大陆通行证 (type 4)', () => {
  test.each(['12345678', '00000000', '1234567890', '0012345678'])('accepts %s', (id) => {
    expect(idNumberProblem('4', id, TODAY)).toBeNull();
  });

  test('empty', () => {
    expect(idNumberProblem('4', '', TODAY)).toBe('empty');
  });

  test.each([
    '1234567', // 7
    '123456789', // 9
    '12345678901', // 11
    'T12345678',
    'H12345678',
    '1234567X',
    '1234 5678',
    '440781198503151236',
    '１２３４５６７８',
  ])('refuses %s as a format problem', (id) => {
    expect(idNumberProblem('4', id, TODAY)).toBe('format');
  });
});

describe('idNumberProblem with normalised input', () => {
  test.each<[IdTypeCode, string]>([
    ['1', '１１０１０５ １９４９１２３１ ００２ｘ'],
    ['1', ' 440781 19850315 1236 '],
    ['2', '８１００００１９９００１０１１２３０'],
    ['3', 'ｈ１２３４５６７８'],
    ['3', 'm 1234 5678'],
    ['4', '１２３４ ５６７８'],
  ])('type %s accepts normaliseIdNumber(%j)', (type, raw) => {
    expect(idNumberProblem(type, normaliseIdNumber(raw), TODAY)).toBeNull();
  });
});

describe('factsFromIdNumber', () => {
  test.each<[IdTypeCode, string, '1' | '2', string]>([
    ['1', '11010519491231002X', '2', '1949-12-31'], // 17th digit 2 -> female
    ['1', '440524188001010014', '1', '1880-01-01'], // 1 -> male
    ['1', '34052419800101001X', '1', '1980-01-01'],
    ['1', '110102198611267047', '2', '1986-11-26'], // 4 -> female
    ['1', '440781198503151236', '1', '1985-03-15'], // 3 -> male
    ['2', '810000199001011230', '1', '1990-01-01'],
    ['2', '820000198512314564', '2', '1985-12-31'], // 4 -> female
    ['2', '830000200002297890', '1', '2000-02-29'], // 9 -> male
  ])('type %s %s -> sex %s, born %s', (type, id, sex, birthDate) => {
    expect(factsFromIdNumber(type, id)).toEqual({ sex, birthDate });
  });

  test.each([
    ['0', '2'],
    ['1', '1'],
    ['2', '2'],
    ['3', '1'],
    ['4', '2'],
    ['5', '1'],
    ['6', '2'],
    ['7', '1'],
    ['8', '2'],
    ['9', '1'],
  ])('17th digit %s -> sex %s (odd = 1 男, even = 2 女)', (digit, sex) => {
    const id = withCheck(`4407811985031512${digit}`);
    expect(factsFromIdNumber('1', id)?.sex).toBe(sex);
  });

  test.each<[IdTypeCode, string]>([
    ['3', 'H12345678'],
    ['4', '12345678'],
    ['3', '440781198503151236'], // an 18-digit number does not make a type-3 document carry facts
    ['4', '440781198503151236'],
    ['1', ''],
    ['1', '44078119850315123'],
    ['1', '11010519491231002x'], // not normalised
    ['1', '440781850315123'],
  ])('type %s %j -> null', (type, id) => {
    expect(factsFromIdNumber(type, id)).toBeNull();
  });
});

describe('carriesFacts', () => {
  test.each([
    ['1', true],
    ['2', true],
    ['3', false],
    ['4', false],
    ['', false],
    ['5', false],
    ['01', false],
  ])('%j -> %s', (type, expected) => {
    expect(carriesFacts(type)).toBe(expected);
  });

  test('agrees with factsFromIdNumber for every type', () => {
    for (const { code } of ID_TYPES) {
      expect(factsFromIdNumber(code, '440781198503151236') !== null).toBe(carriesFacts(code));
    }
  });
});

describe('002 §2.1 b–c: who is asked which 港澳台 number', () => {
  test.each([
    ['1', false, false],
    ['2', true, true],
    ['3', true, false],
    ['4', true, false],
    ['', false, false],
    ['5', false, false],
  ])('type %j: local ID %s, 通行证号码 %s', (type, local, pass) => {
    expect(asksLocalIdNumber(type)).toBe(local);
    expect(asksPassNumber(type)).toBe(pass);
  });

  test('missingSupplements names the columns still owed', () => {
    const account = (id_type: string, local_id_number: string | null, pass_number: string | null) => ({ id_type, local_id_number, pass_number });
    expect(missingSupplements(account('1', null, null))).toEqual([]);
    expect(missingSupplements(account('3', null, null))).toEqual(['local_id_number']);
    expect(missingSupplements(account('4', 'A123456789', null))).toEqual([]);
    expect(missingSupplements(account('2', null, null))).toEqual(['local_id_number', 'pass_number']);
    expect(missingSupplements(account('2', 'A123456(7)', null))).toEqual(['pass_number']);
    expect(missingSupplements(account('2', 'A123456(7)', 'H12345678'))).toEqual([]);
  });
});

describe('localIdNumberProblem', () => {
  test.each([
    'A123456(7)', // 香港
    'AB123456(A)', // 香港, two letters, check code A
    'A1234567', // 香港 written without the brackets
    '1234567(8)', // 澳门
    '12345678', // 澳门 without the brackets
    'A123456789', // 台湾
    '1', // one digit: the lower bound
    'X-12345', // a hyphen between parts
    `${'1'.repeat(30)}`, // thirty characters: the upper bound
  ])('%j is accepted', (value) => {
    expect(localIdNumberProblem(value)).toBeNull();
  });

  test.each<[string, string]>([
    ['', 'empty'],
    ['1'.repeat(31), 'tooLong'],
    ['ABCDEF', 'format'], // no digit at all
    ['A123456(7', 'format'], // unclosed
    ['A123456)7(', 'format'],
    ['A12(3)456', 'format'], // the brackets close the number
    ['A123456(789)', 'format'], // a check code of at most two characters
    ['A123456()', 'format'],
    ['-A123456', 'format'],
    ['A123456-', 'format'],
    ['A--123456', 'format'],
    ['1/234567/8', 'format'],
    ['A 123456', 'format'], // not normalised
    ['a123456', 'format'], // not normalised
    ['陈123456', 'format'],
    ['A123456(7)<', 'format'],
  ])('%j -> %s', (value, problem) => {
    expect(localIdNumberProblem(value)).toBe(problem);
  });
});

describe('normaliseLocalIdNumber', () => {
  test.each([
    [' a123456（7） ', 'A123456(7)'],
    ['Ａ１２３４５６（７）', 'A123456(7)'],
    ['1234567 (8)', '1234567(8)'],
    ['x－12345', 'X-12345'],
    ['x–12345', 'X-12345'],
    ['a 123 456 789', 'A123456789'],
  ])('%j -> %j', (raw, expected) => {
    expect(normaliseLocalIdNumber(raw)).toBe(expected);
    expect(localIdNumberProblem(normaliseLocalIdNumber(raw))).toBeNull();
  });
});

describe('the 通行证号码 of a 居住证 holder', () => {
  const permit = (region: string) => withCheck(`${region}000019900101123`);
  test('the region decides the 通行证: 香港 81, 澳门 82 -> 港澳 (3); 台湾 83 -> 台湾 (4)', () => {
    expect(passTypeOfResidencePermit(permit('81'))).toBe('3');
    expect(passTypeOfResidencePermit(permit('82'))).toBe('3');
    expect(passTypeOfResidencePermit(permit('83'))).toBe('4');
  });

  test.each<[string, string, string | null]>([
    ['81', 'H12345678', null],
    ['82', 'M1234567890', null],
    ['81', '12345678', 'format'],
    ['81', 'H1234567', 'format'],
    ['83', '12345678', null],
    ['83', '1234567890', null],
    ['83', 'H12345678', 'format'],
    ['83', '123456789', 'format'],
    ['81', '', 'empty'],
  ])('region %s, %j -> %s', (region, value, problem) => {
    expect(passNumberProblem(permit(region), value)).toBe(problem);
  });

  test('the same rules as the 证件号码 of types 3 and 4 (one pattern each)', () => {
    for (const value of ['H12345678', 'M1234567890', '12345678', '1234567890', 'H123', 'T12345678']) {
      expect(passNumberProblem(permit('81'), value)).toBe(idNumberProblem('3', value, new Date()));
      expect(passNumberProblem(permit('83'), value)).toBe(idNumberProblem('4', value, new Date()));
    }
  });
});
