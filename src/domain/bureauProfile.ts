/**
 * 机构信息 as a 机构管理员 keeps it: contacts, 公告, 注意事项 and the counter's materials checklist. Plain text with
 * line breaks, stored as typed (line ends made \n) and always rendered escaped. Pure.
 */
import { hasErrors, text, FieldErrors } from './validation';

export const PROFILE_FIELDS = ['contactPhone', 'contactAddress', 'officeHours', 'announcement', 'notes', 'materialsChecklist'] as const;
export type ProfileForm = Record<(typeof PROFILE_FIELDS)[number], string>;
/** The bureaus columns the form writes ('' is stored as null: "not set", so defaults apply). */
export interface ProfileValues {
  contact_phone: string | null; contact_address: string | null; office_hours: string | null;
  announcement: string | null; notes: string | null; materials_checklist: string | null;
}

const LIMITS: Record<keyof ProfileForm, [label: string, max: number]> = {
  contactPhone: ['联系电话', 60], contactAddress: ['地址', 200], officeHours: ['工作时间', 100],
  announcement: ['公告', 3000], notes: ['注意事项', 3000], materialsChecklist: ['现场确认材料清单', 2000],
};
export const CHECKLIST_MAX_ITEMS = 20;
export const CHECKLIST_ITEM_MAX = 100;

const lines = (value: string) => value.split('\n').map((l) => l.trim()).filter(Boolean);

export function readProfileForm(body: unknown): ProfileForm {
  const read = (name: keyof ProfileForm) => text(body, name, LIMITS[name][1]).replace(/\r\n?/g, '\n');
  return {
    contactPhone: read('contactPhone'), contactAddress: read('contactAddress'), officeHours: read('officeHours'),
    announcement: read('announcement'), notes: read('notes'), materialsChecklist: read('materialsChecklist'),
  };
}

export function profileForm(row: ProfileValues): ProfileForm {
  return {
    contactPhone: row.contact_phone ?? '', contactAddress: row.contact_address ?? '', officeHours: row.office_hours ?? '',
    announcement: row.announcement ?? '', notes: row.notes ?? '', materialsChecklist: row.materials_checklist ?? '',
  };
}

export function checkProfile(form: ProfileForm): { ok: true; value: ProfileValues } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  for (const name of PROFILE_FIELDS) {
    const [label, max] = LIMITS[name];
    if ([...form[name]].length > max) errors[name] = `${label}不能超过${max}个字`;
  }
  // Applicants are sent to these contacts (申报提醒, 注意事项, 联系方式): a bureau without a phone leaves them nowhere to ask.
  if (!form.contactPhone) errors.contactPhone = '请填写联系电话';
  for (const name of ['contactPhone', 'contactAddress', 'officeHours'] as const) {
    if (!errors[name] && form[name].includes('\n')) errors[name] = `${LIMITS[name][0]}只能填写一行`;
  }
  if (!errors.materialsChecklist) {
    const items = lines(form.materialsChecklist);
    if (items.length > CHECKLIST_MAX_ITEMS) errors.materialsChecklist = `现场确认材料清单最多${CHECKLIST_MAX_ITEMS}项（每行一项）`;
    else if (items.some((i) => [...i].length > CHECKLIST_ITEM_MAX)) errors.materialsChecklist = `现场确认材料清单每项不能超过${CHECKLIST_ITEM_MAX}个字`;
  }
  if (hasErrors(errors)) return { ok: false, errors };
  const or = (v: string) => (v.trim() ? v : null);
  return {
    ok: true,
    value: {
      contact_phone: or(form.contactPhone), contact_address: or(form.contactAddress), office_hours: or(form.officeHours),
      announcement: or(form.announcement), notes: or(form.notes), materials_checklist: or(form.materialsChecklist),
    },
  };
}
