import {
  certificationChecklist, certificationNotes, certificationSettingsForm, checkCertificationSettings, DEFAULT_CERTIFICATION_CHECKLIST,
  DEFAULT_CERTIFICATION_NOTES, onlineMaterials, readCertificationSettings,
} from './bureauSettings';

describe('教师资格认定设置', () => {
  const form = (over: Record<string, string> = {}) => readCertificationSettings({ onlineProcessing: '0', formCopies: '2', ...over });

  test('off by default: nothing required but the two choices; empty lists mean the defaults', () => {
    const r = checkCertificationSettings(form());
    expect(r).toEqual({ ok: true, value: { online_processing: false, online_materials: null, certification_notes: null, certification_checklist: null, certification_form_copies: 2 } });
    if (r.ok) expect(certificationSettingsForm(r.value)).toEqual(form({ onlineMaterials: '', certificationNotes: '', certificationChecklist: '' }));
    expect(certificationNotes(null)).toBe(DEFAULT_CERTIFICATION_NOTES);
    expect(certificationChecklist(' \n')).toBe(DEFAULT_CERTIFICATION_CHECKLIST);
  });

  test('全程网办 on needs its materials; lists are bounded; the choices must be among the offered', () => {
    expect(checkCertificationSettings(form({ onlineProcessing: '1' }))).toEqual({ ok: false, errors: { onlineMaterials: '开通全程网办时，请填写申请人须上传的材料（每行一项）' } });
    const many = Array.from({ length: 11 }, (_, i) => `材料${i}`).join('\n');
    expect(checkCertificationSettings(form({ onlineProcessing: '1', onlineMaterials: many }))).toEqual({ ok: false, errors: { onlineMaterials: '全程网办材料最多10项（每行一项）' } });
    expect(checkCertificationSettings(form({ certificationChecklist: '长'.repeat(101) }))).toEqual({ ok: false, errors: { certificationChecklist: '现场确认材料清单每项不能超过100个字' } });
    expect(checkCertificationSettings(form({ onlineProcessing: '', formCopies: '3' }))).toEqual({ ok: false, errors: { onlineProcessing: '请选择是否开通全程网办', formCopies: '请选择申请表打印份数' } });
  });

  test('the upload list is what a 全程网办 bureau asks for, one item a line; none when it is off', () => {
    const r = checkCertificationSettings(form({ onlineProcessing: '1', onlineMaterials: '身份证件\r\n\r\n 学历证书 \n', formCopies: '1' }));
    expect(r.ok && r.value).toMatchObject({ online_processing: true, online_materials: '身份证件\n\n 学历证书', certification_form_copies: 1 });
    expect(r.ok && onlineMaterials(r.value)).toEqual(['身份证件', '学历证书']);
    expect(onlineMaterials({ online_processing: false, online_materials: '身份证件' })).toEqual([]);
  });
});
