/** A web address in free text: http(s) only, up to a space; a closing punctuation mark after it stays text. */
const WEB_ADDRESS = /https?:\/\/[^\s<>"]*[^\s<>".,;:!?)\]}'”’]/g;

/** Free text cut into its plain parts and its web addresses (an operator's notice, shown with the addresses as links). */
export function webAddressParts(text: string): Array<{ text: string } | { href: string }> {
  const out: Array<{ text: string } | { href: string }> = [];
  let last = 0;
  for (const m of text.matchAll(WEB_ADDRESS)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index) });
    out.push({ href: m[0] });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}
