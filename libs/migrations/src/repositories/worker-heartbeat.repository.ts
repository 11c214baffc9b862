import { Injectable } from '@nestjs/common';
import { PrismaService } from '@landfall/persistence';

export interface WorkerBeat {
  owner: string;
  host: string;
  pid: number;
  inProcess: boolean;
  startedAt: Date;
}

export interface LiveWorker extends WorkerBeat {
  seenAt: Date;
}

/** Which migration workers are alive: each beats every few seconds; a clean stop removes its row. */
@Injectable()
export class WorkerHeartbeatRepository {
  constructor(private readonly prisma: PrismaService) {}

  /** Records that `beat.owner` is alive now (the database's clock, so hub and worker clocks may differ). */
  async beat(beat: WorkerBeat): Promise<void> {
    await this.prisma.$executeRaw`
      INSERT INTO worker_heartbeats (owner, host, pid, in_process, started_at, seen_at)
      VALUES (${beat.owner}, ${beat.host}, ${beat.pid}, ${beat.inProcess}, ${beat.startedAt}, now())
      ON CONFLICT (owner) DO UPDATE SET seen_at = now()`;
  }

  async remove(owner: string): Promise<void> {
    await this.prisma.workerHeartbeat.deleteMany({ where: { owner } });
  }

  /** Workers seen within `withinSeconds`; rows older than a day are pruned on the way (killed workers). */
  async live(withinSeconds: number): Promise<LiveWorker[]> {
    await this.prisma.$executeRaw`DELETE FROM worker_heartbeats WHERE seen_at < now() - interval '1 day'`;
    return this.prisma.$queryRaw<LiveWorker[]>`
      SELECT owner, host, pid, in_process AS "inProcess", started_at AS "startedAt", seen_at AS "seenAt"
      FROM worker_heartbeats WHERE seen_at >= now() - make_interval(secs => ${withinSeconds})
      ORDER BY started_at`;
  }
}
