import { Module } from '@nestjs/common';

/** Agenda items, time cascade, ordering, current item (filled in by the agenda work). */
@Module({})
export class AgendaModule {}
