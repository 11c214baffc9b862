import { Injectable } from '@nestjs/common';
import { AuditLog } from '@landfall/audit';
import { DomainError, listRequest, toPage } from '@landfall/common';
import { adminActor, type AdminPrincipal, type CallContext } from '@landfall/identity';
import { BackupRepository } from '../backup.repository';
import { BACKUP_SORT, BackupDto, BackupPageDto, type ListBackupsQuery } from '../dto/backup.dto';

@Injectable()
export class AdminBackupsService {
  constructor(
    private readonly backups: BackupRepository,
    private readonly audit: AuditLog,
  ) {}

  async list(query: ListBackupsQuery): Promise<BackupPageDto> {
    const request = listRequest(BACKUP_SORT, query);
    const { rows, total } = await this.backups.listPage(query, request);
    return toPage(rows, request, BackupDto.from, total);
  }

  async get(id: string): Promise<BackupDto> {
    const backup = await this.backups.findById(id);
    if (!backup) throw new DomainError('not_found', 'BACKUP.NOT_FOUND', 'No such backup');
    return BackupDto.from(backup);
  }

  /** The appliance's next init then creates a new backup (placement decides afresh). */
  async retire(id: string, admin: AdminPrincipal, call: CallContext): Promise<BackupDto> {
    const before = await this.backups.findById(id);
    if (!before) throw new DomainError('not_found', 'BACKUP.NOT_FOUND', 'No such backup');
    const after = (await this.backups.retire(id))!;
    if (after.status === 'migrating') {
      throw new DomainError(
        'conflict',
        'BACKUP.MIGRATING',
        'The backup is being migrated: cancel its migration (POST /admin/v1/migrations/{id}/cancel) or let it finish, then retire it',
      );
    }
    if (before.status !== after.status) {
      await this.audit.record({
        actor: adminActor(admin, call),
        action: 'backup.retire',
        targetType: 'backup',
        targetId: id,
        before: { status: before.status },
        after: { status: after.status },
      });
    }
    return BackupDto.from(after);
  }
}
