import type { AccountRow } from '../repositories/accounts';
import type { CertificatesRepo, CertificateRow } from '../repositories/certificates';
import { isVerifiedCertificate } from '../domain/manualCertificate';

/** 教师资格证书信息, 定期注册信息 and the public 证书查询, answered from this instance's data. */
export function createCertificateService(certificates: CertificatesRepo) {
  return {
    ofAccount: (account: AccountRow) => certificates.ofHolder(account.id_number, account.name),
    oneOfAccount: (account: AccountRow, id: number) => certificates.findOfHolder(id, account.id_number, account.name),
    recordsOfAccount: (account: AccountRow) => certificates.recordsOfHolder(account.id_number, account.name),
    recordOfAccount: (account: AccountRow, id: number) => certificates.findRecordOfHolder(id, account.id_number, account.name),
    /**
     * 其他查询: all three must match; the answer never says which one did not. Only certificates known to be
     * genuine (synced, or hand-entered and verified) are answered: an unverified one is only its holder's claim.
     */
    async publicQuery(name: string, idNumber: string, certNumber: string): Promise<CertificateRow | null> {
      const cert = await certificates.findByNumber(certNumber);
      if (!cert || cert.holder_name !== name || cert.id_number !== idNumber || !isVerifiedCertificate(cert)) return null;
      return cert;
    },
  };
}
export type CertificateService = ReturnType<typeof createCertificateService>;
