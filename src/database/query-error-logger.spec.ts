import { stripVTControlCharacters } from 'node:util';
import { jest } from '@jest/globals';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

describe('failed queries in the log', () => {
  let ds: DataSource;
  let printed: string[];
  const spies: Array<{ mockRestore(): void }> = [];

  beforeEach(async () => {
    ds = await new DataSource(dataSourceOptions({ type: 'sqlite', path: ':memory:' })).initialize();
    await ds.query('CREATE TABLE contacts (phone TEXT NOT NULL UNIQUE)');
    printed = [];
    for (const m of ['log', 'info', 'warn', 'error'] as const) {
      spies.push(jest.spyOn(console, m).mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' '))));
    }
  });
  afterEach(async () => {
    spies.splice(0).forEach((s) => s.mockRestore());
    await ds.destroy();
  });

  it('show the statement and the error, never the parameter values (a phone number here)', async () => {
    await ds.query('INSERT INTO contacts (phone) VALUES (?)', ['0912345678']);
    await expect(ds.query('INSERT INTO contacts (phone) VALUES (?)', ['0912345678'])).rejects.toThrow(/UNIQUE/);
    // TypeORM colours the statement when it thinks the output is a terminal or a CI log
    const out = stripVTControlCharacters(printed.join('\n'));
    expect(out).toContain('INSERT INTO contacts (phone) VALUES (?) -- 1 parameters (values not logged)');
    expect(out).toMatch(/UNIQUE constraint failed/);
    expect(out).not.toContain('0912345678');
  });
});
