import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

const BY_POINT = 'IDX_presence_events_conf_point_at';
const BY_CONFERENCE = 'IDX_presence_events_conf_id';

/**
 * The presence log is indexed in the order it is written (conference, then id) instead of by point. Each line went
 * into a random place of the point index, so a batch of 250 check-ins dirtied ~250 index pages: on SQLite (written
 * by the server's own thread) that was most of the log's cost during a burst (10,000 check-ins: ~22,000 page writes;
 * a micro-benchmark, 40 batches of 250 lines: 175–225 ms of CPU against 50–60 ms). Every read of the log is by
 * conference in id order (restart recovery, the report, the attendance export), which this index serves without a
 * sort; the few reads of one point (`GET …/presence/events?pointId=`, the host point's checkpoint lines) filter the
 * conference's lines (~11 ms for 100,000 lines).
 */
export class PresenceEventsByConference1765900000000 implements MigrationInterface {
  name = 'PresenceEventsByConference1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.dropIndex('presence_events', BY_POINT);
    await q.createIndex('presence_events', new TableIndex({ name: BY_CONFERENCE, columnNames: ['conference_id', 'id'] }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('presence_events', BY_CONFERENCE);
    await q.createIndex('presence_events', new TableIndex({ name: BY_POINT, columnNames: ['conference_id', 'point_id', 'at'] }));
  }
}
