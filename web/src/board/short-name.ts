/** "UBND" or "Ủy ban nhân dân" ("Uỷ" spelled either way), any case, at the start of a name. */
const BODY = /^\s*(?:ubnd|[uủ][yỷ] ban nhân dân)(?:\s+|$)/iu;
/**
 * The level after it: "thị xã", "thị trấn", "thành phố", "huyện", "quận", "xã", "phường". Not "tỉnh": the province
 * "UBND tỉnh Bắc Ninh" would read like the city "UBND thành phố Bắc Ninh".
 */
const LEVEL = /^(?:thị xã|thị trấn|thành phố|huyện|quận|xã|phường)(?:\s+|$)/iu;

/**
 * The part of a site's name that tells it apart on a crowded board, without the administrative prefix every tile
 * shares: "UBND xã Xuân Hòa" → "Xuân Hòa", "Ủy ban nhân dân huyện Tiên Du" → "Tiên Du". A numbered ward keeps its level
 * ("UBND phường 3" → "phường 3"), so does a province ("UBND tỉnh Bắc Ninh" → "tỉnh Bắc Ninh"); a name that is nothing but a prefix ("UBND xã") keeps its full text.
 */
export function shortName(name: string): string {
  const full = name.normalize('NFC').trim();
  const afterBody = full.replace(BODY, '');
  if (afterBody === full) return name;
  const rest = afterBody.replace(LEVEL, '');
  if (!rest || /^tỉnh$/iu.test(rest)) return name;
  return /^\d+$/.test(rest) ? afterBody : rest;
}
