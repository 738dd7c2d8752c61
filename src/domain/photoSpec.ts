/** The applicant photo the national system accepts (seed 004, design.md): JPEG, 290–300 × 408–418 px, under 190 KB. */
export const PHOTO_SPEC = {
  minWidth: 290, maxWidth: 300, minHeight: 408, maxHeight: 418, maxBytes: 190 * 1024,
  width: 295, height: 413, // what we produce: the middle of the ranges, the 1寸 portrait ratio
} as const;

export function meetsPhotoSpec(photo: { format: string; width: number; height: number; bytes: number }): boolean {
  return photo.format === 'jpeg'
    && photo.width >= PHOTO_SPEC.minWidth && photo.width <= PHOTO_SPEC.maxWidth
    && photo.height >= PHOTO_SPEC.minHeight && photo.height <= PHOTO_SPEC.maxHeight
    && photo.bytes < PHOTO_SPEC.maxBytes;
}
