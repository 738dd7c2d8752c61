import { loadExcel } from './excel';
import { csvField } from '../domain/csv';
import { IMPORT_COLUMNS, ImportKind, KIND_LABELS } from '../domain/importKinds';

/** Columns whose values are long digit strings: the template formats them as text so Excel keeps every digit. */
const TEXT_COLUMNS = new Set(['certNumber', 'idNumber', 'phone', 'proofNumber', 'studentNumber']);

/**
 * The template of a kind: .xlsx with the header row and one example row on the first sheet (the one the import
 * reads) and the column rules on a second sheet "填写说明"; or .csv (UTF-8 with a BOM, which Excel opens as such).
 */
export async function importTemplate(kind: ImportKind, format: 'xlsx' | 'csv'): Promise<Buffer> {
  const columns = IMPORT_COLUMNS[kind];
  if (format === 'csv') {
    const lines = [columns.map((c) => csvField(c.label)).join(','), columns.map((c) => csvField(c.example)).join(',')];
    return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
  }
  const wb = new (loadExcel()).Workbook();
  const sheet = wb.addWorksheet(KIND_LABELS[kind]);
  sheet.columns = columns.map((c) => ({ header: c.label, key: c.key, width: Math.max(12, c.example.length + 4), style: TEXT_COLUMNS.has(c.key) ? { numFmt: '@' } : {} }));
  sheet.getRow(1).font = { bold: true };
  sheet.addRow(Object.fromEntries(columns.map((c) => [c.key, c.example])));
  const help = wb.addWorksheet('填写说明');
  help.columns = [{ header: '列', key: 'label', width: 14 }, { header: '是否必有此列', key: 'required', width: 14 }, { header: '填写要求', key: 'hint', width: 60 }];
  help.getRow(1).font = { bold: true };
  for (const c of columns) help.addRow({ label: c.label, required: c.required ? '是' : '否', hint: c.hint });
  help.addRow({});
  help.addRow({ label: '说明', hint: '只读取第一个工作表；第一行为表头，第二行起每行一条（示例行请替换为实际数据）。' });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
