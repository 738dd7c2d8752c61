import { checkProfile, profileForm, readProfileForm } from './bureauProfile';
import { checkPoint, PointForm } from './confirmationPoint';
import { DEFAULT_MATERIALS_CHECKLIST, materialsChecklist } from './materials';
import { bureauNotes, DEFAULT_NOTES } from './notices';

describe('机构信息', () => {
  test('text is stored as typed (line ends made \\n, HTML untouched); empty means not set', () => {
    const form = readProfileForm({ contactPhone: ' 0750-5522000 ', announcement: '第一行\r\n<b>第二行</b>\r\n', notes: '', materialsChecklist: '申请表\n证书', officeHours: '', contactAddress: '' });
    const r = checkProfile(form);
    expect(r).toEqual({ ok: true, value: {
      contact_phone: '0750-5522000', contact_address: null, office_hours: null,
      announcement: '第一行\n<b>第二行</b>', notes: null, materials_checklist: '申请表\n证书',
    } });
    if (r.ok) expect(profileForm(r.value)).toEqual({ ...form });
  });
  test('the phone is required and one line; lengths and checklist size are bounded', () => {
    const base = readProfileForm({ contactPhone: '1' });
    expect(checkProfile({ ...base, contactPhone: '' })).toEqual({ ok: false, errors: { contactPhone: '请填写联系电话' } });
    expect(checkProfile({ ...base, contactAddress: 'a\nb' })).toEqual({ ok: false, errors: { contactAddress: '地址只能填写一行' } });
    expect(checkProfile({ ...base, announcement: '字'.repeat(3001) })).toEqual({ ok: false, errors: { announcement: '公告不能超过3000个字' } });
    expect(checkProfile({ ...base, materialsChecklist: Array.from({ length: 21 }, (_, i) => `材料${i}`).join('\n') })).toEqual({ ok: false, errors: { materialsChecklist: '现场确认材料清单最多20项（每行一项）' } });
    expect(checkProfile({ ...base, materialsChecklist: '长'.repeat(101) })).toEqual({ ok: false, errors: { materialsChecklist: '现场确认材料清单每项不能超过100个字' } });
  });
  test('注意事项 and the checklist fall back to the defaults when empty', () => {
    expect(bureauNotes(null)).toBe(DEFAULT_NOTES);
    expect(bureauNotes(' \n ')).toBe(DEFAULT_NOTES);
    expect(bureauNotes('一\n\n二')).toEqual(['一', '二']);
    expect(materialsChecklist(null)).toBe(DEFAULT_MATERIALS_CHECKLIST);
    expect(materialsChecklist(' 申请表 \n\n证书\n')).toEqual(['申请表', '证书']);
  });
});

describe('确认点', () => {
  const TZ = 'Asia/Shanghai';
  const plan = { title: '2026年下半年', confirm_start: '2026-09-04T16:00:00.000Z', confirm_end: '2026-10-15T15:59:00.000Z' };
  const form = (over: Partial<PointForm> = {}): PointForm => ({ name: '斗山镇中心小学', businesses: ['registration'], scope: '斗山镇各中小学、幼儿园', address: '', phone: '', confirmStart: '', confirmEnd: '', active: '1', ...over });
  const errorsOf = (f: PointForm, names: string[] = []) => { const r = checkPoint(f, { timeZone: TZ, otherNames: names, plan }); return r.ok ? {} : r.errors; };
  test('a good point; its window is optional', () => {
    expect(checkPoint(form(), { timeZone: TZ, otherNames: [], plan })).toEqual({ ok: true, value: {
      name: '斗山镇中心小学', businesses: 'registration', scope: '斗山镇各中小学、幼儿园', address: null, phone: null, confirm_start: null, confirm_end: null, active: true,
    } });
    expect(errorsOf(form({ confirmStart: '2026-09-10', confirmEnd: '2026-09-12', active: '0' }))).toEqual({});
  });
  test('name required and unique in the bureau; a status must be chosen', () => {
    expect(errorsOf(form({ name: '', active: '' }))).toEqual({ name: '请填写确认点名称', active: '请选择是否启用' });
    expect(errorsOf(form(), ['斗山镇中心小学'])).toEqual({ name: '本机构已有同名的确认点' });
    expect(errorsOf(form({ businesses: [] }))).toEqual({ businesses: '请至少选择一项服务业务' });
    expect(errorsOf(form({ businesses: ['registration', 'exam'] }))).toEqual({ businesses: '请从列表中选择服务业务' });
    const both = checkPoint(form({ businesses: ['certification', 'registration'] }), { timeZone: TZ, otherNames: [], plan });
    expect(both.ok && both.value.businesses).toBe('registration,certification');
  });
  test('its window: both days, forward, inside the plan\'s confirmation window', () => {
    expect(errorsOf(form({ confirmStart: '2026-09-10' })).confirmEnd).toMatch(/^请同时填写确认结束日期/);
    expect(errorsOf(form({ confirmEnd: '2026-09-10' })).confirmStart).toMatch(/^请同时填写确认开始日期/);
    expect(errorsOf(form({ confirmStart: '2026-09-12', confirmEnd: '2026-09-10' }))).toEqual({ confirmEnd: '确认结束日期不能早于确认开始日期' });
    expect(errorsOf(form({ confirmStart: '2026-09-01', confirmEnd: '2026-09-10' }))).toEqual({ confirmStart: '确认点的确认时间须在网报计划“2026年下半年”的确认时间（2026-09-05 至 2026-10-15）之内' });
    expect(errorsOf(form({ confirmStart: '2026-09-05', confirmEnd: '2026-10-15' }))).toEqual({});
    expect(errorsOf(form({ confirmStart: '2026-9-5', confirmEnd: '' })).confirmStart).toMatch(/格式/);
    // No plan yet (an empty install sets points first): only the order is checked.
    expect(checkPoint(form({ confirmStart: '2026-01-01', confirmEnd: '2026-01-02' }), { timeZone: TZ, otherNames: [], plan: null }).ok).toBe(true);
  });
});
