import SwaggerParser from '@apidevtools/swagger-parser';
import { createTestApp, type TestApp } from './helpers/test-app';

/** `/api/docs-json` must be a document a client generator accepts: checked by a real OpenAPI validator. */
describe('OpenAPI document (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('passes a real OpenAPI 3 validator (schema and every $ref resolved)', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    expect(doc.openapi).toMatch(/^3\./);
    // validate() throws on a schema violation or a $ref that names nothing (e.g. a schema missing from components).
    await expect(SwaggerParser.validate(structuredClone(doc))).resolves.toMatchObject({ openapi: doc.openapi });
  });

  it('describes the contract routes with their response schemas', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    const routes: [string, string][] = [
      ['/api/auth/login', 'post'],
      ['/api/points', 'get'],
      ['/api/points/{id}', 'patch'],
      ['/api/conferences', 'post'],
      ['/api/conferences/{id}', 'get'],
      ['/api/conferences/{id}/agenda', 'get'],
      ['/api/conferences/{id}/presence', 'get'],
      ['/api/conferences/{id}/attendance', 'get'],
    ];
    for (const [path, method] of routes) expect([path, method, doc.paths[path]?.[method] !== undefined]).toEqual([path, method, true]);
    const byLevel = doc.components.schemas.PresenceCountsResponse.properties.byLevel;
    expect(byLevel.additionalProperties).toEqual({ $ref: '#/components/schemas/LevelCountResponse' });
    expect(doc.components.schemas.LevelCountResponse.required).toEqual(['total', 'online']);
  });
});
