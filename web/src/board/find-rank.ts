import { fold } from '../../../src/common/text/fold';

/** What the board search needs of a point. */
export interface Findable {
  code: string;
  name: string;
}

/** Folded words: letters and digits, split at anything else ("An Hòa (2)" → ["an", "hoa", "2"]). */
const words = (folded: string) => folded.split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** Whether the query's words start consecutive words of the name: "an hoa" in "UBND xã An Hòa 3", not in "Xuân Hòa". */
function startsWords(nameWords: string[], queryWords: string[]): boolean {
  for (let i = 0; i + queryWords.length <= nameWords.length; i++) {
    if (queryWords.every((q, k) => nameWords[i + k].startsWith(q))) return true;
  }
  return false;
}

/**
 * The board search ("Tìm điểm cầu"): the points matching `query`, accent-insensitive, best first: the exact code, then
 * a code starting with it, then a name whose words start with the query's words, then the query anywhere in the name or
 * code. Points of one rank keep their order in `points`. Empty when the query folds to nothing.
 */
export function rankMatches<P extends Findable>(points: Iterable<P>, query: string): P[] {
  const needle = fold(query);
  if (!needle) return [];
  const queryWords = words(needle);
  const ranks: P[][] = [[], [], [], []];
  for (const p of points) {
    const code = fold(p.code);
    const name = fold(p.name);
    if (code === needle) ranks[0].push(p);
    else if (code.startsWith(needle)) ranks[1].push(p);
    else if (queryWords.length > 0 && startsWords(words(name), queryWords)) ranks[2].push(p);
    else if (name.includes(needle) || code.includes(needle)) ranks[3].push(p);
  }
  return ranks.flat();
}
