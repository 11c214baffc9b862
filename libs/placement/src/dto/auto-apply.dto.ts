import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsNumber, Max, Min } from 'class-validator';
import { OverrideDto } from './override.dto';
import type { IndexOverride } from '../repositories/overrides.repository';
import type { StoredPolicy } from '../repositories/auto-apply.repository';

export class AutoApplyPolicyInputDto {
  @ApiProperty({ description: 'Off by default' }) @IsBoolean() enabled!: boolean;

  @ApiProperty({ minimum: 1, maximum: 1000, example: 20, description: 'Expected ms saved per round trip' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(1000)
  minSavedMs!: number;

  @ApiProperty({
    minimum: 0.5,
    maximum: 1,
    example: 0.8,
    description: "Share of the entry's biggest places' people with confident estimates (evidence)",
  })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.5)
  @Max(1)
  minCoverage!: number;
}

export class AutoApplyPolicyDto extends AutoApplyPolicyInputDto {
  @ApiProperty({ type: String, nullable: true }) updatedBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt!: Date | null;

  static from(policy: StoredPolicy): AutoApplyPolicyDto {
    return Object.assign(new AutoApplyPolicyDto(), policy);
  }
}

export class AutoApplyResultDto {
  @ApiProperty({ type: AutoApplyPolicyDto }) policy!: AutoApplyPolicyDto;
  @ApiProperty({ type: [OverrideDto], description: 'Overrides the new policy made at once' })
  applied!: OverrideDto[];

  static from(result: { policy: StoredPolicy; applied: IndexOverride[] }): AutoApplyResultDto {
    return Object.assign(new AutoApplyResultDto(), {
      policy: AutoApplyPolicyDto.from(result.policy),
      applied: result.applied.map(OverrideDto.from),
    });
  }
}
