import { Module } from '@nestjs/common';

/** Serves the built pages from web/dist (filled in by the pages work). */
@Module({})
export class WebModule {}
