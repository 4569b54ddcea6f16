import { getMetadataStorage, IsInt, IsString, MaxLength, validateSync } from 'class-validator';
import { memoizeValidationMetadata } from './metadata-cache';

describe('memoizeValidationMetadata', () => {
  class Base {
    @IsString()
    name!: string;
  }

  beforeAll(() => memoizeValidationMetadata());

  it('answers the same rules as class-validator, once computed per DTO', () => {
    const storage = getMetadataStorage();
    const first = storage.getTargetValidationMetadatas(Base, '', true, false);
    expect(first.map((m) => m.propertyName)).toEqual(['name']);
    expect(storage.getTargetValidationMetadatas(Base, '', true, false)).toBe(first);
    expect(validateSync(Object.assign(new Base(), { name: 3 }))).toHaveLength(1);
    expect(validateSync(Object.assign(new Base(), { name: 'Sở Tài chính' }))).toHaveLength(0);
  });

  it('forgets its answers when rules are added later, so a DTO defined afterwards (and its parents) are right', () => {
    const before = getMetadataStorage().getTargetValidationMetadatas(Base, '', true, false);
    class Child extends Base {
      @IsInt()
      count!: number;
    }
    class Stricter extends Base {
      @MaxLength(3)
      declare name: string;
    }
    const child = getMetadataStorage().getTargetValidationMetadatas(Child, '', true, false);
    expect(child.map((m) => m.propertyName).sort()).toEqual(['count', 'name']);
    expect(getMetadataStorage().getTargetValidationMetadatas(Base, '', true, false)).not.toBe(before);
    expect(validateSync(Object.assign(new Child(), { name: 'x', count: 'a' })).map((e) => e.property)).toEqual(['count']);
    expect(validateSync(Object.assign(new Stricter(), { name: 'quá dài' })).map((e) => e.property)).toEqual(['name']);
  });

  it('is idempotent: a second call does not wrap the lookup again', () => {
    const lookup = getMetadataStorage().getTargetValidationMetadatas;
    memoizeValidationMetadata();
    expect(getMetadataStorage().getTargetValidationMetadatas).toBe(lookup);
  });
});
