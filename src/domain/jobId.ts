/**
 * The id of a background job kept in one server process's memory (批量打印, 数据导入): the process's instance
 * tag, then a random UUID. A progress page that reaches another process (several instances without sticky
 * routing, or after a restart) can then tell "made elsewhere" from "no such job" and say so in Chinese.
 */
const INSTANCE = /^[0-9a-f]{8}$/;
const JOB_ID = /^([0-9a-f]{8})-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function makeJobId(instance: string, uuid: string): string {
  if (!INSTANCE.test(instance)) throw new Error(`instance tag must be 8 hex digits: ${instance}`);
  return `${instance}-${uuid}`;
}

/** The instance tag of a well-formed job id; null for anything else (no job at all). */
export function jobInstance(id: string): string | null {
  return JOB_ID.exec(id)?.[1] ?? null;
}

/** Where a job id points: this process, another one, or nowhere (malformed). */
export function jobPlace(id: string, instance: string): 'here' | 'elsewhere' | null {
  const tag = jobInstance(id);
  return tag === null ? null : tag === instance ? 'here' : 'elsewhere';
}
