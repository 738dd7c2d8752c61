/** What a wizard draft holds: the answers so far, and a photo uploaded before the rest of its step was valid. */
export interface Draft<A extends object = Record<string, unknown>> { answers: A; pendingPhotoFileId?: number }
