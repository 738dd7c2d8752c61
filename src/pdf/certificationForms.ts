import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { projectRoot } from '../paths';
import { localDate, localDateTime } from '../domain/dates';
import { idTypeName } from '../domain/identity';
import { canonicalForm, FORM_MAC_PURPOSE, formMarker, shortFormCode } from '../domain/formCode';
import { batchPrintCopiesText, certificationCopies, certificationCopiesNote, certificationPdfLinkText, CERTIFICATION_FORM_TITLE } from '../domain/certification/formText';
import type { AccountRow, AccountsRepo } from '../repositories/accounts';
import type { ApplicationRow } from '../repositories/applications';
import type { FilesRepo } from '../repositories/files';
import type { ReferenceDataService } from '../services/referenceData';
import type { DataProtector } from '../security/dataProtector';
import { readCertificationSnapshot } from '../journeys/certification/stored';
import { fitSheets, FORM_CSS_HREF, PRINT_CSP, SHEET_HEIGHT_MM, type ApplicationFormService, type ScreenLinks } from './applicationForms';
import { certificationFormModel, CertificationFormModel } from './certificationFormModel';
import { withPdfInfo } from './pdfInfo';

const TEMPLATE = path.join(projectRoot, 'views', 'pdf', 'certification-form.ejs');
const STYLESHEETS = ['application-form.css', 'certification-form.css'].map((name) => path.join(projectRoot, 'public', 'css', name));
export const CERTIFICATION_FORM_CSS_HREFS = [FORM_CSS_HREF, '/css/certification-form.css'];

// The same A4 fitting as 定期注册's form (application-form.css's fit-1, fit-2).

/**
 * The 教师资格认定申请表 (seed 002 §3.2.4): the preview and the PDF of one 认定 application, in one or two copies as its
 * bureau set (bureaus.certification_form_copies). Printed by the 申请表's own browser pool (`forms.printDocument`: no
 * network, page scripts off), with the same 校验码 and PDF marker (domain/formCode.ts) as 定期注册's form, so the staff
 * side's checks read it alike. Not cached: the copies may change without a new version, and an applicant downloads
 * it once or twice (a render is ≈ 0.2 s).
 */
export function createCertificationFormService(deps: {
  forms: Pick<ApplicationFormService, 'printDocument'>;
  reference: ReferenceDataService;
  repos: { accounts: AccountsRepo; files: FilesRepo };
  /** The bureau's number of copies (1 or 2). */
  copiesOf: (bureauId: number) => Promise<1 | 2>;
  clock: Clock;
  config: Pick<Config, 'env' | 'timeZone' | 'siteName'>;
  protector: Pick<DataProtector, 'mac'>;
}) {
  const { reference, repos, clock, config } = deps;
  let css: string | null = null;
  const stylesheet = () => {
    if (css === null || config.env !== 'production') css = STYLESHEETS.map((file) => fs.readFileSync(file, 'utf8')).join('\n');
    return css;
  };
  const formMac = (a: ApplicationRow) => deps.protector.mac(FORM_MAC_PURPOSE, canonicalForm(a.application_no, a.version, a.data));
  const checkCodeOf = (a: ApplicationRow) => shortFormCode(a.version, formMac(a));
  const sexName = (code: string | null) => (code === '1' ? '男' : code === '2' ? '女' : '');

  async function inline(fileId: number | null | undefined, accountId: number): Promise<string | null> {
    if (!fileId) return null;
    const file = await repos.files.findForAccount(fileId, accountId);
    return file ? `data:${file.mime};base64,${Buffer.from(file.data).toString('base64')}` : null;
  }

  /** The form's data. Images: inline (data: URLs, for the PDF) or URLs of the site (the preview). */
  async function model(application: ApplicationRow, opts: { mask: boolean; urls?: { photo: string; signature: string } }): Promise<CertificationFormModel> {
    const account = (await repos.accounts.findById(application.account_id)) as AccountRow | undefined;
    if (!account) throw new Error(`application ${application.application_no}: account ${application.account_id} not found`);
    const snapshot = readCertificationSnapshot(application.data);
    const person = snapshot.applicant;
    return certificationFormModel({
      application, snapshot,
      account: { id_number: account.id_number, mobile: account.mobile, email: account.email },
      names: {
        sex: sexName(person.sex), idType: idTypeName(person.idType || account.id_type), ethnicity: await reference.nameOf('ethnicity', person.ethnicityCode),
        education: snapshot.education ? await reference.nameOf('education', snapshot.education.educationCode) : '',
      },
      photoSrc: opts.urls ? (application.photo_file_id ? opts.urls.photo : null) : await inline(application.photo_file_id, application.account_id),
      signatureSrc: opts.urls ? (application.signature_file_id ? opts.urls.signature : null) : await inline(application.signature_file_id, application.account_id),
      signedOn: localDate(new Date(application.submitted_at), config.timeZone),
      generatedAt: localDateTime(clock.now(), config.timeZone), mask: opts.mask, checkCode: checkCodeOf(application),
    });
  }

  async function renderHtml(forms: CertificationFormModel[], copies: 1 | 2, data: { mode: 'screen' | 'print'; links?: ScreenLinks; cssHrefs?: string[] }): Promise<string> {
    return ejs.renderFile(TEMPLATE, {
      forms, siteName: config.siteName, copies: certificationCopies(copies), copiesNote: certificationCopiesNote(copies), downloadText: certificationPdfLinkText('download', copies), ...data,
    }, { cache: config.env === 'production' });
  }

  const service = {
    model,
    checkCode: checkCodeOf,
    /** The copies the application's bureau prints (1 or 2), for the links that name them. */
    copiesOf: (application: ApplicationRow): Promise<1 | 2> => deps.copiesOf(application.bureau_id),
    /**
     * 批量打印's hint on a staff list of this business: 定期注册's copies are fixed; 认定's are the staff user's bureau's
     * (bureauId null: a system administrator, every bureau).
     */
    batchCopiesText: async (business: 'registration' | 'certification', bureauId: number | null): Promise<string> =>
      batchPrintCopiesText(business, business === 'certification' && bureauId !== null ? await deps.copiesOf(bureauId) : null),

    /** 申请表预览: one sheet, ID and mobile masked as on every page, the photo and signature from the site's own URLs. */
    async previewHtml(application: ApplicationRow, links: ScreenLinks, urls: { photo: string; signature: string }): Promise<string> {
      const form = await model(application, { mask: true, urls });
      return renderHtml([form], await deps.copiesOf(application.bureau_id), { mode: 'screen', links, cssHrefs: CERTIFICATION_FORM_CSS_HREFS });
    },

    /** The print HTML (each application in its bureau's copies), styles inlined, under the print CSP. */
    async printHtml(application: ApplicationRow): Promise<string> {
      const form = await model(application, { mask: false });
      const html = await renderHtml([form], await deps.copiesOf(application.bureau_id), { mode: 'print' });
      return html.replace('</head>', `${PRINT_CSP}\n<style>${stylesheet()}</style>\n</head>`);
    },

    /**
     * 批量打印 of 认定 applications (a staff list: one bureau, so one number of copies): one document, each application
     * in the bureau's copies. `onForm` counts the forms prepared for the job's progress page.
     */
    async renderMany(applications: ApplicationRow[], opts: { timeoutMs?: number; onForm?: () => void } = {}): Promise<Buffer> {
      if (!applications.length) throw new Error('renderMany: no applications');
      const forms: CertificationFormModel[] = [];
      for (const application of applications) {
        forms.push(await model(application, { mask: false }));
        opts.onForm?.();
      }
      const html = (await renderHtml(forms, await deps.copiesOf(applications[0].bureau_id), { mode: 'print' }))
        .replace('</head>', `${PRINT_CSP}\n<style>${stylesheet()}</style>\n</head>`);
      return deps.forms.printDocument(html, { fn: fitSheets, limitMm: SHEET_HEIGHT_MM }, opts.timeoutMs);
    },

    /** The PDF of one application, with the full MAC in its document information (as 定期注册's form). */
    async pdf(application: ApplicationRow): Promise<Buffer> {
      const pdf = await deps.forms.printDocument(await service.printHtml(application), { fn: fitSheets, limitMm: SHEET_HEIGHT_MM });
      return withPdfInfo(pdf, {
        title: `${CERTIFICATION_FORM_TITLE}（报名号 ${application.application_no}）`,
        subject: `第 ${application.version} 版 校验码 ${checkCodeOf(application)}`,
        keywords: formMarker(application.application_no, application.version, formMac(application)),
      });
    },
  };
  return service;
}
export type CertificationFormService = ReturnType<typeof createCertificationFormService>;
