import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Admin } from '@landfall/identity';
import { AccuracyDto, AccuracyQuery } from '../dto/accuracy.dto';
import { AccuracyService } from '../services/accuracy.service';

@ApiTags('admin: placement')
@Controller('admin/v1/placement/accuracy')
export class AccuracyController {
  constructor(private readonly accuracy: AccuracyService) {}

  @Get()
  @Admin('placement:read')
  @ApiOperation({
    summary:
      'How often reporting appliances are placed near their best measured region, by region and country',
  })
  @ApiOkResponse({ type: AccuracyDto })
  async get(@Query() query: AccuracyQuery): Promise<AccuracyDto> {
    return AccuracyDto.from(await this.accuracy.report(query.days));
  }
}
