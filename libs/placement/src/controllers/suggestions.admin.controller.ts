import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { DomainError } from '@landfall/common';
import {
  Admin,
  adminActor,
  Caller,
  CurrentAdmin,
  type AdminPrincipal,
  type CallContext,
} from '@landfall/identity';
import { OverrideDto } from '../dto/override.dto';
import { SuggestionsService, type SuggestionView } from '../services/suggestions.service';

class AffectedDto {
  @ApiProperty() backups!: number;
  @ApiProperty() appliances!: number;
}

export class SuggestionDto {
  @ApiProperty({ example: 'NL' }) scope!: string;
  @ApiProperty({ example: 'Netherlands' }) name!: string;
  @ApiProperty({ example: 'eu-central-1' }) current!: string;
  @ApiProperty({ example: 'eu-west-2' }) suggested!: string;
  @ApiProperty() currentMs!: number;
  @ApiProperty() suggestedMs!: number;
  @ApiProperty({ description: 'Expected ms saved per round trip' }) savedMs!: number;
  @ApiProperty({ description: 'Share of the entry’s population with confident estimates' }) coverage!: number;
  @ApiProperty() evidence!: string;
  @ApiProperty({
    type: AffectedDto,
    description: 'Live backups in the scope stored elsewhere (they stay: sticky)',
  })
  affected!: AffectedDto;

  static from(view: SuggestionView): SuggestionDto {
    return Object.assign(new SuggestionDto(), view);
  }
}

@ApiTags('admin: placement')
@Controller('admin/v1/placement/suggestions')
export class SuggestionsController {
  constructor(private readonly suggestions: SuggestionsService) {}

  @Get()
  @Admin('placement:read')
  @ApiOperation({ summary: 'Index entries whose first choice the measurements say is materially slower' })
  @ApiOkResponse({ type: [SuggestionDto] })
  async list(): Promise<SuggestionDto[]> {
    return (await this.suggestions.list()).map(SuggestionDto.from);
  }

  @Post(':scope/accept')
  @Admin('placement:write')
  @ApiOperation({ summary: 'Accept: an audited override whose reason cites the measurement' })
  @ApiCreatedResponse({ type: OverrideDto })
  @ApiNotFoundResponse({ description: 'SUGGESTION.NOT_FOUND' })
  async accept(
    @Param('scope') scope: string,
    @CurrentAdmin() admin: AdminPrincipal,
    @Caller() call: CallContext,
  ): Promise<OverrideDto> {
    return OverrideDto.from(await this.suggestions.accept(validScope(scope), adminActor(admin, call)));
  }

  @Post(':scope/dismiss')
  @HttpCode(204)
  @Admin('placement:write')
  @ApiOperation({ summary: 'Dismiss: hidden until the measured best for the scope changes' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'SUGGESTION.NOT_FOUND' })
  async dismiss(
    @Param('scope') scope: string,
    @CurrentAdmin() admin: AdminPrincipal,
    @Caller() call: CallContext,
  ): Promise<void> {
    await this.suggestions.dismiss(validScope(scope), adminActor(admin, call));
  }
}

function validScope(scope: string): string {
  if (!/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/.test(scope))
    throw new DomainError('invalid', 'SUGGESTION.INVALID_SCOPE', 'scope must look like "DE" or "US-CA"');
  return scope;
}
