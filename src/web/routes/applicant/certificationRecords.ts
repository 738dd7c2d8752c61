import { Router, Request, Response } from 'express';
import type { Container } from '../../../container';
import type { AccountRow } from '../../../repositories/accounts';
import type { OwnTable } from '../../../repositories/certificationRecords';
import {
  parseDegree, parseEducation, parseOtherCertificate, parsePutonghuaEntry, parsePutonghuaLookup, parseStudentStatus,
  RECORD_MESSAGES, STUDENT_LEVELS, STUDENT_STATUSES,
} from '../../../domain/certificationRecords';
import { PUTONGHUA_LEVELS } from '../../../domain/putonghua';
import { FieldErrors, hasErrors, parseId, text } from '../../../domain/validation';
import { certificatePhoto } from '../../../services/manualCertificates';
import { paths, wizardReturn } from '../../paths';
import { flash, renderPage } from '../../render';
import { requireApplicant, requireRealname } from '../../middleware/auth';
import { uploadErrors, uploadedFile } from '../../middleware/upload';

interface FormField { name: string; label: string; type?: 'text' | 'select' | 'file'; options?: { code: string; name: string }[]; hint?: string; maxlength?: number; required?: boolean; placeholder?: string; inputmode?: string; accept?: string }
interface FormPage { title: string; section: string; heading: string; lead?: string; hints?: string[]; action: string; multipart?: boolean; fields: FormField[]; submitLabel: string; cancelHref: string; returnTo?: string | null }

const named = (items: readonly string[]) => items.map((i) => ({ code: i, name: i }));
const dateField = (name: string, label: string, hint?: string): FormField => ({ name, label, maxlength: 10, placeholder: 'YYYY-MM-DD', hint });

/**
 * 教师资格认定's modules of the 个人信息中心 (seed 002 §2.2.2–2.2.6): 教师资格考试信息, 普通话证书信息 (新增: 核验 or
 * 录入), 学历学籍信息 (同步学籍, 补充数据, 学历证书), 学位证书信息, 其他证书信息. Behind 实名认证: what is matched to
 * the account (by 姓名 and 证件号码) is only shown once the account's name is verified.
 */
export function certificationRecordsRouter(c: Container): Router {
  const router = Router();
  const guard = [requireApplicant(c.services.accounts), requireRealname];
  const records = c.services.certificationRecords;
  const { reference } = c.services;
  const me = (req: Request) => req.account as AccountRow;

  const showForm = (res: Response, page: FormPage, values: Record<string, string>, errors: FieldErrors = {}, status = 200) =>
    renderPage(res, 'pages/me/record-form', { ...page, values, errors, fieldOrder: page.fields.map((f) => f.name) }, status);
  /**
   * The 认定 page that sent the applicant here (步骤二 填写身份信息 or 修改's copy of it), carried by `?return=` on links and
   * by the form's hidden field, so a success leads back there; anything but those pages is ignored (`wizardReturn`).
   */
  const backTo = (req: Request) => wizardReturn(req.method === 'POST' ? text(req.body, 'return', 100) : req.query.return);
  const returning = (page: FormPage, back: string | null): FormPage => ({ ...page, returnTo: back, cancelHref: paths.withReturn(page.cancelHref, back) });
  /** The shared end of a POST: back to the list with the flash, or the form again with what was typed. */
  const done = (req: Request, res: Response, to: string, message: string) => { flash(req, 'success', message); res.redirect(303, to); };
  /** 删除 of one of the account's rows (not theirs or gone: the same quiet answer). */
  const removeRoute = (path: string, table: OwnTable, back: string) =>
    router.post(path, ...guard, async (req, res) => {
      const id = parseId(req.params.id);
      const removed = id ? await records.remove(me(req), table, id) : false;
      flash(req, removed ? 'success' : 'error', removed ? '已删除' : RECORD_MESSAGES.notYours);
      // Came from 认定's step 2 (or 修改): the list keeps the way back there.
      res.redirect(303, paths.withReturn(back, backTo(req)));
    });

  // ---- 教师资格考试信息 ----------------------------------------------------------------------------
  router.get(paths.meExams, ...guard, async (req, res) => {
    const namer = await reference.namer(['qualification', 'subject']);
    const proofs = (await records.proofs(me(req))).map((p) => ({ ...p, qualification: namer('qualification', p.qualification_code), subject: p.subject_name ?? (p.subject_code ? namer('subject', p.subject_code) : '') }));
    renderPage(res, 'pages/me/exams', {
      title: '教师资格考试信息', section: 'exams', exams: proofs.filter((p) => p.kind === 'exam'), abilities: proofs.filter((p) => p.kind === 'ability'),
    });
  });

  // ---- 普通话证书信息 -----------------------------------------------------------------------------
  router.get(paths.mePutonghua, ...guard, async (req, res) => {
    renderPage(res, 'pages/me/putonghua', { title: '普通话证书信息', section: 'putonghua', rows: await records.putonghua(me(req)), returnTo: backTo(req) });
  });
  /** After 核验 or 录入: back to the 认定 form with the new certificate offered (and chosen), or to the list. */
  const putonghuaAdded = (req: Request, res: Response, id: number, message: string) => {
    const back = backTo(req);
    done(req, res, back ? `${back}?putonghua=${id}` : paths.mePutonghua, message);
  };
  const verifyPage: FormPage = {
    title: '核验普通话证书', section: 'putonghua', heading: '新增普通话证书：①核验证书', action: paths.mePutonghuaVerify, submitLabel: '核验', cancelHref: paths.mePutonghua,
    lead: '输入证书编号，点击【核验】按钮后，系统将在普通话水平测试信息中自动同步该证书信息。',
    hints: ['如果核验不到信息，请检查当前登录账号的用户信息是否与普通话证书信息中的“姓名、身份证件号码、证书编号”一致。核验数据为本机构导入的普通话水平测试信息。'],
    fields: [{ name: 'certNumber', label: '证书编号', maxlength: 30 }],
  };
  router.get(paths.mePutonghuaVerify, ...guard, (req, res) => showForm(res, returning(verifyPage, backTo(req)), {}));
  router.post(paths.mePutonghuaVerify, ...guard, async (req, res) => {
    const page = returning(verifyPage, backTo(req));
    const { values, errors } = parsePutonghuaLookup(req.body);
    if (hasErrors(errors)) return showForm(res, page, values, errors, 422);
    const result = await records.verifyPutonghua(me(req), values.certNumber);
    if (!result.ok) return showForm(res, page, values, result.errors, 422);
    putonghuaAdded(req, res, result.value, '核验通过，普通话证书信息已同步');
  });
  const enterPage: FormPage = {
    title: '录入普通话证书', section: 'putonghua', heading: '新增普通话证书：②录入证书', action: paths.mePutonghuaEnter, submitLabel: '保存', cancelHref: paths.mePutonghua,
    lead: '仅限 2007 年之前的普通话证书或无法核验通过的证书。补全相关信息（普通话信息分数栏必须填写数字）后，需携带证书原件至现场确认时人工核验。',
    hints: ['核验状态指系统核验状态，人工核验通过不会更改核验状态。'],
    fields: [
      { name: 'certNumber', label: '证书编号', maxlength: 30 },
      { name: 'level', label: '等级', type: 'select', options: named(PUTONGHUA_LEVELS) },
      { name: 'score', label: '分数', maxlength: 5, inputmode: 'decimal', hint: '填写数字，如 87.5' },
      dateField('testedOn', '测试时间'),
      { name: 'issuer', label: '发证单位', maxlength: 100 },
    ],
  };
  router.get(paths.mePutonghuaEnter, ...guard, (req, res) => showForm(res, returning(enterPage, backTo(req)), {}));
  router.post(paths.mePutonghuaEnter, ...guard, async (req, res) => {
    const page = returning(enterPage, backTo(req));
    const { values, errors } = parsePutonghuaEntry(req.body, records.today());
    if (hasErrors(errors)) return showForm(res, page, values, errors, 422);
    const result = await records.enterPutonghua(me(req), { certNumber: values.certNumber, level: values.level, score: values.score, testedOn: values.testedOn, issuer: values.issuer });
    if (!result.ok) return showForm(res, page, values, result.errors, 422);
    putonghuaAdded(req, res, result.value, '普通话证书信息已录入，核验状态为未核验，请携带证书原件至现场确认时人工核验');
  });
  removeRoute('/me/putonghua/:id/delete', 'putonghua_certificates', paths.mePutonghua);

  // ---- 学历学籍信息 -------------------------------------------------------------------------------
  router.get(paths.meEducation, ...guard, async (req, res) => {
    const namer = await reference.namer(['education', 'learningForm']);
    const data = await records.education(me(req));
    renderPage(res, 'pages/me/education', {
      title: '学历学籍信息', section: 'education', ...data,
      rows: data.certificates.map((e) => ({ ...e, education: namer('education', e.education_code), studyForm: namer('learningForm', e.study_form) })),
    });
  });
  router.post(paths.meStudentSync, ...guard, async (req, res) => {
    const result = await records.syncStudentStatus(me(req));
    if (!result.ok) { flash(req, 'error', result.errors._form); return res.redirect(303, paths.meEducation); }
    done(req, res, paths.meEducation, '学籍信息已同步');
  });
  const supplementPage: FormPage = {
    title: '补充学籍数据', section: 'education', heading: '补充数据：在校学籍信息', action: paths.meStudentSupplement, submitLabel: '保存', cancelHref: paths.meEducation,
    lead: '如学籍不可同步，或已同步到的学籍与您期望的不符，或为幼儿师范、中等师范及其他中等职业学校学籍，可手工录入学籍信息。',
    hints: ['只有学籍状态为“注册学籍”的申请人才符合认定要求；专业名称须与所学专业一致。请按照认定机构的要求准备证明材料，现场确认时人工核验。'],
    fields: [
      { name: 'schoolName', label: '学校名称', maxlength: 100 },
      { name: 'major', label: '专业名称', maxlength: 100 },
      { name: 'level', label: '层次', type: 'select', options: named(STUDENT_LEVELS) },
      { name: 'studyForm', label: '学习形式', maxlength: 20, hint: '如 普通全日制' },
      { name: 'studentNumber', label: '学号', maxlength: 30, required: false },
      dateField('enrolledOn', '入学日期'),
      dateField('expectedGraduation', '预计毕业时间'),
      { name: 'status', label: '学籍状态', type: 'select', options: named(STUDENT_STATUSES) },
    ],
  };
  router.get(paths.meStudentSupplement, ...guard, (req, res) => showForm(res, returning(supplementPage, backTo(req)), {}));
  router.post(paths.meStudentSupplement, ...guard, async (req, res) => {
    const back = backTo(req);
    const page = returning(supplementPage, back);
    const { values, errors } = parseStudentStatus(req.body, records.today());
    if (hasErrors(errors)) return showForm(res, page, values, errors, 422);
    await records.supplementStudentStatus(me(req), {
      school_name: values.schoolName, major: values.major, level: values.level, study_form: values.studyForm || null,
      student_number: values.studentNumber || null, enrolled_on: values.enrolledOn, expected_graduation: values.expectedGraduation, status: values.status,
    });
    // Back to 认定's 填写身份信息 with 是否在校生 = 是 chosen (the 学籍 is shown there), or to the list.
    done(req, res, back ? `${back}?student=1` : paths.meEducation, '学籍信息已保存');
  });
  async function educationPage(): Promise<FormPage> {
    return {
      title: '新增学历证书', section: 'education', heading: '新增学历证书信息', action: paths.meEducationNew, submitLabel: '保存', cancelHref: paths.meEducation,
      hints: ['应届毕业生（在校最后一学期，且未取得毕业证书），不需要录入学历信息；研究生应届毕业生需补录上个学历信息。'],
      fields: [
        { name: 'educationCode', label: '学历', type: 'select', options: await reference.list('education') },
        { name: 'schoolName', label: '毕业学校', maxlength: 100 },
        { name: 'major', label: '所学专业', maxlength: 100 },
        { name: 'studyForm', label: '学习形式', type: 'select', options: await reference.list('learningForm') },
        dateField('graduatedOn', '毕业时间'),
        { name: 'diplomaNumber', label: '毕业证书编号', maxlength: 30 },
      ],
    };
  }
  router.get(paths.meEducationNew, ...guard, async (_req, res) => showForm(res, await educationPage(), {}));
  router.post(paths.meEducationNew, ...guard, async (req, res) => {
    const lists = { education: (await reference.list('education')).map((i) => i.code), learningForm: (await reference.list('learningForm')).map((i) => i.code) };
    const { values, errors } = parseEducation(req.body, lists, records.today());
    if (hasErrors(errors)) return showForm(res, await educationPage(), values, errors, 422);
    await records.addEducation(me(req), {
      education_code: values.educationCode, school_name: values.schoolName, major: values.major, study_form: values.studyForm, graduated_on: values.graduatedOn, diploma_number: values.diplomaNumber,
    });
    done(req, res, paths.meEducation, '学历证书信息已保存');
  });
  removeRoute('/me/education/:id/delete', 'education_certificates', paths.meEducation);

  // ---- 学位证书信息 -------------------------------------------------------------------------------
  const degreeOptions = async () => (await reference.list('degree')).filter((d) => d.name !== '无');
  router.get(paths.meDegrees, ...guard, async (req, res) => {
    const namer = await reference.namer(['degree']);
    const [rows, education] = await Promise.all([records.degrees(me(req)), records.education(me(req))]);
    renderPage(res, 'pages/me/degrees', { title: '学位证书信息', section: 'degrees', graduating: education.graduating, rows: rows.map((d) => ({ ...d, degreeName: namer('degree', d.degree) })) });
  });
  async function degreePage(): Promise<FormPage> {
    return {
      title: '新增学位证书', section: 'degrees', heading: '新增学位证书信息', action: paths.meDegreeNew, submitLabel: '保存', cancelHref: paths.meDegrees,
      hints: ['应届毕业生（在校最后一学期，且未取得毕业证书）无需录入学位信息。'],
      fields: [
        { name: 'degree', label: '学位', type: 'select', options: await degreeOptions() },
        { name: 'schoolName', label: '授予单位', maxlength: 100 },
        { name: 'major', label: '专业', maxlength: 100 },
        dateField('awardedOn', '授予日期'),
        { name: 'degreeNumber', label: '学位证书编号', maxlength: 30 },
      ],
    };
  }
  router.get(paths.meDegreeNew, ...guard, async (_req, res) => showForm(res, await degreePage(), {}));
  router.post(paths.meDegreeNew, ...guard, async (req, res) => {
    const { values, errors } = parseDegree(req.body, (await degreeOptions()).map((d) => d.code), records.today());
    if (hasErrors(errors)) return showForm(res, await degreePage(), values, errors, 422);
    await records.addDegree(me(req), { degree: values.degree, school_name: values.schoolName, major: values.major, awarded_on: values.awardedOn, degree_number: values.degreeNumber });
    done(req, res, paths.meDegrees, '学位证书信息已保存');
  });
  removeRoute('/me/degrees/:id/delete', 'degree_certificates', paths.meDegrees);

  // ---- 其他证书信息 (multipart: the certificate's image, decoded and re-encoded) ---------------------
  router.get(paths.meOthers, ...guard, async (req, res) => {
    renderPage(res, 'pages/me/others', { title: '其他证书信息', section: 'others', rows: await records.others(me(req)) });
  });
  const otherPage: FormPage = {
    title: '新增其他证书', section: 'others', heading: '新增其他证书信息', action: paths.meOtherNew, multipart: true, submitLabel: '保存', cancelHref: paths.meOthers,
    lead: '本功能仅适用于申请中等职业学校实习指导教师资格时，需要用到的其他职业技能等级证书的信息维护。',
    hints: ['证书详情页图片：JPG 或 PNG；较大的图片系统会自动压缩。出错后请重新选择图片。'],
    fields: [
      { name: 'certName', label: '证书名称', maxlength: 60, hint: '如 电工职业技能等级证书' },
      { name: 'certNumber', label: '证书编号', maxlength: 40 },
      { name: 'level', label: '等级', maxlength: 30, required: false, hint: '如 高级工、技师' },
      { name: 'issuer', label: '发证单位', maxlength: 100 },
      dateField('issuedOn', '发证日期'),
      { name: 'photo', label: '证书详情页图片', type: 'file', accept: 'image/jpeg,image/png' },
    ],
  };
  router.get(paths.meOtherNew, ...guard, (_req, res) => showForm(res, otherPage, {}));
  router.post(paths.meOtherNew, ...guard, async (req, res) => {
    const { values, errors } = parseOtherCertificate(req.body, records.today());
    // A refused part stopped the reading, so a missing file then is not the applicant's omission.
    const refused = uploadErrors(req);
    Object.assign(errors, refused);
    const upload = uploadedFile(req, 'photo');
    if (!upload && !errors.photo && !Object.keys(refused).length) errors.photo = RECORD_MESSAGES.imageRequired;
    const image = upload && !errors.photo ? await certificatePhoto(upload) : null;
    if (image && !image.ok) errors.photo = image.errors.file;
    if (hasErrors(errors) || !image?.ok) return showForm(res, otherPage, values, errors, 422);
    await records.addOther(me(req), { cert_name: values.certName, cert_number: values.certNumber, level: values.level || null, issuer: values.issuer, issued_on: values.issuedOn }, image.value);
    done(req, res, paths.meOthers, '其他证书信息已保存');
  });
  router.get('/me/others/:id/image', ...guard, async (req, res, next) => {
    const id = parseId(req.params.id);
    const file = id ? await records.otherImage(me(req), id) : undefined;
    if (!file) return next();
    res.set('Cache-Control', 'no-store').type('jpeg').send(file.data);
  });
  removeRoute('/me/others/:id/delete', 'other_certificates', paths.meOthers);

  return router;
}
