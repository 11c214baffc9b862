import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Admin } from '@landfall/identity';
import { AuditSealer, type AuditVerifyReport } from '@landfall/audit';

export class AuditFindingDto {
  @ApiProperty({
    enum: ['edited', 'deleted', 'seal-broken'],
    description:
      'edited: the row no longer matches its seal; deleted: a sealed row is gone; seal-broken: a seal itself',
  })
  kind!: 'edited' | 'deleted' | 'seal-broken';
  @ApiProperty() sealId!: string;
  @ApiPropertyOptional({ description: 'The edited or deleted row' }) rowId?: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'deleted: the sealed row before the gap',
  })
  after?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'deleted: the sealed row after the gap' })
  before?: string | null;
}

export class AuditVerifyReportDto {
  @ApiProperty({ description: 'True when every sealed row matches its seal' }) ok!: boolean;
  @ApiProperty() seals!: number;
  @ApiProperty() sealedRows!: number;
  @ApiProperty({ description: 'Rows written since the last seal (sealed within seconds)' })
  unsealedRows!: number;
  @ApiProperty({ type: AuditFindingDto, nullable: true }) finding!: AuditFindingDto | null;
}

@ApiTags('admin: audit')
@Controller('admin/v1')
export class AuditVerifyController {
  constructor(private readonly sealer: AuditSealer) {}

  @Get('audit-events::verify')
  @Admin('audit:read')
  @ApiOperation({
    summary:
      'Check the sealed audit trail against the database: the first edited row, or the gap of a deleted one',
  })
  @ApiOkResponse({ type: AuditVerifyReportDto })
  verify(): Promise<AuditVerifyReport> {
    return this.sealer.verify();
  }
}
