import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';

/** A git-style unified diff (`a/` and `b/` prefixes, 3 context lines); empty when nothing changed. */
export function unifiedDiff(file: string, before: string, after: string): string {
  if (before === after) return '';
  return createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, undefined, undefined, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
  });
}
