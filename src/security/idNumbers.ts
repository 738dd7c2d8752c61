import { DataProtector, PROTECTION_PURPOSES } from './dataProtector';

/** An ID number as stored in a table of its own: encrypted, with the blind index that finds its rows. */
export interface SealedIdNumber { id_number_enc: string; id_number_index: string; key_version: number }

/** The form every blind index of an ID number is taken of: trimmed, upper-case (a final x is X). */
export const normalisedIdNumber = (idNumber: string) => idNumber.trim().toUpperCase();

/**
 * The one way the 认定 tables seal and find ID numbers, so they agree with every other table that stores one
 * (`PROTECTION_PURPOSES.idNumber`, normalised as above).
 */
export function idNumberSealer(protector: DataProtector) {
  const indexOf = (idNumber: string) => protector.blindIndex(PROTECTION_PURPOSES.idNumber, normalisedIdNumber(idNumber));
  return {
    indexOf,
    seal: (idNumber: string): SealedIdNumber => ({ id_number_enc: protector.encryptText(normalisedIdNumber(idNumber)), id_number_index: indexOf(idNumber), key_version: protector.currentVersion }),
    open: (stored: string): string => protector.decryptText(stored),
  };
}
export type IdNumberSealer = ReturnType<typeof idNumberSealer>;
