import { readFileSync } from 'node:fs';

/** One node of a V8 heap snapshot, as the tools here read it. */
export interface HeapNode {
  type: string;
  name: string;
  selfSize: number;
  /** Names of its property edges (what a plain object holds). */
  properties: () => string[];
}

interface RawSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } };
  nodes: number[];
  edges: number[];
  strings: string[];
}

/**
 * Reads a `.heapsnapshot` (Chrome's format, written by `--heapsnapshot-signal` or `v8.writeHeapSnapshot`) and calls
 * `visit` for every node. A snapshot of 10,000 connected points is ~300 MB of JSON: run the tools with
 * `--max-old-space-size=8000`.
 */
export function eachNode(file: string, visit: (node: HeapNode) => void): void {
  const s = JSON.parse(readFileSync(file, 'utf8')) as RawSnapshot;
  const { node_fields: nf, node_types: nt, edge_fields: ef, edge_types: et } = s.snapshot.meta;
  const [type, name, size, edgeCount] = ['type', 'name', 'self_size', 'edge_count'].map((f) => nf.indexOf(f));
  const [edgeType, edgeName] = ['type', 'name_or_index'].map((f) => ef.indexOf(f));
  let edge = 0;
  for (let i = 0; i < s.nodes.length; i += nf.length) {
    const first = edge;
    const count = s.nodes[i + edgeCount];
    edge += count;
    visit({
      type: nt[0][s.nodes[i + type]],
      name: s.strings[s.nodes[i + name]],
      selfSize: s.nodes[i + size],
      properties: () => {
        const out: string[] = [];
        for (let e = first; e < first + count; e++) {
          const kind = et[0][s.edges[e * ef.length + edgeType]];
          if (kind === 'property') out.push(s.strings[s.edges[e * ef.length + edgeName]]);
        }
        return out;
      },
    });
  }
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** A node's kind: its type and constructor or function name (strings: their start, ids written `<uuid>`). */
export function nodeKind(node: HeapNode): string {
  if (node.type.includes('string')) return `${node.type} ${node.name.slice(0, 30).replace(UUID, '<uuid>')}`;
  return `${node.type} ${node.name.slice(0, 40)}`;
}

/**
 * A plain object's property names (which object it is); null for every other node. Only properties that hold heap
 * values show: a snapshot has no edge for a small integer.
 */
export function objectShape(node: HeapNode): string | null {
  if (node.type !== 'object' || node.name !== 'Object') return null;
  const names = node.properties().filter((p) => p !== '__proto__' && p !== 'map');
  return `{${names.slice(0, 12).join(', ')}}`;
}

/** Counts and bytes per key. */
export type Tally = Map<string, { count: number; bytes: number }>;

export function tally(file: string, keyOf: (node: HeapNode) => string | null): Tally {
  const out: Tally = new Map();
  eachNode(file, (node) => {
    const key = keyOf(node);
    if (key === null) return;
    const t = out.get(key) ?? { count: 0, bytes: 0 };
    t.count++;
    t.bytes += node.selfSize;
    out.set(key, t);
  });
  return out;
}

/** One kind of node per unit added (a socket, a point): how many more, and how many more bytes. */
export interface PerUnit {
  key: string;
  count: number;
  bytes: number;
}

/** (larger − smaller) ÷ units, per key, the most bytes first: the fixed part of both heaps cancels out. */
export function perUnit(smaller: Tally, larger: Tally, units: number): PerUnit[] {
  const rows = [...new Set([...smaller.keys(), ...larger.keys()])].map((key) => {
    const a = smaller.get(key) ?? { count: 0, bytes: 0 };
    const b = larger.get(key) ?? { count: 0, bytes: 0 };
    return { key, count: (b.count - a.count) / units, bytes: (b.bytes - a.bytes) / units };
  });
  return rows.sort((p, q) => q.bytes - p.bytes);
}
