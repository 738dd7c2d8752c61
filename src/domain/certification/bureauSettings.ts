/**
 * A bureau's 教师资格认定 settings (issue 14; seed 002 §3.1.2 步骤六 注意事项, 步骤八 全程网办, §3.2.5 上传材料):
 * whether it runs 全程网办 and which materials applicants then upload (PDF, each under 1 MB — the upload rule is
 * the wizard's), its own 注意事项 and counter checklist for 认定 (empty: the defaults below), and whether the
 * 认定申请表 prints one copy or two. Plain text one item a line, stored as typed and always rendered escaped. Pure.
 */
import { hasErrors, text, FieldErrors } from '../validation';

export const CERTIFICATION_SETTINGS_FIELDS = ['onlineProcessing', 'onlineMaterials', 'certificationNotes', 'certificationChecklist', 'formCopies'] as const;
export type CertificationSettingsForm = Record<(typeof CERTIFICATION_SETTINGS_FIELDS)[number], string>;
/** The bureaus columns the form writes. */
export interface CertificationSettingsValues {
  online_processing: boolean;
  online_materials: string | null;
  certification_notes: string | null;
  certification_checklist: string | null;
  certification_form_copies: number;
}

/** What the counter checks for a 认定 application when the bureau has set no list of its own. */
export const DEFAULT_CERTIFICATION_CHECKLIST: readonly string[] = [
  '教师资格认定申请表', '身份证件', '学历证书（应届毕业生为学籍证明）', '普通话水平测试等级证书', '体检合格证明', '个人承诺书',
];

/** 步骤六 注意事项 of 认定 when the bureau has written none (the substance of 002 §3.1.2 and §3.2). */
export const DEFAULT_CERTIFICATION_NOTES: readonly string[] = [
  '（一）报名号、确认点、确认时间三项信息与报名时所选一致，方为报名成功；请记录报名号。',
  '（二）请在确认时间内，携带认定机构要求的材料到所选确认点现场确认；认定机构开通全程网办的，按要求在“查询认定报名信息”中上传材料。',
  '（三）只有认定状态为“网报待确认”时才能修改认定报名信息；个人身份、普通话、学历、学籍、学位证书信息须到个人信息中心修改。',
  '（四）隐瞒有关情况或提供虚假材料申请认定教师资格的，认定机构不予受理或不予认定；已经认定的，依法撤销其教师资格。',
  '（五）申请人如有疑问，请咨询所选的认定机构。各机构联系方式见本系统“联系方式”页面。',
];

export const ONLINE_MATERIALS_MAX_ITEMS = 10;
export const CHECKLIST_MAX_ITEMS = 20;
const ITEM_MAX = 100;
const TEXT_MAX = 3000;

const lines = (value: string) => value.split('\n').map((l) => l.trim()).filter(Boolean);

/** A bureau's own lines, or the default when it has set none. */
export const certificationNotes = (stored: string | null | undefined): readonly string[] => {
  const own = lines(stored ?? '');
  return own.length ? own : DEFAULT_CERTIFICATION_NOTES;
};
export const certificationChecklist = (stored: string | null | undefined): readonly string[] => {
  const own = lines(stored ?? '');
  return own.length ? own : DEFAULT_CERTIFICATION_CHECKLIST;
};
/** The materials a 全程网办 bureau asks applicants to upload (none when it does not run 全程网办). */
export const onlineMaterials = (row: Pick<CertificationSettingsValues, 'online_processing' | 'online_materials'>): string[] =>
  row.online_processing ? lines(row.online_materials ?? '') : [];

export function readCertificationSettings(body: unknown): CertificationSettingsForm {
  const read = (name: keyof CertificationSettingsForm, max: number) => text(body, name, max).replace(/\r\n?/g, '\n');
  return {
    onlineProcessing: read('onlineProcessing', 1), onlineMaterials: read('onlineMaterials', TEXT_MAX),
    certificationNotes: read('certificationNotes', TEXT_MAX), certificationChecklist: read('certificationChecklist', TEXT_MAX), formCopies: read('formCopies', 1),
  };
}

export function certificationSettingsForm(row: CertificationSettingsValues | { online_processing: boolean | number; online_materials: string | null; certification_notes: string | null; certification_checklist: string | null; certification_form_copies: number }): CertificationSettingsForm {
  return {
    onlineProcessing: row.online_processing ? '1' : '0', onlineMaterials: row.online_materials ?? '',
    certificationNotes: row.certification_notes ?? '', certificationChecklist: row.certification_checklist ?? '', formCopies: String(row.certification_form_copies),
  };
}

function checkList(value: string, label: string, maxItems: number): string | null {
  if ([...value].length > TEXT_MAX) return `${label}不能超过${TEXT_MAX}个字`;
  const items = lines(value);
  if (items.length > maxItems) return `${label}最多${maxItems}项（每行一项）`;
  if (items.some((i) => [...i].length > ITEM_MAX)) return `${label}每项不能超过${ITEM_MAX}个字`;
  return null;
}

export function checkCertificationSettings(form: CertificationSettingsForm): { ok: true; value: CertificationSettingsValues } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (form.onlineProcessing !== '1' && form.onlineProcessing !== '0') errors.onlineProcessing = '请选择是否开通全程网办';
  const materials = checkList(form.onlineMaterials, '全程网办材料', ONLINE_MATERIALS_MAX_ITEMS);
  if (materials) errors.onlineMaterials = materials;
  else if (form.onlineProcessing === '1' && !lines(form.onlineMaterials).length) errors.onlineMaterials = '开通全程网办时，请填写申请人须上传的材料（每行一项）';
  const notes = [...form.certificationNotes].length > TEXT_MAX ? `注意事项不能超过${TEXT_MAX}个字` : null;
  if (notes) errors.certificationNotes = notes;
  const checklist = checkList(form.certificationChecklist, '现场确认材料清单', CHECKLIST_MAX_ITEMS);
  if (checklist) errors.certificationChecklist = checklist;
  if (form.formCopies !== '1' && form.formCopies !== '2') errors.formCopies = '请选择申请表打印份数';
  if (hasErrors(errors)) return { ok: false, errors };
  const or = (v: string) => (v.trim() ? v : null);
  return {
    ok: true,
    value: {
      online_processing: form.onlineProcessing === '1', online_materials: or(form.onlineMaterials),
      certification_notes: or(form.certificationNotes), certification_checklist: or(form.certificationChecklist),
      certification_form_copies: Number(form.formCopies),
    },
  };
}
