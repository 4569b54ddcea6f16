import { Module } from '@nestjs/common';
import { AgendaModule } from '../agenda/agenda.module';
import { ConferencesModule } from '../conferences/conferences.module';
import { ConferenceCopyController } from './conference-copy.controller';
import { ConferenceCopyService } from './conference-copy.service';

/**
 * Copy / reschedule (`POST /api/conferences/:id/copy`): composes the conferences and agenda features, which keep their
 * own rules and tables; a feature of its own because the agenda depends on conferences (never the reverse).
 */
@Module({
  imports: [ConferencesModule, AgendaModule],
  controllers: [ConferenceCopyController],
  providers: [ConferenceCopyService],
})
export class ConferenceCopyModule {}
