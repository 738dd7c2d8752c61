import type ExcelJS from 'exceljs';

export type Excel = typeof ExcelJS;

/**
 * exceljs, loaded on first use: it adds ≈ 27 MB to the server's memory (issue 8's season), and only the import
 * and export pages need it. A plain require: Jest's module system has no dynamic import() without a flag.
 */
let excel: Excel | null = null;
export function loadExcel(): Excel {
  excel ??= require('exceljs') as Excel;
  return excel;
}
