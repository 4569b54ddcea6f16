import { fold } from './fold';

/**
 * A title as part of a file name: ASCII letters and digits joined by dashes, without Vietnamese marks ("Hội nghị sơ
 * kết 6 tháng" → "hoi-nghi-so-ket-6-thang"), at most `max` characters, never ending in a dash. Office PCs and mail
 * clients keep such names intact.
 */
export function fileSlug(title: string, max = 50): string {
  return fold(title)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
}

/** `<prefix>-<slug of the title>-<first 4 characters of the id>.<ext>` (the slug left out when the title has none). */
export function titledFileName(prefix: string, title: string, id: string, ext: string): string {
  const slug = fileSlug(title);
  return `${[prefix, slug, id.slice(0, 4)].filter(Boolean).join('-')}.${ext}`;
}
