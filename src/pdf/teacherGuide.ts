import crypto from 'node:crypto';
import path from 'node:path';
import ejs from 'ejs';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { projectRoot } from '../paths';
import { SEASON_STEPS } from '../domain/help';
import type { BureauGuide, GuideService } from '../services/guide';
import type { ApplicationFormService } from './applicationForms';

const TEMPLATE = path.join(projectRoot, 'views', 'pdf', 'teacher-guide.ejs');
/** A4 297 mm less the @page margins (2 × 10 mm) and some slack between screen and print metrics. */
const PAGE_HEIGHT_MM = 272;
const TTL_MS = 10 * 60 * 1000;
const MAX_ENTRIES = 16;

/** Runs in the page: a guide taller than one page gets .fit-1, .fit-2 (smaller type, tighter rows), then .fit-3 (step titles only). */
function fitPage(limitMm: number): void {
  const limit = (limitMm * 96) / 25.4;
  const sheet = document.querySelector('.guide');
  if (!sheet) return;
  for (const level of ['fit-1', 'fit-2', 'fit-3']) {
    if (sheet.getBoundingClientRect().height <= limit) break;
    sheet.classList.add(level);
  }
}

/**
 * 定期注册办事指南 for teachers, one A4 page a bureau can hand out: the site address, the steps, the dates of its
 * plans, its confirmation points, its materials checklist and contacts. No personal data, so it is cached per
 * content: the key is a hash of everything printed, so a changed plan, point or checklist makes a new PDF at once,
 * and an entry lives at most ten minutes (the date printed on it changes daily).
 */
export function createTeacherGuidePdf(deps: { guide: GuideService; forms: Pick<ApplicationFormService, 'printDocument'>; clock: Clock; config: Pick<Config, 'env'> }) {
  const { guide, forms, clock, config } = deps;
  const cache = new Map<string, { at: number; pdf: Promise<Buffer> }>();
  let renders = 0;

  function sweep(now: number) {
    for (const [key, entry] of cache) if (now - entry.at > TTL_MS) cache.delete(key);
    while (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  }

  async function html(bureau: BureauGuide): Promise<string> {
    return ejs.renderFile(TEMPLATE, { bureau, site: guide.site(), steps: SEASON_STEPS }, { cache: config.env === 'production' });
  }

  return {
    /** The guide's PDF for one bureau: from the cache when nothing printed on it has changed, else rendered (once for simultaneous requests). */
    async pdf(bureau: BureauGuide): Promise<Buffer> {
      const page = await html(bureau);
      const key = crypto.createHash('sha256').update(page).digest('hex');
      const now = clock.now().getTime();
      const hit = cache.get(key);
      if (hit && now - hit.at <= TTL_MS) return hit.pdf;
      sweep(now);
      renders += 1;
      const pdf = forms.printDocument(page, { fn: fitPage, limitMm: PAGE_HEIGHT_MM });
      cache.set(key, { at: now, pdf });
      // A failed render is not kept: the next request tries again.
      pdf.catch(() => cache.delete(key));
      return pdf;
    },
    html,
    stats: () => ({ renders, entries: cache.size }),
  };
}
export type TeacherGuidePdf = ReturnType<typeof createTeacherGuidePdf>;
