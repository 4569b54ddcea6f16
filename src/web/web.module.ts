import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { webPageHandlers } from './web-pages';

/**
 * Serves the built pages (`web/dist`) on the API's port. The handlers are added in `onModuleInit`, which Nest
 * runs after the API routes are registered and before its 404 handler, so `/api/*` always wins and unknown
 * API paths still get the JSON 404.
 */
@Module({})
export class WebModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const http = this.adapterHost.httpAdapter;
    if (!http || http.getType() !== 'express') return;
    for (const handler of webPageHandlers()) http.use(handler);
  }
}
