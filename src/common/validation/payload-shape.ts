import type { Message } from '../errors/message';

/**
 * A cheap, iterative look at a decoded JSON payload before any validator or transformer walks it: a payload that is
 * too deep, too big or that names a prototype property is refused here, in time proportional to its size, instead of
 * overflowing class-transformer's recursion (a 500) or costing class-validator one error object per unknown key.
 */
export interface ShapeLimits {
  /** Nesting depth of objects and arrays (the payload itself is depth 1). */
  maxDepth: number;
  /** Objects, arrays and values in all. */
  maxNodes: number;
  /** Keys of any one object (no DTO has more than a few dozen fields). */
  maxKeys: number;
}

export const REST_SHAPE_LIMITS: ShapeLimits = { maxDepth: 16, maxNodes: 50_000, maxKeys: 100 };
export const WS_SHAPE_LIMITS: ShapeLimits = { maxDepth: 8, maxNodes: 12_000, maxKeys: 64 };

/** Keys that reach `Object.prototype` (`__proto__`, `constructor`, `toString`, `hasOwnProperty`, …): never a field. */
export function isPrototypeKey(key: string): boolean {
  return key in Object.prototype;
}

/**
 * The first problem with the payload's shape, or null: `field` for a prototype key (an unknown field like any other),
 * `size` for depth, size or key count. Messages Vietnamese first, then English.
 */
export interface ShapeProblem {
  kind: 'field' | 'size';
  message: Message;
}

export function shapeProblem(value: unknown, limits: ShapeLimits): ShapeProblem | null {
  const size = (message: Message): ShapeProblem => ({ kind: 'size', message });
  if (typeof value !== 'object' || value === null) return null;
  const stack: Array<[unknown, number]> = [[value, 1]];
  let nodes = 0;
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (++nodes > limits.maxNodes)
      return size({ vi: `Dữ liệu gửi lên quá lớn (hơn ${limits.maxNodes} phần tử)`, en: `The payload has more than ${limits.maxNodes} values` });
    if (typeof v !== 'object' || v === null) continue;
    if (depth > limits.maxDepth)
      return size({ vi: `Dữ liệu lồng nhau quá sâu (tối đa ${limits.maxDepth} cấp)`, en: `The payload is nested deeper than ${limits.maxDepth} levels` });
    if (Array.isArray(v)) {
      for (const item of v) stack.push([item, depth + 1]);
      continue;
    }
    const keys = Object.keys(v);
    if (keys.length > limits.maxKeys)
      return size({ vi: `Đối tượng có quá nhiều trường (hơn ${limits.maxKeys})`, en: `An object has more than ${limits.maxKeys} fields` });
    for (const k of keys) {
      if (isPrototypeKey(k)) return { kind: 'field', message: unknownField(k) };
      stack.push([(v as Record<string, unknown>)[k], depth + 1]);
    }
  }
  return null;
}

/** The words of an unknown field (the same as class-validator's whitelist rule). */
export function unknownField(name: string): Message {
  return { vi: `Trường ${name} không được phép gửi`, en: `property ${name} should not exist` };
}

/** At most `max` messages, then one saying how many more there were. */
export function capMessages(messages: Message[], max = 5): Message[] {
  if (messages.length <= max) return messages;
  const more = messages.length - max;
  return [...messages.slice(0, max), { vi: `… và ${more} lỗi khác`, en: `… and ${more} more` }];
}
