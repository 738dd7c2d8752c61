import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import type { Page } from 'puppeteer-core';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { projectRoot } from '../paths';
import { localDateTime } from '../domain/dates';
import { idTypeName } from '../domain/identity';
import type { AccountRow, createAccountsRepo } from '../repositories/accounts';
import type { FilesRepo } from '../repositories/files';
import type { ApplicationRow } from '../repositories/applications';
import type { PlacesRepo } from '../repositories/places';
import type { ReferenceDataService } from '../services/referenceData';
import { readSnapshot, SummarySection } from '../journeys/registration';
import { createBrowserPool, launchSystemChromium, preparePdfPage, BrowserPool, PdfUnavailableError } from './browserPool';
import { createPdfCache } from './pdfCache';
import { processTreeBytes } from './processMemory';
import { applicationFormModel, ApplicationFormModel, COPIES } from './formModel';
import { withPdfInfo } from './pdfInfo';
import type { DataProtector } from '../security/dataProtector';
import { canonicalForm, findFormMarker, FORM_MAC_PURPOSE, formMarker, parseFormCode, shortFormCode, type FormCheck } from '../domain/formCode';

export { PdfUnavailableError } from './browserPool';

const TEMPLATE = path.join(projectRoot, 'views', 'pdf', 'application-form.ejs');
const STYLESHEET = path.join(projectRoot, 'public', 'css', 'application-form.css');
export const FORM_CSS_HREF = '/css/application-form.css';

export interface ScreenLinks { pdf: string; back: string }

/**
 * A third fence behind the page's request blocking and its disabled scripts (browserPool.ts): the printed document
 * itself allows only inline styles and data: images and fonts.
 */
export const PRINT_CSP = '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; font-src data:; style-src \'unsafe-inline\'">';

/** A4 297 mm less the @page margins (11 + 10 mm) and a little slack for print versus screen metrics. */
export const SHEET_HEIGHT_MM = 274;

/** Runs in the page: a copy taller than one page gets fit-1, then fit-2 (tighter rows, smaller type). */
export function fitSheets(limitMm: number): void {
  const limit = (limitMm * 96) / 25.4;
  document.querySelectorAll('.sheet').forEach((sheet) => {
    for (const level of ['fit-1', 'fit-2']) {
      if (sheet.getBoundingClientRect().height <= limit) break;
      sheet.classList.add(level);
    }
  });
}

/**
 * The 教师资格定期注册申请表: its data (from the wizard's summary and the account), the HTML preview and
 * the PDF (every application twice, 第一份 and 第二份, each copy on its own page(s)). The PDF of one
 * application is cached per (id, version). Knows nothing of requests: the applicant's route and a later
 * staff route (batch print: many applications, one call, one PDF) both call it.
 */
export function createApplicationFormService(deps: {
  reference: ReferenceDataService;
  repos: { accounts: ReturnType<typeof createAccountsRepo>; files: FilesRepo; places: PlacesRepo };
  clock: Clock;
  config: Pick<Config, 'env' | 'timeZone' | 'siteName' | 'chromiumPath' | 'pdfPoolSize' | 'pdfTimeoutMs'>
    & Partial<Pick<Config, 'pdfQueueMax' | 'pdfRecycleAfter' | 'pdfRecycleBytes' | 'pdfCacheBytes'>>;
  /** Keys the 校验码 and the PDF's MAC (issue 13). */
  protector: Pick<DataProtector, 'mac' | 'verifyMac'>;
  /** A pool of pages to print with (tests may pass their own); by default the system Chromium. */
  pool?: BrowserPool<Page>;
  cacheBytes?: number;
}) {
  const { reference, repos, clock, config } = deps;
  const pool = deps.pool ?? createBrowserPool<Page>({
    launch: () => launchSystemChromium(config.chromiumPath, config.pdfTimeoutMs),
    size: config.pdfPoolSize, timeoutMs: config.pdfTimeoutMs, preparePage: preparePdfPage,
    queueMax: config.pdfQueueMax, recycleAfter: config.pdfRecycleAfter, recycleAboveBytes: config.pdfRecycleBytes,
    memoryOf: (b) => {
      const pid = b.process?.()?.pid;
      return pid ? processTreeBytes(pid) : null; // asynchronous: never blocks the event loop
    },
    warmUp: (page) => warmWork(page),
  });
  // Small by default: a 申请表 is downloaded right after it is made and rarely again (a season's hit rate is ~0),
  // and a re-render costs ~0.15 s, while every MB here is server RSS (issue 8: ≤ 200 MB).
  const cache = createPdfCache({ maxBytes: deps.cacheBytes ?? config.pdfCacheBytes ?? 8 * 2 ** 20 });
  let renders = 0;
  let css: string | null = null;
  const stylesheet = () => {
    if (css === null || config.env !== 'production') css = fs.readFileSync(STYLESHEET, 'utf8');
    return css;
  };
  /** A throwaway print in the form's own stylesheet, so its font (and the CJK glyphs) is loaded before a real render. */
  async function warmWork(page: Page): Promise<void> {
    const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>${stylesheet()}</style></head>`
      + '<body><table><tr><td>教师资格定期注册申请表 第一份 报名号 0123456789</td></tr></table></body></html>';
    await page.setContent(html, { waitUntil: 'load', timeout: config.pdfTimeoutMs });
    await page.pdf({ format: 'A4', printBackground: true, timeout: config.pdfTimeoutMs });
  }
  /** The MAC of the submission as it is now (报名号, version, snapshot) and the short 校验码 printed from it. */
  const formMac = (a: ApplicationRow) => deps.protector.mac(FORM_MAC_PURPOSE, canonicalForm(a.application_no, a.version, a.data));
  const checkCodeOf = (a: ApplicationRow) => shortFormCode(a.version, formMac(a));
  const sexName = (code: string | null) => (code === '1' ? '男' : code === '2' ? '女' : '');

  /** The form's rows for one application. Photo: inline (data: URL, for the PDF) or a URL of the site. */
  async function model(application: ApplicationRow, opts: { mask: boolean; photoUrl?: (fileId: number) => string }): Promise<ApplicationFormModel> {
    const account = (await repos.accounts.findById(application.account_id)) as AccountRow | undefined;
    if (!account) throw new Error(`application ${application.application_no}: account ${application.account_id} not found`);
    // What was submitted, not today's account or certificate: a later rename cannot change the printed rows.
    const snapshot = readSnapshot(application.data);
    const person = snapshot.applicant ?? { name: account.name, sex: account.sex, birthDate: account.birth_date, ethnicityCode: account.ethnicity_code, idType: account.id_type };
    let photoSrc: string | null = null;
    if (application.photo_file_id) {
      if (opts.photoUrl) photoSrc = opts.photoUrl(application.photo_file_id);
      else {
        const file = await repos.files.findForAccount(application.photo_file_id, application.account_id);
        if (file) photoSrc = `data:${file.mime};base64,${Buffer.from(file.data).toString('base64')}`;
      }
    }
    return applicationFormModel({
      application, summary: snapshot.summary ?? [],
      account: { name: person.name, sex: person.sex, birth_date: person.birthDate, id_type: person.idType, id_number: account.id_number, mobile: account.mobile, email: account.email },
      sexName: sexName(person.sex), idTypeName: idTypeName(person.idType), ethnicityName: await reference.nameOf('ethnicity', person.ethnicityCode),
      certificate: snapshot.certificate ?? null,
      photoSrc, generatedAt: localDateTime(clock.now(), config.timeZone), mask: opts.mask, checkCode: checkCodeOf(application),
    });
  }

  async function renderHtml(forms: ApplicationFormModel[], data: { mode: 'screen' | 'print'; copies: readonly string[]; links?: ScreenLinks; cssHref?: string }): Promise<string> {
    return ejs.renderFile(TEMPLATE, { forms, siteName: config.siteName, ...data }, { cache: config.env === 'production' });
  }

  const service = {
    model,

    /** The summary rows as submitted (查看报名信息 and staff screens). */
    submittedSummary: async (application: ApplicationRow): Promise<SummarySection[]> => readSnapshot(application.data).summary ?? [],

    /** 申请表预览: one copy, ID and mobile masked as on every page, the photo from the site's own photo URL. */
    async previewHtml(application: ApplicationRow, links: ScreenLinks, photoUrl: (fileId: number) => string): Promise<string> {
      const form = await model(application, { mask: true, photoUrl });
      return renderHtml([form], { mode: 'screen', copies: [''], links, cssHref: FORM_CSS_HREF });
    },

    /** The print HTML of some applications, each in two copies, with the stylesheet inlined (what Chromium prints). */
    async printHtml(applications: ApplicationRow[], onForm?: () => void): Promise<string> {
      const forms = await Promise.all(applications.map(async (a) => {
        const form = await model(a, { mask: false });
        onForm?.();
        return form;
      }));
      const html = await renderHtml(forms, { mode: 'print', copies: COPIES });
      return html.replace('</head>', `${PRINT_CSP}\n<style>${stylesheet()}</style>\n</head>`);
    },

    /**
     * A new PDF of the applications (no cache): batch print is one call and one PDF. `timeoutMs` replaces the
     * per-render limit for a batch (hundreds of pages take longer than one form may); `onForm` is told as each
     * form's data is ready (a print job's progress).
     */
    async renderPdf(applications: ApplicationRow[], opts: { timeoutMs?: number; onForm?: () => void } = {}): Promise<Buffer> {
      if (!applications.length) throw new Error('renderPdf: no applications');
      const limit = opts.timeoutMs ?? config.pdfTimeoutMs;
      renders += 1;
      // The HTML is made once a page is free, not before the wait in line: dozens waiting would each hold a form's
      // HTML and photo (≈ 0.5 MB) in the server's memory. A few ms of a page's time, on a render of ≈ 100+ ms.
      // Its own failure (a data problem, not Chromium's) is thrown as it is, and the page stays in the pool.
      let failed: { err: unknown } | null = null;
      const pdf = await pool.use(async (page) => {
        let html: string;
        try {
          html = await service.printHtml(applications, opts.onForm);
        } catch (err) {
          failed = { err };
          return null;
        }
        await page.setContent(html, { waitUntil: 'load', timeout: limit });
        await page.evaluate(fitSheets, SHEET_HEIGHT_MM);
        return Buffer.from(await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true, timeout: limit }));
      }, limit);
      if (failed) throw (failed as { err: unknown }).err;
      if (applications.length !== 1) return pdf as Buffer;
      // One form: its full MAC goes into the document information, so a PDF handed in can be checked (checkPdf).
      const [one] = applications;
      return withPdfInfo(pdf as Buffer, { title: `教师资格定期注册申请表（报名号 ${one.application_no}）`, subject: `第 ${one.version} 版 校验码 ${checkCodeOf(one)}`, keywords: formMarker(one.application_no, one.version, formMac(one)) });
    },

    /**
     * Any other printable page of the site (the teachers' guide): `html` is a whole document with its styles inlined,
     * printed by the same browser and page pool as the 申请表, within the same time limit. `fit` runs in the page
     * before printing (to tighten a page that would spill over).
     */
    async printDocument(html: string, fit?: { fn: (limitMm: number) => void; limitMm: number }, timeoutMs?: number): Promise<Buffer> {
      const limit = timeoutMs ?? config.pdfTimeoutMs;
      renders += 1;
      return pool.use(async (page) => {
        await page.setContent(html, { waitUntil: 'load', timeout: limit });
        if (fit) await page.evaluate(fit.fn, fit.limitMm);
        return Buffer.from(await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true, timeout: limit }));
      }, limit);
    },

    /** The applicant's PDF: from the cache for this version, else rendered once however many ask at the same time. */
    pdf(application: ApplicationRow): Promise<{ pdf: Buffer; from: 'cache' | 'joined' | 'render' }> {
      return cache.get(application.id, application.version, () => service.renderPdf([application]));
    },

    /** The current 校验码 (staff compare it with the one printed on a form handed in). */
    checkCode: checkCodeOf,

    /** A typed 校验码 against the application as it is now; null when it is not a code at all. */
    checkTypedCode(application: ApplicationRow, typed: string): FormCheck | null {
      const parsed = parseFormCode(typed);
      if (!parsed) return null;
      if (parsed.version < application.version) return 'outdated';
      return parsed.version === application.version && parsed.code === checkCodeOf(application) ? 'genuine' : 'mismatch';
    },

    /**
     * A PDF handed in: the 报名号, version and MAC in its metadata against the submission as it is now (`find` looks the
     * number up in the staff user's scope). The MAC covers the data, not the file's bytes: a PDF edited by hand but
     * keeping its metadata is caught by comparing what it shows with the system, as at the counter.
     */
    async checkPdf(pdf: Buffer, find: (applicationNo: string) => Promise<ApplicationRow | undefined>): Promise<{ result: FormCheck | 'noMarker'; application?: ApplicationRow; printedVersion?: number }> {
      const marker = findFormMarker(pdf.toString('latin1'));
      if (!marker) return { result: 'noMarker' };
      const application = await find(marker.applicationNo);
      if (!application) return { result: 'mismatch' };
      if (marker.version < application.version) return { result: 'outdated', application, printedVersion: marker.version };
      const genuine = marker.version === application.version
        && deps.protector.verifyMac(FORM_MAC_PURPOSE, canonicalForm(application.application_no, application.version, application.data), marker.mac);
      return { result: genuine ? 'genuine' : 'mismatch', application, printedVersion: marker.version };
    },

    /** After the plan's 确认 end the applicant may no longer download the form (the national system's rule). */
    async downloadWindow(application: ApplicationRow): Promise<{ open: boolean; closedAt: string | null }> {
      const plan = await repos.places.findPlan(application.plan_id);
      if (!plan) return { open: true, closedAt: null };
      const open = clock.now().toISOString() <= plan.confirm_end;
      return { open, closedAt: open ? null : localDateTime(new Date(plan.confirm_end), config.timeZone) };
    },

    /**
     * At server start, in the background: Chromium is started and prints a tiny page in the form's CJK font,
     * so the fonts are loaded and the first 申请表 after a restart is as fast as the rest. Resolves false
     * (and logs why) when Chromium cannot be used; downloads then answer 503 as before.
     */
    warm: (): Promise<boolean> => pool.warm(warmWork),

    stats: () => ({ renders, cache: cache.stats(), pool: pool.stats() }),
    forget: (applicationId: number) => cache.forget(applicationId),
    chromiumPid: () => pool.pid(),
    close: () => pool.close(),
  };
  return service;
}

export type ApplicationFormService = ReturnType<typeof createApplicationFormService>;
export const isPdfUnavailable = (err: unknown): err is PdfUnavailableError => err instanceof PdfUnavailableError;
