import { applyDecorators, type Type as ClassType } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { sortTokens, type SortCatalogue } from './cursor';

/** Longest `q` a list accepts: a search box, not a document. */
export const MAX_SEARCH_LENGTH = 100;

/**
 * Cursor pagination every admin list shares: `cursor` is the previous page's `nextCursor` (made under the same
 * `sort`), `total=true` adds the size of the filtered set.
 */
export class PageQuery {
  @ApiPropertyOptional({
    description:
      'The nextCursor of the previous page, under the same sort (another sort: 400 REQUEST.INVALID_CURSOR)',
    maxLength: 1000,
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,1000}$/)
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: 'true: the page also carries `total`, the number of rows matching the filters (all pages)',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  total?: boolean;
}

/** `sort`: one of the list's documented keys, ascending or, with a leading `-`, descending. */
export function SortParam(catalogue: SortCatalogue, described: string): PropertyDecorator {
  const tokens = sortTokens(catalogue);
  return applyDecorators(
    ApiPropertyOptional({
      enum: tokens,
      default: catalogue.default,
      description: `Order: ${described}; \`-\` = descending. Ties are broken by ${catalogue.tieBreaker.field}.`,
    }),
    IsOptional(),
    IsIn(tokens),
  );
}

/** `q`: a case-insensitive substring of the named fields. */
export function SearchParam(fields: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      minLength: 1,
      maxLength: MAX_SEARCH_LENGTH,
      description: `Case-insensitive substring of ${fields}`,
    }),
    IsOptional(),
    IsString(),
    Length(1, MAX_SEARCH_LENGTH),
  );
}

/** The response of a cursor-paged list: `class AccountPageDto extends PageOf(AccountDto) {}`. */
export function PageOf<T>(item: ClassType<T>) {
  class PageDto {
    @ApiProperty({ type: [item] }) items!: T[];
    @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
    @ApiPropertyOptional({ description: 'Rows matching the filters, every page; only with total=true' })
    total?: number;
  }
  return PageDto;
}
