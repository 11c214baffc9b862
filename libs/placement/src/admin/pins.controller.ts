import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiConflictResponse,
} from '@nestjs/swagger';
import { UuidParamPipe } from '@landfall/common';
import {
  Admin,
  adminActor,
  Caller,
  CurrentAdmin,
  type AdminPrincipal,
  type CallContext,
} from '@landfall/identity';
import { CreatePinDto, ListPinsQuery, PinDto, PinPageDto } from './pin.dto';
import { PinsService } from './pins.service';

@ApiTags('admin: placement')
@Controller('admin/v1/placement-pins')
export class PinsController {
  constructor(private readonly pins: PinsService) {}

  @Get()
  @Admin('placement:read')
  @ApiOperation({
    summary: 'Pins, newest first: an appliance or a whole account sent to one region, ahead of the index',
  })
  @ApiOkResponse({ type: PinPageDto })
  async list(@Query() query: ListPinsQuery): Promise<PinPageDto> {
    const page = await this.pins.list(query);
    return { ...page, items: page.items.map(PinDto.from) };
  }

  @Post()
  @Admin('placement:write')
  @ApiOperation({
    summary: 'Pin an appliance or account to a region (new backups only: placement stays sticky)',
  })
  @ApiConflictResponse({ description: 'PIN.DUPLICATE: that appliance or account is already pinned' })
  @ApiCreatedResponse({ type: PinDto })
  async create(
    @Body() body: CreatePinDto,
    @CurrentAdmin() admin: AdminPrincipal,
    @Caller() call: CallContext,
  ): Promise<PinDto> {
    return PinDto.from(await this.pins.create(body, adminActor(admin, call)));
  }

  @Delete(':id')
  @HttpCode(204)
  @Admin('placement:write')
  @ApiOperation({ summary: 'Delete a pin; new backups are placed by the index again' })
  @ApiNoContentResponse()
  async remove(
    @Param('id', UuidParamPipe) id: string,
    @CurrentAdmin() admin: AdminPrincipal,
    @Caller() call: CallContext,
  ): Promise<void> {
    await this.pins.delete(id, adminActor(admin, call));
  }
}
