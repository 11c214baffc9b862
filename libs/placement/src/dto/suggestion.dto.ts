import { ApiProperty } from '@nestjs/swagger';
import { PageOf, PageQuery, SearchParam, SortParam, type SortCatalogue } from '@landfall/common';
import type { SuggestionView } from '../services/suggestions.service';

class SuggestionAffectedDto {
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
    type: SuggestionAffectedDto,
    description: 'Live backups in the scope stored elsewhere (they stay: sticky)',
  })
  affected!: SuggestionAffectedDto;

  static from(view: SuggestionView): SuggestionDto {
    return Object.assign(new SuggestionDto(), view);
  }
}

const SCOPE = { field: 'scope', kind: 'text' } as const;
export const SUGGESTION_SORT: SortCatalogue = {
  keys: { savedMs: { field: 'savedMs', kind: 'number' }, scope: SCOPE },
  default: '-savedMs',
  tieBreaker: SCOPE,
};

export class ListSuggestionsQuery extends PageQuery {
  @SortParam(SUGGESTION_SORT, 'by ms saved or scope') sort?: string;
  @SearchParam('the scope code or the place name') q?: string;
}

export class SuggestionPageDto extends PageOf(SuggestionDto) {}
