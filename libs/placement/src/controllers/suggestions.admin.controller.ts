import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
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
import { ListSuggestionsQuery, SuggestionPageDto } from '../dto/suggestion.dto';
import { SuggestionsService } from '../services/suggestions.service';

@ApiTags('admin: placement')
@Controller('admin/v1/placement/suggestions')
export class SuggestionsController {
  constructor(private readonly suggestions: SuggestionsService) {}

  @Get()
  @Admin('placement:read')
  @ApiOperation({
    summary: 'Index entries whose first choice the measurements say is materially slower',
    description:
      'Suggestions are computed in memory from the index and the latency estimates, not stored rows: they are ' +
      'paged with the same cursor, limit, sort, q and total contract as every admin list, over the suggestions ' +
      'open at the time of each request. A page boundary follows the sort values, so a suggestion that appears ' +
      'or changes between two requests may be missed or shown again.',
  })
  @ApiOkResponse({ type: SuggestionPageDto })
  list(@Query() query: ListSuggestionsQuery): Promise<SuggestionPageDto> {
    return this.suggestions.page(query);
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
