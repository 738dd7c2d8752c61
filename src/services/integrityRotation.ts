import path from 'node:path';
import type { Knex } from 'knex';
import type { Config } from '../config';
import { systemClock } from '../clock';
import { createContainer } from '../container';
import type { DataProtector } from '../security/dataProtector';
import { readCheckpoint, writeCheckpoint } from '../security/auditCheckpoint';

/** Where verify-audit keeps the chain's last verified end by default (cli/admin.ts uses the same). */
export const defaultCheckpointFile = (config: Pick<Config, 'dataKeyFile'>) => path.join(path.dirname(config.dataKeyFile), 'audit-checkpoint.json');

const PAGE = 500;

/**
 * Key rotation's part for integrity MACs (issue 13): under a keyring holding the old and the new key, the audit chain
 * is verified whole (against the checkpoint outside the database too), then signed again under the new key and the
 * checkpoint moved to the new head; every conclusion seal that verifies is made again under the new key. Only then may
 * the old key be retired — otherwise everything signed under it would read as tampered. False (old key kept) when the
 * chain is broken: a rotation must not launder a tampered log.
 * 申请表 校验码 already printed on paper cannot be re-signed; README says they no longer verify after a rotation.
 */
export async function resignIntegrity(db: Knex, config: Config, protector: DataProtector, out: (line: string) => void): Promise<boolean> {
  const c = createContainer(db, config, systemClock, { protector });
  try {
    const file = defaultCheckpointFile(config);
    const checkpoint = readCheckpoint(file);
    const report = await c.services.audit.verifyChain(checkpoint === 'unreadable' ? null : checkpoint);
    if (!report.ok) {
      out(`错误：审计日志校验未通过，未重新签名，旧密钥保留。${report.problem.message} / the audit chain does not verify: old keys kept`);
      return false;
    }
    const head = await c.services.audit.resignChain();
    writeCheckpoint(file, head);
    out(`  审计日志：${head.seq} 条已用新密钥重新签名 / audit rows re-signed`);
    const counts = { resealed: 0, current: 0, broken: 0, skipped: 0 };
    for (let after = 0; ;) {
      const page = await c.repos.applications.sealedPage(after, PAGE);
      for (const application of page) counts[await c.services.applications.staff.resealConclusion(application)] += 1;
      if (page.length < PAGE) break;
      after = page[page.length - 1].id;
    }
    out(`  审核结论签名：${counts.resealed} 条已重新签名${counts.broken ? `，${counts.broken} 条校验不符（保持原样，工作人员页面仍显示警告）` : ''} / conclusion seals re-signed`);
    return true;
  } finally {
    await c.close();
  }
}
