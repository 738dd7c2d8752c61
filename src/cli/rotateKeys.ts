import type { Knex } from 'knex';
import type { Config } from '../config';
import { createDataProtector } from '../security/dataProtector';
import { addKeyVersion, loadKeyring, retireOldKeys } from '../security/keyring';
import { personalData } from '../security/personalData';
import { resealAll, rowsBehind } from '../services/dataProtection';
import { resignIntegrity } from '../services/integrityRotation';

export const ROTATE_MESSAGES = {
  fromEnvironment: `错误：密钥来自环境变量 DATA_KEYS，本命令无法改写它。请：1) 停止所有实例；2) 把 DATA_KEYS 的内容写入一个权限为 600 的文件；
3) 不设 DATA_KEYS、以 DATA_KEY_FILE=<该文件> 运行 npm run admin -- rotate-keys；4) 把该文件的新内容设为每个实例的 DATA_KEYS，再启动。
The keys come from DATA_KEYS, which this command cannot rewrite: stop every instance, put DATA_KEYS into a 0600 file, run rotate-keys with
DATA_KEY_FILE=<that file> and without DATA_KEYS, then set the file's new content as every instance's DATA_KEYS.`,
  stopFirst: '请确认服务已停止：运行中的实例持有旧密钥，轮换期间写入的数据会在轮换后无法读取 / the service must be stopped while keys rotate',
};

/**
 * admin rotate-keys: a new key version in the key file, every protected value re-encrypted under it and every blind
 * index recomputed (batches, each its own transaction), then the older keys dropped from the file once no row uses
 * them. Resumable: a key file that still holds older versions means an earlier rotation did not finish, and this run
 * finishes it (without adding yet another key).
 */
export async function rotateKeys(db: Knex, config: Config, out: (line: string) => void): Promise<number> {
  if (config.dataKeys) {
    out(ROTATE_MESSAGES.fromEnvironment);
    return 2;
  }
  out(ROTATE_MESSAGES.stopFirst);
  const before = loadKeyring({ dataKeys: null, keyFile: config.dataKeyFile });
  const resuming = before.keys.size > 1;
  const keyring = resuming ? before : addKeyVersion(config.dataKeyFile);
  out(resuming
    ? `上次的密钥轮换没有完成，继续把数据转到第 ${keyring.current} 版密钥 / resuming the unfinished rotation to key version ${keyring.current}`
    : `已在 ${config.dataKeyFile} 中加入第 ${keyring.current} 版密钥 / key version ${keyring.current} added`);
  const pd = personalData(createDataProtector(keyring));
  const done = await resealAll(db, pd, { onProgress: (table, n) => { if (n % 5000 === 0) out(`  ${table}: ${n}`); } });
  for (const [table, n] of Object.entries(done)) out(`  ${table}: ${n} 行已重新加密 / rows re-encrypted`);
  const behind = Object.entries(await rowsBehind(db, pd)).filter(([, n]) => n > 0);
  if (behind.length) {
    out(`错误：仍有数据使用旧密钥（${behind.map(([t, n]) => `${t} ${n}`).join('，')}），旧密钥保留；请再次运行 rotate-keys / rows still under an older key, old keys kept`);
    return 1;
  }
  // MACs are checked, then made again under the new key, before the old key goes: the audit chain (verified whole
  // first, so only a proven chain is carried over) and the conclusion seals (a broken one stays broken).
  const signed = await resignIntegrity(db, config, createDataProtector(keyring), out);
  if (!signed) return 1;
  const retired = [...keyring.keys.keys()].filter((v) => v !== keyring.current);
  retireOldKeys(config.dataKeyFile);
  out(`完成：所有数据已使用第 ${keyring.current} 版密钥，旧密钥 ${retired.map((v) => `第 ${v} 版`).join('、')} 已从密钥文件中删除。请立即重新备份密钥文件。`);
  out(`done: everything is under key version ${keyring.current}; retired ${retired.join(', ')}. Back up the key file again now.`);
  return 0;
}
