import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type Storage = ReturnType<typeof getMetadataStorage>;
type Lookup = Storage['getTargetValidationMetadatas'];

const memoized = new WeakSet<Storage>();

/**
 * class-validator finds a DTO's rules, on every validation, by testing the DTO against every class that has rules
 * (`instanceof`, for inherited rules): its cost grows with the number of DTO classes in the application, not with the
 * DTO being validated. With the petitions and Zalo DTOs this became a tenth of a socket event's cost on the presence
 * hot path. The lookup's answer only changes when rules are registered (at class definition, i.e. module load), so it
 * is memoized per target and options, and the memo is cleared whenever a rule is added.
 *
 * Idempotent; the returned arrays are the ones class-validator builds and are never mutated by its executor.
 */
export function memoizeValidationMetadata(storage: Storage = getMetadataStorage()): void {
  if (memoized.has(storage)) return;
  memoized.add(storage);
  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const addRule = storage.addValidationMetadata.bind(storage);
  let memo = new Map<unknown, Map<string, ValidationMetadata[]>>();
  storage.addValidationMetadata = (metadata: ValidationMetadata): void => {
    memo = new Map();
    addRule(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}`;
    let perTarget = memo.get(target);
    if (!perTarget) memo.set(target, (perTarget = new Map()));
    let found = perTarget.get(key);
    if (!found) perTarget.set(key, (found = lookup(target, schema, always, strictGroups, groups)));
    return found;
  };
}
