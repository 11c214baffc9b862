import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditLog } from '@landfall/audit';
import { CLOCK, DomainError, listRequest, toPage, type Clock } from '@landfall/common';
import { adminActor, type AdminPrincipal, type CallContext } from '@landfall/identity';
import { tklbamErrors } from '../domain/errors';
import type { TklbamCaller, TklbamProfileInfo } from '../domain/tklbam';
import {
  TKLBAM_PROFILE_SORT,
  TklbamProfileDto,
  type ListTklbamProfilesQuery,
  type TklbamProfilePageDto,
} from '../dto/tklbam-admin.dto';
import { TklbamProfilesRepository } from '../repositories/tklbam-profiles.repository';
import { tklbamEvent } from './tklbam-audit';

/** Backup profiles (tar.gz per TurnKey version): uploaded by admins, fetched by agents (`archive/`). */
@Injectable()
export class TklbamProfilesService {
  constructor(
    private readonly profiles: TklbamProfilesRepository,
    private readonly audit: AuditLog,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async timestamp(caller: TklbamCaller, call: CallContext, turnkeyVersion: string) {
    const info = await this.profiles.findInfo(turnkeyVersion);
    if (!info) throw tklbamErrors.archiveNotFound(turnkeyVersion);
    await this.audit.record(this.event(caller, call, 'tklbam.archive.timestamp', info));
    return { archive_timestamp: info.timestamp };
  }

  async archive(caller: TklbamCaller, call: CallContext, turnkeyVersion: string) {
    const info = await this.profiles.findInfo(turnkeyVersion);
    const archive = info && (await this.profiles.findArchive(turnkeyVersion));
    if (!info || !archive) throw tklbamErrors.archiveNotFound(turnkeyVersion);
    await this.audit.record(this.event(caller, call, 'tklbam.archive.get', info));
    // hub.py decodes it with base64.urlsafe_b64decode, which needs the padding.
    return { archive_content: archive.toString('base64').replace(/\+/g, '-').replace(/\//g, '_') };
  }

  async put(
    turnkeyVersion: string,
    archiveBase64: string,
    admin: AdminPrincipal,
    call: CallContext,
  ): Promise<TklbamProfileInfo> {
    const archive = Buffer.from(archiveBase64, 'base64');
    if (archive.length < 18 || archive[0] !== 0x1f || archive[1] !== 0x8b) {
      throw new DomainError('invalid', 'TKLBAM.PROFILE_NOT_GZIP', 'The archive must be a tar.gz (gzip) file');
    }
    const actor = adminActor(admin, call);
    const sha256 = createHash('sha256').update(archive).digest('hex');
    const { before, after } = await this.profiles.put(
      { turnkeyVersion, archive, sha256, uploadedBy: actor.id },
      new Date(this.clock.now()),
    );
    await this.audit.record({
      actor: actor,
      action: 'tklbam.profile.put',
      targetType: 'tklbam-profile',
      targetId: turnkeyVersion,
      before: before ? summary(before) : undefined,
      after: summary(after),
    });
    return after;
  }

  async list(query: ListTklbamProfilesQuery): Promise<TklbamProfilePageDto> {
    const request = listRequest(TKLBAM_PROFILE_SORT, query);
    const { rows, total } = await this.profiles.listPage(request);
    return toPage(rows, request, TklbamProfileDto.from, total);
  }

  async delete(turnkeyVersion: string, admin: AdminPrincipal, call: CallContext): Promise<TklbamProfileInfo> {
    const removed = await this.profiles.delete(turnkeyVersion);
    if (!removed) throw new DomainError('not_found', 'TKLBAM.PROFILE_NOT_FOUND', 'No such profile');
    const actor = adminActor(admin, call);
    await this.audit.record({
      actor: actor,
      action: 'tklbam.profile.delete',
      targetType: 'tklbam-profile',
      targetId: turnkeyVersion,
      before: summary(removed),
    });
    return removed;
  }

  private event(caller: TklbamCaller, call: CallContext, action: string, info: TklbamProfileInfo) {
    return tklbamEvent(caller, call, {
      action,
      targetType: 'tklbam-profile',
      targetId: info.turnkeyVersion,
      after: { timestamp: info.timestamp, sha256: info.sha256 },
    });
  }
}

function summary(info: TklbamProfileInfo): Record<string, unknown> {
  return { sha256: info.sha256, sizeBytes: info.sizeBytes, timestamp: info.timestamp };
}
