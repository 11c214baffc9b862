import { Injectable } from '@nestjs/common';
import { PrismaService } from '@landfall/persistence';

/** A suggestion an operator dismissed: it stays hidden until measurements suggest another region for the scope. */
export interface SuggestionDismissal {
  scope: string;
  regionCode: string;
}

@Injectable()
export class SuggestionDismissalsRepository {
  constructor(private readonly prisma: PrismaService) {}

  async list(): Promise<SuggestionDismissal[]> {
    return this.prisma.placementSuggestionDismissal.findMany({ select: { scope: true, regionCode: true } });
  }

  /** Records (or renews, with a new author and time) the dismissal of `regionCode` for `scope`. */
  async dismiss(scope: string, regionCode: string, author: string): Promise<void> {
    await this.prisma.placementSuggestionDismissal.upsert({
      where: { scope_regionCode: { scope, regionCode } },
      create: { scope, regionCode, author },
      update: { author, dismissedAt: new Date() },
    });
  }
}
