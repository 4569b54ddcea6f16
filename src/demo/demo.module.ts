import { Module } from '@nestjs/common';

/** Loads the Bắc Ninh demo into an empty database (filled in by the demo work). */
@Module({})
export class DemoModule {}
